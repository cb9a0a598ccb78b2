/// A JSON value with a fixed key order, so output is byte-for-byte deterministic.
public indirect enum JSONValue: Hashable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    /// A number kept as its exact text (e.g. `1754654400.123` for HEC seconds).
    case number(String)
    case string(String)
    case array([JSONValue])
    /// Keys in writing order.
    case object([(String, JSONValue)])

    public static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.number(x), .number(y)): return x == y
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .int(let i): h.combine(i)
        case .number(let s): h.combine(s)
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let o): for (k, v) in o { h.combine(k); h.combine(v) }
        }
    }

    public static func int(_ v: Int) -> JSONValue { .int(Int64(v)) }
    public static func optString(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }

    /// Compact serialisation (no spaces), non-ASCII kept as UTF-8, controls and U+2028/9 escaped.
    public var serialized: String { String(decoding: serializedBytes, as: UTF8.self) }

    /// `serialized` as UTF-8 bytes: what is written, and what it is built as (appending to a
    /// String checked and grew its storage on every piece of every value).
    public var serializedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1024)
        write(to: &out)
        return out
    }

    public func write(to out: inout [UInt8]) {
        switch self {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .number(let s): out += s.utf8
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, v) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                v.write(to: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            for (i, kv) in o.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                JSONValue.writeString(kv.0, to: &out)
                out.append(UInt8(ascii: ":"))
                kv.1.write(to: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `s` as a JSON string. Runs of bytes that need no escape (nearly all of them) are copied
    /// whole: appending scalar by scalar made writing a finding cost more than finding it.
    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var text = s
        text.withUTF8 { b in
            var run = 0, i = 0
            while i < b.count {
                let c = b[i]
                // Printable ASCII other than '"', '\\' and a '/' after '<' goes out as it is.
                if c >= 0x20 && c < 0x7F && c != 0x22 && c != 0x5C && !(c == 0x2F && i > 0 && b[i - 1] == 0x3C) {
                    i += 1
                    continue
                }
                let (u, width) = Self.scalar(in: b, at: i)
                guard let escape = Self.escape(u) else { i += width; continue }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<i]))
                out += escape.utf8
                i += width
                run = i
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: b[run..<b.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// How `u` is written inside a JSON string when not as itself: the short escapes, then
    /// controls, DEL, C1, bidi controls and the JS line separators as \u escapes (same value, but
    /// nothing that reorders or drives a terminal when a person views the NDJSON), and '/' (only
    /// asked for after '<') as "\/" so "</" cannot close a script element.
    private static func escape(_ u: Unicode.Scalar) -> String? {
        switch u {
        case "\"": return "\\\""
        case "\\": return "\\\\"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "/": return "\\/"
        default: return TerminalSafe.needsEscape(u) ? "\\u" + hex4(u.value) : nil
        }
    }

    /// The scalar whose UTF-8 encoding starts at `b[i]` (`b` is a String's: valid UTF-8), and its
    /// length in bytes.
    private static func scalar(in b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int) {
        let lead = UInt32(b[i])
        let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
        var v = width == 1 ? lead : lead & (0x7F >> UInt32(width))
        if width > 1 { for k in 1..<width { v = v << 6 | (UInt32(b[i + k]) & 0x3F) } }
        return (Unicode.Scalar(v)!, width)
    }

    static func hex4(_ v: UInt32) -> String {
        let s = String(v, radix: 16)
        return String(repeating: "0", count: max(0, 4 - s.count)) + s
    }

    // MARK: access

    public subscript(key: String) -> JSONValue? {
        if case .object(let o) = self { return o.first(where: { $0.0 == key })?.1 }
        return nil
    }
    public var stringValue: String? { if case .string(let s) = self { return s }; return nil }
    public var intValue: Int64? {
        switch self {
        case .int(let i): return i
        case .number(let s): return Int64(s)
        default: return nil
        }
    }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a }; return nil }
    public var isNull: Bool { if case .null = self { return true }; return false }
}

public struct JSONParseError: Error, CustomStringConvertible, Sendable {
    public var offset: Int
    public var message: String
    public var description: String { "JSON parse error at byte \(offset): \(message)" }
}

extension JSONValue {
    /// Parses one JSON text (RFC 8259). Keeps object key order.
    public static func parse(_ text: String) throws -> JSONValue {
        var p = JSONParser(bytes: Array(text.utf8))
        p.skipWS()
        let v = try p.value(depth: 0)
        p.skipWS()
        guard p.i == p.bytes.count else { throw JSONParseError(offset: p.i, message: "trailing data") }
        return v
    }
}

struct JSONParser {
    let bytes: [UInt8]
    var i = 0

    mutating func skipWS() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    func fail(_ m: String) -> JSONParseError { JSONParseError(offset: i, message: m) }

    mutating func value(depth: Int) throws -> JSONValue {
        guard depth < 128 else { throw fail("nesting too deep") }
        guard i < bytes.count else { throw fail("unexpected end") }
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var o: [(String, JSONValue)] = []
            skipWS()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
            while true {
                skipWS()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected key") }
                let k = try string()
                skipWS()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw fail("expected ':'") }
                i += 1
                skipWS()
                o.append((k, try value(depth: depth + 1)))
                skipWS()
                guard i < bytes.count else { throw fail("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "}") { i += 1; return .object(o) }
                throw fail("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            i += 1
            var a: [JSONValue] = []
            skipWS()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
            while true {
                skipWS()
                a.append(try value(depth: depth + 1))
                skipWS()
                guard i < bytes.count else { throw fail("unexpected end") }
                if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                if bytes[i] == UInt8(ascii: "]") { i += 1; return .array(a) }
                throw fail("expected ',' or ']'")
            }
        case UInt8(ascii: "\""):
            return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default:
            let start = i
            while i < bytes.count, let c = Optional(bytes[i]),
                  (c >= 0x30 && c <= 0x39) || c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                i += 1
            }
            guard i > start else { throw fail("unexpected character") }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if let n = Int64(text) { return .int(n) }
            guard Double(text) != nil else { throw fail("bad number") }
            return .number(text)
        }
    }

    mutating func literal(_ s: String) throws {
        let u = Array(s.utf8)
        guard i + u.count <= bytes.count, Array(bytes[i..<i + u.count]) == u else { throw fail("bad literal") }
        i += u.count
    }

    mutating func hex4() throws -> UInt32 {
        guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { throw fail("bad \\u escape") }
        i += 4
        return v
    }

    mutating func string() throws -> String {
        i += 1  // opening quote
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw fail("unterminated string") }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { i += 1; break }
            if c < 0x20 { throw fail("control character in string") }
            if c != UInt8(ascii: "\\") { out.append(c); i += 1; continue }
            i += 1
            guard i < bytes.count else { throw fail("unterminated escape") }
            let e = bytes[i]; i += 1
            switch e {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var v = try hex4()
                if (0xD800...0xDBFF).contains(v), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                    i += 2
                    let lo = try hex4()
                    if (0xDC00...0xDFFF).contains(lo) { v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00) } else { v = 0xFFFD }
                }
                let scalar = Unicode.Scalar(v) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(scalar).utf8))
            default: throw fail("bad escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
