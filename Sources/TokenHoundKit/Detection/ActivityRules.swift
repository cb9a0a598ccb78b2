/// Rules 5-8 for activity no replay finding already carries in its chain: recon from a foreign
/// network, bulk exports without history, quick deletes that are not routine, and secret hunting.
/// Like every rule, one finding per (rule, app, user, network) episode.
struct ActivityRules {
    let context: AnalysisContext
    let builder: FindingBuilder
    let claimedSessions: Set<UInt64>
    let claimedAddressDays: Set<AddressDayKey>
    let claimedJobs: Set<String>

    private struct EpisodeKey: Hashable, Comparable {
        var rule: String, app: String, user: String, network: NetworkKey?
        static func < (a: EpisodeKey, b: EpisodeKey) -> Bool {
            (a.rule, a.app, a.user, a.network?.description ?? "") < (b.rule, b.app, b.user, b.network?.description ?? "")
        }
    }

    private struct Episode {
        var app: AppCatalog.Identity
        var grants: [AttributedGrant] = []
        var steps: [ActivityStep] = []
        var jobs: [BulkJobSummary] = []
        var foreign = false
        var knownSession = false
        var firstEverBulk = false
    }

    private func isForeign(_ g: AttributedGrant?) -> Bool {
        guard let g else { return false }
        return context.app(of: g)?.baseline.isForeign(g) ?? false
    }

    func run() -> [Finding] {
        var episodes: [EpisodeKey: Episode] = [:]
        func add(_ rule: RuleDescriptor, app: AppCatalog.Identity, user: String, grant: AttributedGrant?, _ update: (inout Episode) -> Void) {
            let key = EpisodeKey(rule: rule.id, app: app.key, user: user, network: grant?.network)
            var e = episodes[key] ?? Episode(app: app)
            if let grant, !e.grants.contains(where: { $0.event.requestID == grant.event.requestID && $0.time == grant.time }) { e.grants.append(grant) }
            update(&e)
            episodes[key] = e
        }

        // Only sessions with recon or secret-hunting steps can add to an episode: picked out in one
        // pass over the store (most sessions have neither), then judged in key order.
        let candidates = context.store.sessions.keys(withStepOf: [.recon, .secretSearch]).filter { !claimedSessions.contains($0) }
        // The grants that opened the sessions and bulk jobs judged here (`nil` for none).
        let opening = context.openers(of: Set(candidates).union(context.chains.jobs.lazy.compactMap { $0.loginKey.map { fnv1a64($0) } }))
        for key in candidates.sorted() {
            let g = opening[key]
            let foreign = isForeign(g)
            // Recon only counts from a foreign network: only then are its steps worth copying out.
            let s = context.store.sessions.evidence(of: key, keepingSteps: { kind, _ in
                kind == .secretSearch || (foreign && kind == .recon)
            })!
            let app = g?.app ?? s.appID.map { context.catalog.identity(id: $0) } ?? AppCatalog.unattributed(userAgentFamily: "(session)")
            let user = g?.userKey ?? s.user?.description ?? "(unknown)"
            if foreign {
                let recon = s.steps.steps(ofKind: .recon)
                if !recon.isEmpty {
                    add(RuleCatalog.reconAfterGrant, app: app, user: user, grant: g) { $0.steps += recon; $0.foreign = true }
                }
            }
            let secrets = s.steps.steps(ofKind: .secretSearch)
            if !secrets.isEmpty {
                add(RuleCatalog.secretHunting, app: app, user: user, grant: g) {
                    $0.steps += secrets; $0.foreign = $0.foreign || foreign; $0.knownSession = $0.knownSession || g != nil
                }
            }
        }
        // Secret hunting where no LOGIN_KEY exists (ApiTotalUsage-only orgs).
        for key in context.store.addressActivity.keys(withStepOf: [.secretSearch]).sorted(by: { ($0.user, $0.ip, $0.day) < ($1.user, $1.ip, $1.day) })
            where !claimedAddressDays.contains(key) {
            let s = context.store.addressActivity.evidence(of: key, keepingSteps: { kind, _ in kind == .secretSearch })!
            let secrets = s.steps.steps(ofKind: .secretSearch)
            let app = s.appID.map { context.catalog.identity(id: $0) } ?? AppCatalog.unattributed(userAgentFamily: "(api usage)")
            add(RuleCatalog.secretHunting, app: app, user: key.user.description, grant: nil) { $0.steps += secrets }
        }

        // Bulk history per (app, user): exports and quick deletes seen inside the learning window
        // are routine (nightly ETL that cleans up after itself).
        var firstExport: [String: EventTime] = [:]
        var routineDeletes = Set<String>()
        for j in context.chains.jobs {
            let g = j.loginKey.flatMap { opening[fnv1a64($0)] }
            let k = "\(g?.app.key ?? "?")|\(j.user?.description ?? "?")"
            if j.isExport && firstExport[k] == nil { firstExport[k] = j.firstTime }
            if context.chains.isQuickDelete(j), let b = g.flatMap({ context.app(of: $0)?.baseline }), j.firstTime < b.learningEnd {
                routineDeletes.insert(k)
            }
        }
        for j in context.chains.jobs where !claimedJobs.contains(j.jobID) {
            let g = j.loginKey.flatMap { opening[fnv1a64($0)] }
            let app = g?.app ?? AppCatalog.unattributed(userAgentFamily: "(bulk job)")
            let user = g?.userKey ?? j.user?.description ?? "(unknown)"
            let k = "\(g?.app.key ?? "?")|\(j.user?.description ?? "?")"
            let baseline = g.flatMap { context.app(of: $0)?.baseline }
            let firstEver = j.isExport && firstExport[k] == j.firstTime && (baseline.map { !$0.coldStart && j.firstTime >= $0.learningEnd } ?? false)
            let foreign = isForeign(g)
            let quick = context.chains.isQuickDelete(j)
            if j.isExport && (firstEver || foreign) {
                add(RuleCatalog.bulkExport, app: app, user: user, grant: g) {
                    $0.jobs.append(j); $0.foreign = $0.foreign || foreign; $0.firstEverBulk = $0.firstEverBulk || firstEver
                }
            } else if quick && !routineDeletes.contains(k) && (foreign || baseline.map { !$0.coldStart } ?? false) {
                add(RuleCatalog.bulkJobDeleted, app: app, user: user, grant: g) { $0.jobs.append(j); $0.foreign = $0.foreign || foreign }
            }
        }

        return episodes.keys.sorted().map { key in finding(for: key, episodes[key]!) }
    }

    private func finding(for key: EpisodeKey, _ e: Episode) -> Finding {
        let steps = Array(Set(e.steps)).sorted()
        let jobs = e.jobs.sorted { ($0.firstTime, $0.jobID) < ($1.firstTime, $1.jobID) }
        let quick = jobs.filter(context.chains.isQuickDelete)
        var chain = ChainEvidence(steps: steps)
        chain.bulkExports = jobs.filter(\.isExport)
        chain.quickDeletes = quick
        let times = steps.map(\.time) + jobs.map(\.firstTime) + jobs.compactMap(\.deleted) + e.grants.map(\.time)
        let first = times.min() ?? EventTime(millis: 0), last = times.max() ?? first
        let jobEvidence = jobs.prefix(4).map { j in
            EvidenceItem(file: context.path(j.location.file), line: Int(j.location.line), requestID: j.jobID, time: j.firstTime,
                         summary: "Bulk API 2.0 \(j.operation) on \(j.entity), \(j.records) records" + (j.deleteDelaySeconds.map { ", deleted \($0) s after completing" } ?? ""))
        }
        let evidence = steps.prefix(4).map(context.evidence(for:)) + jobEvidence
        let display = e.app.ref.display
        var c: ConfidenceBuilder
        let rule: RuleDescriptor
        let summary: String
        switch key.rule {
        case RuleCatalog.reconAfterGrant.id:
            rule = RuleCatalog.reconAfterGrant
            c = ConfidenceBuilder(base: 50, reason: "\(steps.count) reconnaissance call(s) in sessions opened from a network outside the app's baseline")
            if let g = e.grants.first, let s = steps.first, s.time.millis - g.time.millis <= 10 * EventTime.minuteMillis { c.add(10, "within minutes of the grant") }
            summary = "\(display): reconnaissance after grants from a new network (\(steps.count) call(s))"
        case RuleCatalog.secretHunting.id:
            rule = RuleCatalog.secretHunting
            c = ConfidenceBuilder(base: 45, reason: "\(steps.count) query(ies) searching record text for credentials")
            if e.foreign {
                c.add(25, "from a session opened outside the app's baseline networks")
            } else if e.knownSession {
                c.add(-20, "from the app's usual network by a known user: responders run the same searches after an incident")
            }
            summary = "\(display): secret-hunting queries (\(steps.count))"
        case RuleCatalog.bulkExport.id:
            rule = RuleCatalog.bulkExport
            c = ConfidenceBuilder(base: 45, reason: e.firstEverBulk ? "first Bulk API export by this app and user after the learning window"
                                                                     : "bulk export from a session opened outside the app's baseline networks")
            if e.firstEverBulk && e.foreign { c.add(20, "and the session came from a network outside the baseline") }
            if !quick.isEmpty { c.add(15, "\(quick.count) job(s) deleted within minutes of completing (anti-forensics)") }
            let records = jobs.reduce(Int64(0)) { $0 + $1.records }
            summary = "\(display): Bulk API export (\(jobs.count) job(s), \(records) records)" + (quick.isEmpty ? "" : ", deleted right after")
        default:
            rule = RuleCatalog.bulkJobDeleted
            // Rule 7 alone is weak: weighted up only with rules 1-6 (which claim their jobs).
            c = ConfidenceBuilder(base: 20, reason: "\(quick.count) bulk job(s) deleted within minutes of completing, which this app and user did not do during its baseline")
            if e.foreign { c.add(20, "from a session opened outside the app's baseline networks") }
            summary = "\(display): \(quick.count) bulk job(s) deleted right after completing"
        }
        return builder.build(.init(
            rule: rule, app: e.app, userKey: key.user, grants: e.grants.sorted { $0.time < $1.time }, network: key.network, confidence: c,
            chain: chain, summary: summary, extraEvidence: Array(evidence), firstSeen: first, lastSeen: last,
            eventCount: max(1, steps.count + jobs.count)))
    }
}
