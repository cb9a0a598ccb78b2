/// The finding output formats, each a projection of `Finding`.
public enum FindingFormat: String, Sendable, CaseIterable {
    case json, ocsf, ecs, hec, cef, csv, text

    /// Validates `options` and returns a sink writing to `writer`.
    public func makeSink(options: SinkOptions = SinkOptions(), writer: any ByteWriter) throws -> any FindingSink {
        try options.validate()
        switch self {
        case .json: return LineSink(writer: writer) { NativeJSON.encode($0).serialized + "\n" }
        case .ocsf: return LineSink(writer: writer) { OCSF.detectionFinding($0, options: options).serialized + "\n" }
        case .ecs: return LineSink(writer: writer) { ECS.line($0, options: options) }
        case .hec: return LineSink(writer: writer) { HEC.envelope($0, options: options).serialized + "\n" }
        case .cef: return LineSink(writer: writer) { CEF.line($0, options: options) }
        case .csv: return CSVTimelineSink(writer: writer)
        case .text: return TextSink(writer: writer, options: options)
        }
    }

    /// Renders `findings` in one call (tests, small outputs).
    public func render(_ findings: [Finding], options: SinkOptions = SinkOptions()) throws -> String {
        let buffer = BufferWriter()
        var sink = try makeSink(options: options, writer: buffer)
        for f in findings { try sink.write(f) }
        try sink.finish()
        return buffer.string
    }
}
