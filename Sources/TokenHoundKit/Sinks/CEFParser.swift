/// Parses one CEF record (optionally behind an RFC 5424 header) back into header fields and
/// unescaped extension pairs. For round-trip tests and for people piping CEF into tokenhound tools.
public struct CEFRecord: Sendable, Equatable {
    /// Version, vendor, product, device version, signature id, name, severity.
    public var header: [String]
    public var extensions: [(String, String)]
    public static func == (a: CEFRecord, b: CEFRecord) -> Bool {
        a.header == b.header && a.extensions.count == b.extensions.count && zip(a.extensions, b.extensions).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
    public subscript(key: String) -> String? { extensions.first(where: { $0.0 == key })?.1 }
    /// The value of `csN` / `cnN` whose label is `label`.
    public func custom(_ label: String) -> String? {
        guard let labelKey = extensions.first(where: { $0.0.hasSuffix("Label") && $0.1 == label })?.0 else { return nil }
        return self[String(labelKey.dropLast(5))]
    }
}

public enum CEFParser {
    public struct ParseError: Error, CustomStringConvertible, Sendable { public var description: String }

    public static func parse(_ line: String) throws -> CEFRecord {
        guard let start = line.range(of: "CEF:") else { throw ParseError(description: "no CEF: marker") }
        let scalars = Array(line[start.lowerBound...].unicodeScalars)
        var header: [String] = []
        var cur = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count, header.count < 7 {
            let u = scalars[i]
            if u == "\\", i + 1 < scalars.count, scalars[i + 1] == "\\" || scalars[i + 1] == "|" {
                cur.append(scalars[i + 1]); i += 2; continue
            }
            if u == "|" { header.append(String(cur)); cur = String.UnicodeScalarView(); i += 1; continue }
            cur.append(u); i += 1
        }
        guard header.count == 7 else { throw ParseError(description: "CEF header has \(header.count) of 7 fields") }
        return CEFRecord(header: header, extensions: try parseExtension(Array(scalars[i...])))
    }

    static func isKeyChar(_ u: Unicode.Scalar) -> Bool {
        (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "_" || u == "." || u == "-" || u == "[" || u == "]"
    }

    static func parseExtension(_ s: [Unicode.Scalar]) throws -> [(String, String)] {
        // Every unescaped '=' ends a key; the key starts after the preceding space (or at 0).
        var keyEnds: [Int] = []
        var i = 0
        while i < s.count {
            if s[i] == "\\" { i += 2; continue }
            if s[i] == "=" { keyEnds.append(i) }
            i += 1
        }
        var keyStarts: [Int] = []
        for e in keyEnds {
            var k = e
            while k > 0, isKeyChar(s[k - 1]) { k -= 1 }
            guard k < e, k == 0 || s[k - 1] == " " else { throw ParseError(description: "unescaped '=' in a value at \(e)") }
            keyStarts.append(k)
        }
        var out: [(String, String)] = []
        for (n, e) in keyEnds.enumerated() {
            let key = String(String.UnicodeScalarView(s[keyStarts[n]..<e]))
            var valueEnd = n + 1 < keyEnds.count ? keyStarts[n + 1] - 1 : s.count
            if n + 1 == keyEnds.count { while valueEnd > e + 1, s[valueEnd - 1] == "\n" || s[valueEnd - 1] == "\r" { valueEnd -= 1 } }
            out.append((key, unescape(s[(e + 1)..<max(e + 1, valueEnd)])))
        }
        return out
    }

    static func unescape(_ s: ArraySlice<Unicode.Scalar>) -> String {
        var out = String.UnicodeScalarView()
        var i = s.startIndex
        while i < s.endIndex {
            if s[i] == "\\", i + 1 < s.endIndex {
                switch s[i + 1] {
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(s[i + 1])
                }
                i += 2
            } else {
                out.append(s[i]); i += 1
            }
        }
        return String(out)
    }
}
