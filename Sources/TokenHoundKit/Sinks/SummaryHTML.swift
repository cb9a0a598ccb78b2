/// One self-contained HTML file: inline CSS, inline SVG, no scripts, no external URLs.
/// Every report string goes through `HTMLEscape.escape`.
public enum SummaryHTML {
    static let css = """
    body{font:14px/1.45 -apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif;color:#202124;margin:24px;background:#fff}
    h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:2px solid #e8eaed;padding-bottom:4px}
    h3{font-size:16px;margin:18px 0 6px}.meta{color:#5f6368;margin:0 0 12px}
    table{border-collapse:collapse;margin:6px 0 12px;width:100%}th,td{border:1px solid #dadce0;padding:4px 7px;text-align:left;vertical-align:top}
    th{background:#f1f3f4;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
    .lvl{display:inline-block;padding:1px 7px;border-radius:9px;font-size:12px;font-weight:600;color:#fff}
    .critical{background:#a50e0e}.high{background:#d93025}.medium{background:#e37400}.low{background:#1a73e8}.informational{background:#80868b}
    .card{border:1px solid #dadce0;border-radius:8px;padding:10px 14px;margin:12px 0;background:#fbfbfc}
    .mono,code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12.5px;word-break:break-all}
    .timeline{display:block;margin:6px 0 4px;max-width:100%;height:auto}.timeline .net,.timeline .tick{font:11px "DejaVu Sans Mono",monospace;fill:#3c4043}
    .legend span{margin-right:14px}.dot{display:inline-block;width:9px;height:9px;border-radius:50%;margin-right:4px}
    .box{display:inline-block;width:14px;height:9px;border:1.5px solid #d93025;background:rgba(217,48,37,.18);margin-right:4px}
    ul{margin:4px 0 4px 20px;padding:0}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px;margin:6px 0}dt{color:#5f6368}dd{margin:0}
    .warn{color:#a50e0e}
    """

    public static func render(_ report: ScanReport) -> String {
        let facts = SummaryFacts(report)
        let e = HTMLEscape.escape
        func badge(_ l: Level) -> String { "<span class=\"lvl \(l.name)\">\(l.name)</span>" }

        var o = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        o += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        o += "<title>\(e(report.tool)) scan summary \(report.generatedAt.iso8601)</title>\n<style>\n\(css)\n</style>\n</head>\n<body>\n"
        o += "<h1>\(e(report.tool)) scan summary</h1>\n"
        o += "<p class=\"meta\">Generated \(report.generatedAt.iso8601) by \(e(report.tool)) \(e(report.toolVersion)) · observed \(SummaryFacts.span(report.observedFrom, report.observedTo))</p>\n"
        let d = facts.diagnosticCounts
        o += "<p>\(e(facts.totalsLine)) · diagnostics: \(report.diagnostics.count) (\(d.errors) errors, \(d.warnings) warnings, \(d.notes) notes)</p>\n"

        // Summary table.
        o += "<h2>Connected apps</h2>\n<table>\n<tr><th>App</th><th>Posture</th><th>CVSS band</th><th>Grants ok</th><th>Failed</th><th>Users</th><th>Networks</th><th>New networks</th><th>Findings</th><th>First seen</th><th>Last seen</th><th>Baseline</th></tr>\n"
        for a in facts.apps {
            o += "<tr><td><a href=\"#app-\(anchor(a.app))\">\(e(a.app.display))</a>" + (a.app.name != nil && a.app.id != nil ? "<br><span class=\"mono\">\(e(a.app.id!))</span>" : "") + "</td>"
            o += "<td>\(e(a.postureLine.isEmpty ? "unknown" : a.postureLine))</td><td>\(e(a.cvssBand))</td>"
            o += "<td class=\"num\">\(SummaryFacts.okGrants(a))</td><td class=\"num\">\(a.failedGrants)</td><td class=\"num\">\(a.users)</td>"
            o += "<td class=\"num\">\(a.networkCount)</td><td>\(a.newNetworks.isEmpty ? "none" : a.newNetworks.map { "<span class=\"mono\">\(e($0))</span>" }.joined(separator: "<br>"))</td>"
            o += "<td>\(e(SummaryFacts.levelLine(a.findingsByLevel)))</td><td class=\"mono\">\(SummaryFacts.time(a.firstSeen))</td><td class=\"mono\">\(SummaryFacts.time(a.lastSeen))</td>"
            o += "<td>\(e(a.baselineState.isEmpty ? "-" : a.baselineState))</td></tr>\n"
        }
        o += "</table>\n"

        // Per-app timelines and top findings.
        for a in facts.apps {
            o += "<h2 id=\"app-\(anchor(a.app))\">\(e(a.app.display))</h2>\n"
            o += "<p>\(e(a.postureLine.isEmpty ? "Posture unknown" : a.postureLine)) · CVSS band \(e(a.cvssBand)) · \(a.refreshGrants) refresh grants (\(SummaryFacts.okGrants(a)) ok, \(a.failedGrants) failed) · \(a.users) users · baseline: \(e(a.baselineState.isEmpty ? "-" : a.baselineState))</p>\n"
            let appFindings = facts.findings.filter { $0.app == a.app }
            o += TimelineSVG.render(app: a, findings: appFindings, from: report.observedFrom, to: report.observedTo)
            o += "<p class=\"legend\"><span><i class=\"dot\" style=\"background:#1e8e3e\"></i>grant ok</span><span><i class=\"dot\" style=\"background:#9aa0a6\"></i>grant failed</span><span><i class=\"box\"></i>finding window</span>"
            if a.timeline.count < a.refreshGrants { o += "<span>(sample of \(a.timeline.count) of \(a.refreshGrants) grants)</span>" }
            o += "</p>\n"
            let top = facts.topFindings(a)
            if !top.isEmpty {
                o += "<ul>\n"
                for f in top { o += "<li>\(badge(f.level)) <b>\(f.riskScore)</b> <a href=\"#f-\(anchorID(f.id))\">\(e(f.ruleTitle))</a>: \(e(f.summary))</li>\n" }
                o += "</ul>\n"
            }
        }

        // Findings detail.
        o += "<h2>Findings</h2>\n"
        if facts.findings.isEmpty { o += "<p>No findings.</p>\n" }
        for f in facts.findings { o += findingCard(f) }

        // Coverage.
        o += "<h2>Data coverage</h2>\n<table>\n<tr><th>Event type</th><th>Files</th><th>Rows</th><th>Span</th><th>Missing days</th><th>Missing hours</th><th>Header generations</th><th>Rejected rows</th><th>Duplicates dropped</th></tr>\n"
        for c in report.coverage.sorted(by: { $0.kind < $1.kind }) {
            o += "<tr><td>\(e(c.kind.rawValue))</td><td class=\"num\">\(c.files.count)</td><td class=\"num\">\(c.rows)</td><td class=\"mono\">\(SummaryFacts.span(c.firstSeen, c.lastSeen))</td>"
            o += "<td\(c.missingDays.isEmpty ? "" : " class=\"warn\"")>\(e(SummaryFacts.missingDaysLine(c.missingDays)))</td><td class=\"num\">\(c.missingHours)</td>"
            o += "<td>\(c.headerGenerations.isEmpty ? "-" : c.headerGenerations.map(e).joined(separator: "<br>"))</td><td>\(e(SummaryFacts.dictLine(c.rejectedRows)))</td><td class=\"num\">\(c.duplicateRowsDropped)</td></tr>\n"
        }
        o += "</table>\n"
        if !facts.unavailableRules.isEmpty {
            o += "<h2>Rules that could not run</h2>\n<table>\n<tr><th>Rule</th><th>Title</th><th>Reason</th></tr>\n"
            for r in facts.unavailableRules { o += "<tr><td class=\"mono\">\(e(r.ruleID))</td><td>\(e(r.title))</td><td>\(e(r.reason))</td></tr>\n" }
            o += "</table>\n"
        }
        o += "</body>\n</html>\n"
        return o
    }

    static func findingCard(_ f: Finding) -> String {
        let e = HTMLEscape.escape
        var o = "<div class=\"card\" id=\"f-\(anchorID(f.id))\">\n"
        o += "<h3><span class=\"lvl \(f.level.name)\">\(f.level.name)</span> \(e(f.ruleTitle)) <span class=\"mono\">\(e(f.ruleID))</span></h3>\n"
        o += "<p>\(e(f.summary))</p>\n<dl>\n"
        func row(_ k: String, _ v: String, mono: Bool = false) { o += "<dt>\(k)</dt><dd\(mono ? " class=\"mono\"" : "")>\(v)</dd>\n" }
        row("Risk / impact / confidence", "\(f.riskScore) / \(f.impact) / \(f.confidence)")
        row("App", e(f.app.display) + (f.app.id.map { " <span class=\"mono\">\(e($0))</span>" } ?? ""))
        row("User", e(f.user.display) + (f.user.name != nil ? f.user.id.map { " <span class=\"mono\">\(e($0))</span>" } ?? "" : ""))
        row("Source IP / network", e(f.sourceIP ?? "-") + " · " + e(f.network ?? "-"), mono: true)
        row("User agent", e(f.userAgent ?? "-"), mono: true)
        row("Seen", "\(f.firstSeen.iso8601) .. \(f.lastSeen.iso8601) (\(f.eventCount) events)", mono: true)
        row("Secret / attribution", e(f.secretPresence.rawValue) + " · " + e(f.attribution.explanation))
        row("ATT&amp;CK", e(f.attackTechniqueID) + " " + e(f.attackTechniqueName))
        row("Finding id", e(f.id), mono: true)
        row("Detected", f.detectedAt.iso8601, mono: true)
        o += "</dl>\n"
        if !f.why.isEmpty { o += "<b>Why this severity</b>\n<ul>\n" + f.why.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n" }
        if !f.postureFacts.isEmpty { o += "<b>Configuration</b>\n<ul>\n" + f.postureFacts.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n" }
        if !f.chain.isEmpty {
            o += "<b>What the token did</b>\n<table>\n<tr><th>Time</th><th>Step</th><th>Detail</th></tr>\n"
            for c in f.chain { o += "<tr><td class=\"mono\">\(c.time.iso8601)</td><td>\(e(c.kind.rawValue))</td><td class=\"mono\">\(e(c.detail))</td></tr>\n" }
            o += "</table>\n"
        }
        if !f.evidence.isEmpty {
            o += "<b>Evidence</b>\n<table>\n<tr><th>File:line</th><th>Request id</th><th>Time</th><th>Summary</th></tr>\n"
            for v in f.evidence { o += "<tr><td class=\"mono\">\(e(v.file)):\(v.line)</td><td class=\"mono\">\(e(v.requestID))</td><td class=\"mono\">\(v.time.iso8601)</td><td>\(e(v.summary))</td></tr>\n" }
            o += "</table>\n"
        }
        if !f.indicators.isEmpty {
            o += "<b>Indicators</b>\n<ul>\n" + f.indicators.map { "<li>\(e($0.type)) <span class=\"mono\">\(e($0.indicator))</span> · \(e($0.campaign)) (\(e($0.source)), pack \(e($0.packVersion)))</li>\n" }.joined() + "</ul>\n"
        }
        o += "<p><b>Remediation:</b> \(e(f.remediation))</p>\n</div>\n"
        return o
    }

    /// A fragment id made of [A-Za-z0-9_-] only.
    static func anchorID(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { u in
            (u >= "a" && u <= "z") || (u >= "A" && u <= "Z") || (u >= "0" && u <= "9") || u == "-" || u == "_" ? u : "_"
        }))
    }
    static func anchor(_ a: AppRef) -> String { anchorID((a.id ?? "") + "-" + (a.name ?? "")) }
}
