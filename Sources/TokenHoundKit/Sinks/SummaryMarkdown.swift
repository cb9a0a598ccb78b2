/// Markdown summary to paste into a ticket (GitHub/GitLab/Jira-flavoured tables).
/// Cells are escaped by `SummaryMarkdown.cell`: controls made visible, `&`, `<`, `>` as entities
/// (no raw HTML), and `\`, `|`, backtick, `*`, `_`, `[`, `]` backslash-escaped.
public enum SummaryMarkdown {
    public static func cell(_ s: String) -> String {
        var out = ""
        for u in TerminalSafe.escape(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "|", "`", "*", "_", "[", "]": out += "\\"; out.unicodeScalars.append(u)
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    static func row(_ cells: [String]) -> String { "| " + cells.joined(separator: " | ") + " |\n" }
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        var o = row(header)
        o += "|" + String(repeating: " --- |", count: header.count) + "\n"
        for r in rows { o += row(r) }
        return o
    }

    public static func render(_ report: ScanReport) -> String {
        let facts = SummaryFacts(report)
        let c = cell
        var o = "# \(c(report.tool)) scan summary\n\n"
        o += "- Generated: \(report.generatedAt.iso8601) by \(c(report.tool)) \(c(report.toolVersion))\n"
        o += "- Observed: " + SummaryFacts.span(report.observedFrom, report.observedTo) + "\n"
        o += "- Totals: " + c(facts.totalsLine) + "\n"
        let d = facts.diagnosticCounts
        o += "- Diagnostics: \(report.diagnostics.count) (\(d.errors) errors, \(d.warnings) warnings, \(d.notes) notes)\n\n"

        o += "## Connected apps\n\n"
        o += table(["App", "Posture", "CVSS band", "Grants ok / failed", "Users", "Networks (new)", "Findings", "First seen", "Last seen", "Baseline"],
                   facts.apps.map { a in
                       [c(a.app.display) + (a.app.name != nil && a.app.id != nil ? " (" + c(a.app.id!) + ")" : ""),
                        c(a.postureLine.isEmpty ? "unknown" : a.postureLine), c(a.cvssBand),
                        "\(SummaryFacts.okGrants(a)) / \(a.failedGrants)", "\(a.users)",
                        "\(a.networkCount) (\(a.newNetworkCount) new" + (a.newNetworks.isEmpty ? "" : ": " + a.newNetworks.map(c).joined(separator: ", ")) + ")",
                        c(SummaryFacts.levelLine(a.findingsByLevel)), SummaryFacts.time(a.firstSeen), SummaryFacts.time(a.lastSeen),
                        c(a.baselineState.isEmpty ? "-" : a.baselineState)]
                   })
        o += "\n## Top findings\n\n"
        if facts.findings.isEmpty {
            o += "No findings.\n"
        } else {
            var rows: [[String]] = []
            for a in facts.apps {
                for f in facts.topFindings(a) {
                    rows.append([f.level.name, "\(f.riskScore)", c(f.app.display), c(f.ruleID), c(f.summary), c(f.user.display),
                                 c(f.sourceIP ?? "-"), f.firstSeen.iso8601, f.lastSeen.iso8601, c(f.id)])
                }
            }
            o += table(["Level", "Risk", "App", "Rule", "Summary", "User", "Source IP", "First seen", "Last seen", "Finding id"], rows)
        }
        o += "\n## Data coverage\n\n"
        o += table(["Event type", "Files", "Rows", "Span", "Missing days", "Missing hours", "Header generations", "Rejected rows", "Duplicates dropped"],
                   report.coverage.sorted(by: { $0.kind < $1.kind }).map { cv in
                       [c(cv.kind.rawValue), "\(cv.files.count)", "\(cv.rows)", SummaryFacts.span(cv.firstSeen, cv.lastSeen),
                        c(SummaryFacts.missingDaysLine(cv.missingDays)), "\(cv.missingHours)",
                        cv.headerGenerations.isEmpty ? "-" : cv.headerGenerations.map(c).joined(separator: "; "),
                        c(SummaryFacts.dictLine(cv.rejectedRows)), "\(cv.duplicateRowsDropped)"]
                   })
        if !facts.unavailableRules.isEmpty {
            o += "\n## Rules that could not run\n\n"
            o += table(["Rule", "Title", "Reason"], facts.unavailableRules.map { [c($0.ruleID), c($0.title), c($0.reason)] })
        }
        return o
    }
}
