/// Rule 12, second half: `OauthToken` exports list refresh tokens that are still live. A token
/// unused for longer than `dormantDays` is exactly what the Drift victims found still valid weeks
/// after they stopped using the vendor: reported so it can be revoked before anyone replays it.
struct DormantHoldingsRule {
    let context: AnalysisContext
    let builder: FindingBuilder

    func run() -> [Finding] {
        let reference = context.dataEnd ?? context.options.detectionTime
        let limit = Int64(context.options.dormantDays) * EventTime.dayMillis
        var findings: [Finding] = []
        for h in context.store.holdings {
            guard let last = h.lastUsed ?? h.created, reference.millis - last.millis >= limit else { continue }
            let days = (reference.millis - last.millis) / EventTime.dayMillis
            let app = context.catalog.identity(name: h.appName)
            let userKey = h.user?.description ?? "(unknown)"
            var c = ConfidenceBuilder(base: 25, reason: "OauthToken export: a refresh token for \(h.appName) last used \(last.isoDate), \(days) days before the end of the data, is still live")
            if let uses = h.useCount, uses == 0 { c.add(-5, "never used since it was issued") }
            let evidence = EvidenceItem(file: context.path(h.location.file), line: Int(h.location.line), requestID: "", time: last,
                                        summary: "OauthToken row: \(h.appName), last used \(last.isoDate), use count \(h.useCount.map(String.init) ?? "?")")
            findings.append(builder.build(.init(
                rule: RuleCatalog.dormantReturn, app: app, userKey: userKey, grants: [], network: nil, confidence: c,
                summary: "\(app.ref.display): live refresh token of \(userKey) unused for \(days) days: revoke it if the integration is gone",
                extraEvidence: [evidence], firstSeen: last, lastSeen: last, eventCount: 1)))
        }
        return findings
    }
}

extension TokenHolding {
    func appNameMatches(_ name: String) -> Bool { appName.lowercased() == name.lowercased() }
}
