/// Writes findings in one format. Call `write` per finding, then `finish` once (it flushes).
public protocol FindingSink {
    mutating func write(_ finding: Finding) throws
    mutating func finish() throws
}

/// A sink whose whole output is one line (or envelope) per finding.
struct LineSink: FindingSink {
    var writer: any ByteWriter
    let render: @Sendable (Finding) -> String

    mutating func write(_ finding: Finding) throws {
        try writer.write(Array(render(finding.maskedForOutput).utf8))
    }
    mutating func finish() throws { try writer.flush() }
}
