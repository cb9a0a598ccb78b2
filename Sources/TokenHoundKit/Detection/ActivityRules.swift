/// Rules 5-8 for activity no replay finding already carries in its chain: recon from a foreign
/// network, bulk exports without history, quick deletes, and secret hunting.
struct ActivityRules {
    let context: AnalysisContext
    let builder: FindingBuilder
    let claimedSessions: Set<UInt64>
    let claimedAddressDays: Set<AddressDayKey>
    let claimedJobs: Set<String>

    /// The grant that opened each session (first by time).
    private func grantsByLoginKey() -> [UInt64: AttributedGrant] {
        var m: [UInt64: AttributedGrant] = [:]
        for g in context.grants {
            guard let k = g.event.loginKey, !k.isEmpty else { continue }
            let h = fnv1a64(k)
            if m[h] == nil { m[h] = g }
        }
        return m
    }

    private func isForeign(_ g: AttributedGrant?) -> Bool {
        guard let g, let b = context.baselines[g.app.key], !b.coldStart else { return false }
        return NetworkResolver.isJudgeable(g.network) && !b.networks.contains(g.network) && g.time >= b.learningEnd
    }

    func run() -> [Finding] {
        var findings: [Finding] = []
        let opening = grantsByLoginKey()

        // Rules 5 and 8 over sessions (sorted keys: deterministic).
        for key in context.store.sessions.keys.sorted() where !claimedSessions.contains(key) {
            let s = context.store.sessions[key]!
            let g = opening[key]
            let app = g?.app ?? s.appID.map { context.catalog.identity(id: $0) } ?? AppCatalog.unattributed(userAgentFamily: "(session)")
            let userKey = g?.userKey ?? s.user?.description ?? "(unknown)"
            let grants = g.map { [$0] } ?? []
            let foreign = isForeign(g)
            let recon = s.steps.filter { $0.kind == .recon }
            if foreign, !recon.isEmpty {
                var c = ConfidenceBuilder(base: 50, reason: "\(recon.count) reconnaissance call(s) in a session opened from a network outside the app's baseline")
                if let g, g.time.adding(millis: 10 * EventTime.minuteMillis) >= recon[0].time { c.add(10, "within minutes of the grant") }
                findings.append(builder.build(.init(
                    rule: RuleCatalog.reconAfterGrant, app: app, userKey: userKey, grants: grants, network: g?.network, confidence: c,
                    chain: ChainEvidence(steps: recon), summary: "\(app.ref.display): reconnaissance after a grant from a new network",
                    extraEvidence: recon.prefix(4).map(context.evidence(for:)),
                    firstSeen: g?.time ?? recon[0].time, lastSeen: recon.last!.time, eventCount: recon.count)))
            }
            let secrets = s.steps.filter { $0.kind == .secretSearch }
            if !secrets.isEmpty {
                findings.append(secretFinding(app: app, userKey: userKey, grant: g, steps: secrets, foreign: foreign))
            }
        }
        // Rule 8 where no LOGIN_KEY exists (ApiTotalUsage-only orgs).
        for key in context.store.addressActivity.keys.sorted(by: { ($0.user, $0.ip, $0.day) < ($1.user, $1.ip, $1.day) })
            where !claimedAddressDays.contains(key) {
            let s = context.store.addressActivity[key]!
            let secrets = s.steps.filter { $0.kind == .secretSearch }
            guard !secrets.isEmpty else { continue }
            let app = s.appID.map { context.catalog.identity(id: $0) } ?? AppCatalog.unattributed(userAgentFamily: "(api usage)")
            findings.append(secretFinding(app: app, userKey: key.user.description, grant: nil, steps: secrets, foreign: false))
        }

        // Rules 6 and 7 per bulk job.
        var bulkHistory: [String: EventTime] = [:]   // "app|user" -> first export
        for j in context.chains.jobs where j.isExport {
            let g = j.loginKey.flatMap { opening[fnv1a64($0)] }
            let k = "\(g?.app.key ?? "?")|\(j.user?.description ?? "?")"
            if bulkHistory[k] == nil { bulkHistory[k] = j.firstTime }
        }
        for j in context.chains.jobs where !claimedJobs.contains(j.jobID) {
            let g = j.loginKey.flatMap { opening[fnv1a64($0)] }
            let app = g?.app ?? AppCatalog.unattributed(userAgentFamily: "(bulk job)")
            let userKey = g?.userKey ?? j.user?.description ?? "(unknown)"
            let baseline = context.baselines[app.key]
            let quick = context.chains.isQuickDelete(j)
            let historyStart = bulkHistory["\(g?.app.key ?? "?")|\(j.user?.description ?? "?")"]
            let firstEver = j.isExport && historyStart == j.firstTime && baseline.map { !$0.coldStart && j.firstTime >= $0.learningEnd } ?? false
            let foreign = isForeign(g)
            let evidence = [EvidenceItem(file: context.path(j.location.file), line: Int(j.location.line), requestID: j.jobID, time: j.firstTime,
                                         summary: "Bulk API 2.0 \(j.operation) on \(j.entity), \(j.records) records" + (j.deleteDelaySeconds.map { ", deleted \($0) s after completing" } ?? ""))]
            var chain = ChainEvidence()
            if j.isExport { chain.bulkExports = [j] }
            if quick { chain.quickDeletes = [j] }
            if j.isExport && (firstEver || foreign) {
                var c = ConfidenceBuilder(base: 45, reason: firstEver ? "first Bulk API export by this app and user after the learning window" : "bulk export from a session opened outside the app's baseline networks")
                if firstEver && foreign { c.add(20, "and the session came from a network outside the baseline") }
                if quick { c.add(15, "the job was deleted \(j.deleteDelaySeconds ?? 0) s after completing (anti-forensics)") }
                findings.append(builder.build(.init(
                    rule: RuleCatalog.bulkExport, app: app, userKey: userKey, grants: g.map { [$0] } ?? [], network: g?.network, confidence: c,
                    chain: chain, summary: "\(app.ref.display): Bulk API export of \(j.entity) (\(j.records) records)" + (quick ? ", job deleted right after" : ""),
                    extraEvidence: evidence, firstSeen: j.firstTime, lastSeen: j.deleted ?? j.completed ?? j.firstTime, eventCount: 1)))
            } else if quick {
                // Rule 7 alone is weak: weighted up only with rules 1-6 (which claim the job above).
                let c = ConfidenceBuilder(base: 20, reason: "bulk job \(j.jobID) deleted \(j.deleteDelaySeconds ?? 0) s after completing, with no other replay signal on its session")
                findings.append(builder.build(.init(
                    rule: RuleCatalog.bulkJobDeleted, app: app, userKey: userKey, grants: g.map { [$0] } ?? [], network: g?.network, confidence: c,
                    chain: chain, summary: "\(app.ref.display): bulk job \(j.jobID) deleted \(j.deleteDelaySeconds ?? 0) s after completing",
                    extraEvidence: evidence, firstSeen: j.firstTime, lastSeen: j.deleted ?? j.firstTime, eventCount: 1)))
            }
        }
        return findings
    }

    private func secretFinding(app: AppCatalog.Identity, userKey: String, grant: AttributedGrant?, steps: [ActivityStep], foreign: Bool) -> Finding {
        var c = ConfidenceBuilder(base: 45, reason: "\(steps.count) query(ies) searching record text for credentials")
        if foreign {
            c.add(25, "from a session opened outside the app's baseline networks")
        } else if grant != nil {
            c.add(-20, "from the app's usual network by a known user: responders run the same searches after an incident")
        }
        return builder.build(.init(
            rule: RuleCatalog.secretHunting, app: app, userKey: userKey, grants: grant.map { [$0] } ?? [], network: grant?.network, confidence: c,
            chain: ChainEvidence(steps: steps), summary: "\(app.ref.display): secret-hunting queries (\(steps.count))",
            extraEvidence: steps.prefix(4).map(context.evidence(for:)), firstSeen: steps[0].time, lastSeen: steps.last!.time, eventCount: steps.count))
    }
}
