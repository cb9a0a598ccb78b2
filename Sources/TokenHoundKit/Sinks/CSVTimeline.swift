import Foundation

/// CSV timeline: a header row, then one row per finding ordered by first seen (then finding id).
/// RFC 4180: CRLF line ends; a cell containing `,`, `"`, CR or LF is quoted with `""` doubling.
///
/// Cells first have control characters escaped (see `cells`). Spreadsheet-formula neutralisation: a cell starting with `=`, `+`, `-`, `@`, tab, CR, LF, any
/// other C0 control or DEL gets a leading `'`, so Excel/LibreOffice/Sheets show it as text
/// instead of evaluating it. A cell that itself starts with `'` also gets one, which makes the
/// scheme reversible: `CSVTimeline.unneutralise` drops one leading `'` when a trigger or `'` follows.
public enum CSVTimeline {
    public static let columns = ["first_seen", "last_seen", "detected_at", "level", "risk_score", "rule_id", "app", "user_id",
                                 "user_name", "source_ip", "network", "user_agent", "event_count", "secret_presence", "summary", "finding_id"]

    /// Control characters (ESC, CR/LF, NUL, C1), bidi controls and line separators in the data
    /// become visible escapes (`TerminalSafe`), so a timeline viewed with `cat`/`less` cannot drive
    /// the terminal and every finding stays on one physical line.
    public static func cells(_ f: Finding) -> [String] {
        rawCells(f).map(TerminalSafe.escape)
    }

    static func rawCells(_ f: Finding) -> [String] {
        [f.firstSeen.iso8601, f.lastSeen.iso8601, f.detectedAt.iso8601, f.level.name, String(f.riskScore), f.ruleID, f.app.display,
         f.user.id ?? "", f.user.name ?? "", f.sourceIP ?? "", f.network ?? "", f.userAgent ?? "", String(f.eventCount),
         f.secretPresence.rawValue, f.summary, f.id]
    }

    static func isTrigger(_ u: Unicode.Scalar) -> Bool {
        u == "=" || u == "+" || u == "-" || u == "@" || u == "'" || u.value < 0x20 || u.value == 0x7F
    }

    public static func neutralise(_ cell: String) -> String {
        guard let first = cell.unicodeScalars.first, isTrigger(first) else { return cell }
        return "'" + cell
    }

    public static func unneutralise(_ cell: String) -> String {
        let u = cell.unicodeScalars
        guard u.count >= 2, u.first == "'", isTrigger(u[u.index(after: u.startIndex)]) else { return cell }
        return String(cell.unicodeScalars.dropFirst())
    }

    public static func quote(_ cell: String) -> String {
        let needs = cell.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needs else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    public static func row(_ cells: [String]) -> String {
        cells.map { quote(neutralise($0)) }.joined(separator: ",") + "\r\n"
    }
}

struct CSVTimelineSink: FindingSink {
    var writer: any ByteWriter
    var pending: [Finding] = []

    init(writer: any ByteWriter) { self.writer = writer }

    mutating func write(_ finding: Finding) throws { pending.append(finding.maskedForOutput) }

    mutating func finish() throws {
        var out = CSVTimeline.columns.joined(separator: ",") + "\r\n"
        for f in pending.sorted(by: { ($0.firstSeen, $0.id) < ($1.firstSeen, $1.id) }) { out += CSVTimeline.row(CSVTimeline.cells(f)) }
        pending = []
        try writer.write(Array(out.utf8))
        try writer.flush()
    }
}
