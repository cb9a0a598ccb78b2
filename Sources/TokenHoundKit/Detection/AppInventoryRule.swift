/// Rule 10: apps that appear after the learning window, apps missing from the approved list, and
/// Data Loader clients under another app's name (UNC6040's "My Ticket Portal").
struct AppInventoryRule {
    let context: AnalysisContext
    let builder: FindingBuilder

    func run() -> [Finding] {
        var findings: [Finding] = []
        guard let start = context.dataStart else { return [] }
        let learningEnd = start.adding(millis: Int64(context.options.learningDays) * EventTime.dayMillis)
        let dataLongEnough = (context.dataEnd ?? start) >= learningEnd
        let approved = context.options.approvedApps
        // Judged once per client family (a few dozen), not per grant.
        var loaderFamilies = MemoTable<VerbatimString, Bool>()
        for analysis in context.apps where !analysis.identity.key.hasPrefix("unattributed:") {
            let app = analysis.identity, gs = analysis.grants
            guard let first = gs.first else { continue }
            let name = (app.ref.name ?? app.ref.id ?? "").lowercased()
            let isApproved = approved.contains(name) || (app.ref.id.map { approved.contains($0.lowercased()) } ?? false)
            let loaderGrants = gs.filter { g in
                loaderFamilies.value(for: VerbatimString(g.userAgentFamily)) { g.userAgentFamily.replacingOccurrences(of: " ", with: "").contains("dataloader") }
            }
            let looksLikeLoader = !loaderGrants.isEmpty && !name.contains("data loader") && !name.contains("dataloader")
            let isNew = dataLongEnough && first.time >= learningEnd
            let unapproved = !approved.isEmpty && !isApproved
            guard looksLikeLoader || ((isNew || unapproved) && !isApproved) else { continue }
            var c: ConfidenceBuilder
            if looksLikeLoader {
                c = ConfidenceBuilder(base: 60, reason: "a Data Loader client (\(loaderGrants[0].event.userAgent)) authorised under the name \(app.ref.display): the UNC6040 pattern")
                if unapproved { c.add(15, "and the app is not on the approved list") }
            } else if unapproved {
                c = ConfidenceBuilder(base: 45, reason: "\(app.ref.display) is not on the approved_apps list")
                if isNew { c.add(10, "first seen \(first.time.isoDate), after the learning window") }
            } else {
                c = ConfidenceBuilder(base: 30, reason: "\(app.ref.display) first seen \(first.time.isoDate), after the learning window (no approved_apps list configured)")
            }
            let users = Set(gs.map(\.userKey)).count
            findings.append(builder.build(.init(
                rule: RuleCatalog.newApp, app: app, userKey: gs[0].userKey, grants: looksLikeLoader ? loaderGrants : gs, network: nil, confidence: c,
                summary: looksLikeLoader ? "\(app.ref.display): Data Loader look-alike (\(users) user(s))"
                    : "\(app.ref.display): \(unapproved ? "unapproved" : "new") connected app (\(gs.count) grant(s), \(users) user(s))")))
        }
        return findings
    }
}
