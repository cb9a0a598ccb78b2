/// Scan summary formats, all rendered from one `ScanReport`.
public enum SummaryFormat: String, Sendable, CaseIterable {
    case text, markdown, html, json

    /// Renders the summary. `colour` applies to `text` only.
    public func render(_ report: ScanReport, colour: Bool = false) -> String {
        switch self {
        case .text: return SummaryText.render(report, colour: colour)
        case .markdown: return SummaryMarkdown.render(report)
        case .html: return SummaryHTML.render(report)
        case .json: return SummaryJSON.render(report)
        }
    }

    public func write(_ report: ScanReport, colour: Bool = false, to writer: inout some ByteWriter) throws {
        try writer.write(Array(render(report, colour: colour).utf8))
        try writer.flush()
    }
}
