import Foundation
import TokenHoundKit

/// The stderr account of a scan: what was read, what was found, what could not be judged.
enum RunSummary {
    static func print(outcome: ScanOutcome, shown: [Finding], inScope: [Finding], elapsed: TimeInterval, minLevel: Level) {
        let r = outcome.report
        let mb = Double(outcome.ingest.decompressedBytes) / 1_000_000
        Terminal.error(String(format: "tokenhound: read %d file(s), %d rows, %.1f MB of CSV in %.2f s (%.0f MB/s)",
                              r.inputFiles, r.rowsRead, mb, elapsed, elapsed > 0 ? mb / elapsed : 0))
        if let from = r.observedFrom, let to = r.observedTo {
            Terminal.error("tokenhound: refresh grants observed \(from.iso8601) .. \(to.iso8601); \(r.apps.count) app(s); \(outcome.postures.count) app configuration(s)")
        }
        var byLevel: [String] = []
        for level in Level.allCases.reversed() {
            let n = inScope.filter { $0.level == level }.count
            if n > 0 { byLevel.append("\(n) \(level.name)") }
        }
        let hidden = inScope.count - shown.count
        Terminal.error("tokenhound: findings: " + (byLevel.isEmpty ? "none" : byLevel.joined(separator: ", "))
                       + (hidden > 0 ? " (\(hidden) below --min-level \(minLevel.name) not shown)" : "")
                       + (r.suppressedFindings > 0 ? "; \(r.suppressedFindings) suppressed by config" : ""))
        let kinds = r.coverage.map { "\($0.kind.rawValue) \($0.rows)" }.joined(separator: ", ")
        Terminal.error("tokenhound: coverage: " + (kinds.isEmpty ? "no recognised events" : kinds))
        for c in r.coverage where !c.missingDays.isEmpty {
            Terminal.error("tokenhound: coverage: \(c.kind.rawValue) has \(c.missingDays.count) gap(s) with no rows inside its span: \(c.missingDays.prefix(5).joined(separator: ", "))\(c.missingDays.count > 5 ? ", ..." : "")")
        }
        for c in r.coverage where c.headerGenerations.count > 1 {
            Terminal.error("tokenhound: coverage: \(c.kind.rawValue) header drift: \(c.headerGenerations.joined(separator: "; "))")
        }
        for rule in r.rules where !rule.canRun {
            Terminal.error("tokenhound: rule \(rule.ruleID) (\(rule.title)) could not run: \(rule.reason)")
        }
    }
}
