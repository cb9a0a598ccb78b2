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
        line.removeAll(keepingCapacity: true)
        for (i, f) in fields.enumerated() {
            if i > 0 { line.append(UInt8(ascii: ",")) }
            append(f)
        }
        line.append(UInt8(ascii: "\n"))
        try line.withUnsafeBytes { try sink.write($0) }
        rows += 1
    }

    private func append(_ value: String) {
        var v = value
        v.withUTF8 { bytes in
            let needsQuotes: Bool
            switch quoting {
            case .always: needsQuotes = true
            case .minimal:
                needsQuotes = bytes.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            }
            if !needsQuotes { line.append(contentsOf: bytes); return }
            line.append(UInt8(ascii: "\""))
            for b in bytes {
                if b == UInt8(ascii: "\"") { line.append(b) }
                line.append(b)
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
