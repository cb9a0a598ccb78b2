/// Machine-readable summary (one JSON object, fixed key order, trailing newline). Findings use
/// the native `json` finding shape.
public enum SummaryJSON {
    public static func value(_ report: ScanReport) -> JSONValue {
        let facts = SummaryFacts(report)
        func t(_ e: EventTime?) -> JSONValue { e.map { .string($0.iso8601) } ?? .null }
        func counts(_ d: [String: Int]) -> JSONValue { .object(d.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) }) }
        let d = facts.diagnosticCounts
        return .object([
            ("tool", .string(report.tool)),
            ("tool_version", .string(report.toolVersion)),
            ("generated_at", .string(report.generatedAt.iso8601)),
            ("observed_from", t(report.observedFrom)),
            ("observed_to", t(report.observedTo)),
            ("totals", .object([
                ("input_files", .int(report.inputFiles)), ("rows_read", .int(report.rowsRead)),
                ("findings", .int(report.findings.count)), ("suppressed_findings", .int(report.suppressedFindings)),
                ("findings_by_level", .object(facts.levelCounts.map { ($0.0.name, .int($0.1)) })),
            ])),
            ("apps", .array(facts.apps.map { a in
                .object([
                    ("app", .object([("id", .optString(a.app.id)), ("name", .optString(a.app.name))])),
                    ("posture", .string(a.postureLine)), ("cvss_band", .string(a.cvssBand)),
                    ("refresh_grants", .int(a.refreshGrants)), ("ok_grants", .int(SummaryFacts.okGrants(a))), ("failed_grants", .int(a.failedGrants)),
                    ("users", .int(a.users)), ("networks", .array(a.networks.map(JSONValue.string))), ("network_count", .int(a.networkCount)), ("new_network_count", .int(a.newNetworkCount)),
                    ("new_networks", .array(a.newNetworks.map(JSONValue.string))),
                    ("first_seen", t(a.firstSeen)), ("last_seen", t(a.lastSeen)),
                    ("findings_by_level", counts(a.findingsByLevel)),
                    ("top_finding_ids", .array(a.topFindingIDs.map(JSONValue.string))),
                    ("baseline", .string(a.baselineState)),
                ])
            })),
            ("findings", .array(facts.findings.map(NativeJSON.encode))),
            ("coverage", .array(report.coverage.sorted(by: { $0.kind < $1.kind }).map { c in
                .object([
                    ("event_type", .string(c.kind.rawValue)), ("files", .array(c.files.map(JSONValue.string))), ("rows", .int(c.rows)),
                    ("duplicate_rows_dropped", .int(c.duplicateRowsDropped)), ("first_seen", t(c.firstSeen)), ("last_seen", t(c.lastSeen)),
                    ("header_generations", .array(c.headerGenerations.map(JSONValue.string))),
                    ("missing_days", .array(c.missingDays.map(JSONValue.string))), ("missing_hours", .int(c.missingHours)),
                    ("unknown_columns", counts(c.unknownColumns)), ("rejected_rows", counts(c.rejectedRows)),
                    ("unparsed_values", counts(c.unparsedValues)),
                ])
            })),
            ("rules_unavailable", .array(facts.unavailableRules.map {
                .object([("rule_id", .string($0.ruleID)), ("title", .string($0.title)), ("reason", .string($0.reason))])
            })),
            ("diagnostics", .object([("count", .int(report.diagnostics.count)), ("errors", .int(d.errors)),
                                     ("warnings", .int(d.warnings)), ("notes", .int(d.notes))])),
        ])
    }

    public static func render(_ report: ScanReport) -> String { value(report).serialized + "\n" }
}
