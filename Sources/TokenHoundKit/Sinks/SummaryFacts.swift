/// Derived facts every summary renderer shows, computed once from a `ScanReport`, so text,
/// Markdown, HTML and JSON summaries cannot disagree.
struct SummaryFacts {
    let report: ScanReport
    let findingsByID: [String: Finding]
    /// Findings masked for output, highest risk first (ties by id).
    let findings: [Finding]
    let apps: [AppActivitySummary]
    let levelCounts: [(Level, Int)]
    let unavailableRules: [RuleAvailability]
    let diagnosticCounts: (errors: Int, warnings: Int, notes: Int)

    init(_ report: ScanReport) {
        self.report = report
        let masked = report.findings.map(\.maskedForOutput)
        findings = masked.sorted { ($0.riskScore, $1.id) > ($1.riskScore, $0.id) }
        var byID: [String: Finding] = [:]
        for f in masked { byID[f.id] = f }
        findingsByID = byID
        apps = report.apps.sorted { a, b in
            let wa = Self.worst(a), wb = Self.worst(b)
            return wa != wb ? wa > wb : a.app < b.app
        }
        levelCounts = Level.allCases.reversed().map { l in (l, masked.filter { $0.level == l }.count) }
        unavailableRules = report.rules.filter { !$0.canRun }.sorted { $0.ruleID < $1.ruleID }
        diagnosticCounts = (report.diagnostics.filter { $0.severity == .error }.count,
                            report.diagnostics.filter { $0.severity == .warning }.count,
                            report.diagnostics.filter { $0.severity == .note }.count)
    }

    static func worst(_ a: AppActivitySummary) -> Int {
        Level.allCases.reversed().first(where: { (a.findingsByLevel[$0.name] ?? 0) > 0 })?.rawValue ?? -1
    }

    /// Successful grants: `refreshGrants` counts all refresh grants, `failedGrants` the failed ones.
    static func okGrants(_ a: AppActivitySummary) -> Int { max(0, a.refreshGrants - a.failedGrants) }

    static func levelLine(_ byLevel: [String: Int]) -> String {
        let parts = Level.allCases.reversed().compactMap { l -> String? in
            let n = byLevel[l.name] ?? 0
            return n == 0 ? nil : "\(n) \(l.name)"
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    func topFindings(_ a: AppActivitySummary, limit: Int = 5) -> [Finding] {
        a.topFindingIDs.prefix(limit).compactMap { findingsByID[$0] }
    }

    static func time(_ t: EventTime?) -> String { t?.iso8601 ?? "-" }

    static func span(_ a: EventTime?, _ b: EventTime?) -> String {
        guard let a, let b else { return "-" }
        return a.iso8601 + " .. " + b.iso8601
    }

    static func sumValues(_ d: [String: Int]) -> Int { d.values.reduce(0, +) }

    /// "reason: n, reason: n" with keys sorted, or "0".
    static func dictLine(_ d: [String: Int]) -> String {
        d.isEmpty ? "0" : d.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ")
    }

    /// The first few missing days and how many more.
    static func missingDaysLine(_ days: [String], limit: Int = 6) -> String {
        if days.isEmpty { return "none" }
        let shown = days.prefix(limit).joined(separator: ", ")
        return days.count > limit ? "\(days.count): \(shown), +\(days.count - limit) more" : "\(days.count): \(shown)"
    }

    var totalsLine: String {
        "\(report.inputFiles) input files, \(report.rowsRead) rows, \(report.findings.count) findings (\(levelLineTotal))"
            + (report.suppressedFindings > 0 ? ", \(report.suppressedFindings) suppressed" : "")
    }

    var levelLineTotal: String {
        let parts = levelCounts.filter { $0.1 > 0 }.map { "\($0.1) \($0.0.name)" }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }
}
