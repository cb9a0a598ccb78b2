/// Terminal summary; every report string through `TerminalSafe.escape`.
public enum SummaryText {
    public static func render(_ report: ScanReport, colour: Bool = false) -> String {
        let facts = SummaryFacts(report)
        let s = TerminalSafe.escape
        func bold(_ x: String) -> String { colour ? "\u{1b}[1m" + x + "\u{1b}[0m" : x }
        func lvl(_ l: Level, _ x: String) -> String { colour ? TextRenderer.ansi(l) + x + "\u{1b}[0m" : x }

        var o = bold("\(s(report.tool)) \(s(report.toolVersion)) scan summary") + "  generated \(report.generatedAt.iso8601)\n"
        o += "Observed: " + SummaryFacts.span(report.observedFrom, report.observedTo) + "\n"
        o += "Totals:   " + facts.totalsLine + "\n\n"

        for a in facts.apps {
            var name = s(a.app.display)
            if a.app.name != nil, let id = a.app.id { name += " (" + s(id) + ")" }
            o += bold("== " + name + " ==") + "\n"
            o += "  posture:   " + s(a.postureLine.isEmpty ? "unknown" : a.postureLine) + "  [CVSS " + s(a.cvssBand) + "]\n"
            o += "  grants:    \(a.refreshGrants) refresh grants (\(SummaryFacts.okGrants(a)) ok, \(a.failedGrants) failed), \(a.users) users\n"
            o += "  networks:  \(a.networkCount)" + (a.networks.isEmpty ? "" : " (" + a.networks.map(s).joined(separator: ", ") + ")") + "\n"
            o += "  new:       " + (a.newNetworks.isEmpty ? "none" : a.newNetworks.map(s).joined(separator: ", ")) + "\n"
            o += "  seen:      " + SummaryFacts.span(a.firstSeen, a.lastSeen) + "\n"
            o += "  baseline:  " + s(a.baselineState.isEmpty ? "-" : a.baselineState) + "\n"
            o += "  findings:  " + SummaryFacts.levelLine(a.findingsByLevel) + "\n"
            for f in facts.topFindings(a) {
                o += "    " + lvl(f.level, "[" + f.level.name.uppercased() + " \(f.riskScore)]") + " " + s(f.ruleTitle) + ": " + s(f.summary) + "\n"
            }
            o += "\n"
        }

        o += bold("Data coverage") + "\n"
        if report.coverage.isEmpty { o += "  (no input recognised)\n" }
        for c in report.coverage.sorted(by: { $0.kind < $1.kind }) {
            o += "  \(c.kind.rawValue): \(c.files.count) files, \(c.rows) rows, span " + SummaryFacts.span(c.firstSeen, c.lastSeen) + "\n"
            o += "    missing days " + s(SummaryFacts.missingDaysLine(c.missingDays)) + "; missing hours \(c.missingHours); duplicates dropped \(c.duplicateRowsDropped)\n"
            o += "    headers: " + (c.headerGenerations.isEmpty ? "-" : c.headerGenerations.map(s).joined(separator: "; ")) + "\n"
            o += "    rejected rows: " + s(SummaryFacts.dictLine(c.rejectedRows)) + "\n"
        }
        if !facts.unavailableRules.isEmpty {
            o += "\n" + bold("Rules that could not run") + "\n"
            for r in facts.unavailableRules { o += "  " + s(r.ruleID) + " " + s(r.title) + ": " + s(r.reason) + "\n" }
        }
        let d = facts.diagnosticCounts
        o += "\nDiagnostics: \(report.diagnostics.count) (\(d.errors) errors, \(d.warnings) warnings, \(d.notes) notes)\n"
        return o
    }
}
