/// Writes CSV rows (RFC 4180) to a sink.
///
/// `.always` quotes every value, the Event Log File style (`"a","",""`); `.minimal` quotes only
/// values containing a comma, quote, CR or LF, the `sf data query --result-format csv` style.
/// A quote inside a value is doubled in both styles. Lines end with LF.
final class CSVWriter {
    enum Quoting { case always, minimal }

    let sink: ByteSink
    let quoting: Quoting
    private var line: [UInt8] = []
    private(set) var rows = 0

    init(sink: ByteSink, quoting: Quoting) {
        self.sink = sink
        self.quoting = quoting
        line.reserveCapacity(4096)
    }

    func writeRow(_ fields: [String]) throws {
        // Work on a local buffer: touching the stored property per byte costs a dynamic
        // exclusivity check each time.
        var buf: [UInt8] = []
        swap(&buf, &line)
        buf.removeAll(keepingCapacity: true)
        for (i, f) in fields.enumerated() {
            if i > 0 { buf.append(UInt8(ascii: ",")) }
            Self.append(f, quoting, to: &buf)
        }
        buf.append(UInt8(ascii: "\n"))
        try buf.withUnsafeBytes { try sink.write($0) }
        swap(&buf, &line)
        rows += 1
    }

    private static func append(_ value: String, _ quoting: Quoting, to line: inout [UInt8]) {
        var v = value
        v.withUTF8 { bytes in
            let hasQuote = bytes.contains(UInt8(ascii: "\""))
            let needsQuotes: Bool
            switch quoting {
            case .always: needsQuotes = true
            case .minimal:
                needsQuotes = hasQuote || bytes.contains { $0 == UInt8(ascii: ",") || $0 == 10 || $0 == 13 }
            }
            if !needsQuotes { line.append(contentsOf: bytes); return }
            line.append(UInt8(ascii: "\""))
            if hasQuote {
                for b in bytes {
                    if b == UInt8(ascii: "\"") { line.append(b) }
                    line.append(b)
                }
            } else {
                line.append(contentsOf: bytes)
            }
            line.append(UInt8(ascii: "\""))
        }
    }

    func close() throws { try sink.close() }
}

/// Writes a small text file at once (README-free artefacts such as XML metadata).
func writeTextFile(_ path: String, _ text: String) throws {
    let sink = try FileSink(path: path)
    var t = text
    try t.withUTF8 { try sink.write(UnsafeRawBufferPointer($0)) }
    try sink.close()
}
