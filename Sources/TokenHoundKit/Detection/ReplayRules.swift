/// Rules 1, 2, 3, 4, 11 and 12: what refresh grants alone reveal, per (app, user).
struct ReplayRules {
    let context: AnalysisContext
    let builder: FindingBuilder

    struct Output {
        var findings: [Finding] = []
        /// Sessions and address-days whose activity a replay finding already carries in its chain.
        var claimedSessions: Set<UInt64> = []
        var claimedAddressDays: Set<AddressDayKey> = []
        var claimedJobs: Set<String> = []
    }

    func run() -> Output {
        // Each (app, user) is judged on its own grants: judged in parallel, merged in app and user order.
        let work = context.apps.flatMap { analysis in analysis.refreshLikeByUser.indices.map { (analysis, $0) } }
        let parts = OrderedParallel.map(count: work.count, threads: context.options.threads) { i in
            let (analysis, userIndex) = work[i]
            let app = analysis.identity, baseline = analysis.baseline, baselineState = analysis.baselineState
            let (user, gs) = analysis.refreshLikeByUser[userIndex]
            var out = Output()
            newNetworkReplay(app: app, user: user, grants: gs, baseline: baseline, baselineState: baselineState, into: &out)
            splitBrain(app: app, user: user, grants: gs, baseline: baseline, baselineState: baselineState, into: &out)
            toolFingerprint(app: app, user: user, grants: gs, baseline: baseline, into: &out)
            anonymisingInfrastructure(app: app, user: user, grants: gs, into: &out)
            blockedReplay(app: app, user: user, grants: gs, baseline: baseline, into: &out)
            dormantReturn(app: app, user: user, grants: gs, baseline: baseline, into: &out)
            return out
        }
        var out = Output()
        for part in parts {
            out.findings += part.findings
            out.claimedSessions.formUnion(part.claimedSessions)
            out.claimedAddressDays.formUnion(part.claimedAddressDays)
            out.claimedJobs.formUnion(part.claimedJobs)
        }
        return out
    }

    private func groupByNetwork(_ gs: [AttributedGrant]) -> [(NetworkKey, [AttributedGrant])] {
        var m: [NetworkKey: [AttributedGrant]] = [:]
        for g in gs { m[g.network, default: []].append(g) }
        return m.keys.sorted().map { ($0, m[$0]!) }
    }

    private func claim(_ chain: ChainEvidence, into out: inout Output) {
        out.claimedSessions.formUnion(chain.sessionKeys)
        out.claimedAddressDays.formUnion(chain.addressKeys)
        for j in chain.bulkExports + chain.quickDeletes { out.claimedJobs.insert(j.jobID) }
    }

    /// Adds chain evidence (rules 5-7 folded into the replay) to a confidence builder.
    private func weighChain(_ chain: ChainEvidence, _ c: inout ConfidenceBuilder) {
        if chain.hasRecon { c.add(10, "reconnaissance followed the grant (sobjects, describes, SELECT COUNT(), limits)") }
        if chain.hasBulk { c.add(10, "a Bulk API export followed the grant") }
        if chain.hasDelete { c.add(10, "the bulk job was deleted minutes after completing (anti-forensics)") }
        if chain.hasSecretSearch { c.add(10, "queries hunted for secrets in record text") }
        let links = [chain.hasRecon, chain.hasBulk, chain.hasDelete].filter { $0 }.count
        if links >= 2 {
            c.corroborate(10, "the recon -> bulk -> delete chain followed the grant")
        }
    }

    private func weighIndicators(_ m: [IndicatorMatch], _ c: inout ConfidenceBuilder) {
        guard !m.isEmpty else { return }
        let names = m.map { "\($0.type) \($0.indicator) (\($0.campaign))" }.joined(separator: "; ")
        c.corroborate(25, "matches known campaign indicator(s): \(names)")
    }

    // Rule 1
    private func newNetworkReplay(app: AppCatalog.Identity, user: String, grants gs: [AttributedGrant], baseline: AppBaseline,
                                  baselineState: String, into out: inout Output) {
        let candidates = gs.filter { $0.succeeded && baseline.isForeign($0) }
        let baselineGrants = gs.filter { $0.succeeded && baseline.networks.contains($0.network) }
        for (net, episode) in groupByNetwork(candidates) {
            // The evidence first, the words after: on an app whose networks churn most episodes
            // have nothing but the new network and are dropped, and need no reasons written.
            let fams = Set(episode.map(\.userAgentFamily))
            let newFams = fams.subtracting(baseline.userAgentFamilies).sorted()
            let first = episode.first!.time, last = episode.last!.time
            let window = Int64(context.options.splitBrainWindowHours) * EventTime.hourMillis
            // `baselineGrants` is in time order: the first one at or after the window's start decides
            // whether any falls inside it, and the last one whether any came later.
            let windowStart = first.adding(millis: -window)
            let concurrent = baselineGrants.firstIndex(atOrAfter: windowStart).map { baselineGrants[$0].time <= last.adding(millis: window) } ?? false
            let laterBaseline = baselineGrants.last.map { $0.time > first } ?? false
            let matches = context.indicatorMatches(episode)
            let fromTor = context.options.torExits.map { tor in
                episode.contains { g in g.event.sourceAddress.ip.map { tor.isExit($0, at: g.time) } ?? false }
            } ?? false
            // Phones hop between carrier and Wi-Fi all day: concurrency proves nothing for apps that churn.
            let positive = !newFams.isEmpty || (concurrent && laterBaseline && !baseline.highChurn) || !matches.isEmpty || fromTor
            // Mobile/carrier churn: a new network alone says nothing. Whether activity followed is
            // asked last, and the chain built only for an episode that is reported.
            if baseline.highChurn && !positive && !context.chains.hasChain(for: episode) { continue }
            let chain = context.chains.chain(for: episode)

            var c = ConfidenceBuilder(base: 55, reason: "refresh grants from \(context.options.resolver.label(for: net)), a network \(app.ref.display) did not use in its baseline (\(baselineState))")
            if !newFams.isEmpty {
                c.add(15, "client family \(newFams.joined(separator: ", ")) never used by this app before")
                if newFams.contains(where: UserAgentFamily.isScripting) { c.add(5, "a scripting HTTP client, typical of token replay tooling") }
            } else {
                c.add(-10, "same client family as the baseline (\(fams.sorted().joined(separator: ", "))): a vendor moving networks looks like this")
            }
            if concurrent && laterBaseline {
                c.add(15, "the usual network kept refreshing in the same hours: two token holders at once")
            } else if !laterBaseline && !baselineGrants.isEmpty {
                c.add(-10, "the previous network went silent when this one began: a clean handover (re-platforming pattern)")
            }
            if context.impact(for: app, userKey: user).secretRequired == true {
                c.add(-10, "the app requires the client secret and these grants succeeded: the caller presented it (a vendor, or a vendor-side breach)")
            }
            weighIndicators(matches, &c)
            if fromTor { c.add(15, "source is a Tor exit on the event date") }
            weighChain(chain, &c)
            if baseline.highChurn {
                c.add(-20, "this app's networks churn (\(Int(baseline.churnRate * 100))% of user-days bring a new one): a new network alone is weak evidence")
            }
            claim(chain, into: &out)
            out.findings.append(builder.build(.init(
                rule: RuleCatalog.headlessReplay, app: app, userKey: user, grants: episode, network: net, confidence: c,
                chain: chain, indicators: matches,
                summary: "\(app.ref.display): \(episode.count) refresh grant(s) for \(episode.first!.event.userName ?? user) from new network \(context.options.resolver.label(for: net)) (\(fams.sorted().joined(separator: ", ")))")))
        }
    }

    // Rule 2
    private func splitBrain(app: AppCatalog.Identity, user: String, grants gs: [AttributedGrant], baseline: AppBaseline,
                            baselineState: String, into out: inout Output) {
        let ok = gs.filter { $0.succeeded && NetworkResolver.isJudgeable($0.network) }
        let window = Int64(context.options.splitBrainWindowHours) * EventTime.hourMillis
        // The merged timeline's switches between each network outside the baseline and any other
        // network within the window (a user of one network has none); two switches make a split brain.
        let interleavings = NetworkInterleaving.measure(ok, windowMillis: window) { baseline.coldStart || !baseline.networks.contains($0) }
            .filter { $0.value.switches >= 2 }
        guard !interleavings.isEmpty else { return }
        var episodes: [NetworkKey: [AttributedGrant]] = [:]
        for g in ok where interleavings[g.network] != nil { episodes[g.network, default: []].append(g) }
        for net in interleavings.keys.sorted() {
            let interleaving = interleavings[net]!, episode = episodes[net]!
            guard let os = interleaving.overlapStart, let oe = interleaving.overlapEnd else { continue }
            let switches = interleaving.switches, otherFamilies = interleaving.otherFamilies
            let fams = Set(episode.map(\.userAgentFamily))
            let matches = context.indicatorMatches(episode)
            // Apps whose users roam (mobile carriers, laptops) alternate networks all day; there only
            // a different client or a known indicator makes two lineages suspicious.
            if baseline.highChurn && fams.isSubset(of: otherFamilies.union(baseline.userAgentFamilies)) && matches.isEmpty { continue }
            var c = ConfidenceBuilder(base: 65, reason: "\(switches) switches between \(context.options.resolver.label(for: net)) and another network within \(context.options.splitBrainWindowHours) h: two token lineages alive at once")
            if baseline.highChurn {
                c.add(-20, "this app's users roam between networks (\(Int(baseline.churnRate * 100))% of user-days bring a new one)")
            }
            if fams.isDisjoint(with: otherFamilies) {
                c.add(15, "the two lineages use different clients (\(fams.sorted().joined(separator: ", ")) vs \(otherFamilies.sorted().joined(separator: ", ")))")
            } else if oe.millis - os.millis < EventTime.dayMillis && !(ok.last(where: { $0.network != net }).map { $0.time > oe } ?? false) {
                c.add(-20, "same client on both sides, overlapping less than a day before the old network stopped: a blue/green deploy looks like this")
            }
            if let rot = context.impact(for: app, userKey: user).rotation, rot {
                c.add(10, "rotation is on, so two live lineages mean a token was used outside its chain")
            }
            weighIndicators(matches, &c)
            if baseline.coldStart { c.capAt(35, "cold start: \(baselineState)") }
            let chain = context.chains.chain(for: episode)
            weighChain(chain, &c)
            claim(chain, into: &out)
            out.findings.append(builder.build(.init(
                rule: RuleCatalog.splitBrain, app: app, userKey: user, grants: episode, network: net, confidence: c,
                chain: chain, indicators: matches,
                summary: "\(app.ref.display): \(episode.first!.event.userName ?? user) refreshed from \(context.options.resolver.label(for: net)) interleaved with another network (\(switches) switches): two holders of one token",
                firstSeen: min(os, episode.first!.time), lastSeen: max(oe, episode.last!.time))))
        }
    }

    // Rule 3
    private func toolFingerprint(app: AppCatalog.Identity, user: String, grants gs: [AttributedGrant], baseline: AppBaseline, into out: inout Output) {
        var groups: [NetworkKey: [AttributedGrant]] = [:]
        var matchesByNet: [NetworkKey: [IndicatorMatch]] = [:]
        for g in gs {
            let m = context.indicators.matches(lowercasedUserAgent: g.lowercasedUserAgent, address: .empty, at: g.time)
            let unfamiliar = !baseline.coldStart && g.time >= baseline.learningEnd && UserAgentFamily.isScripting(g.userAgentFamily)
                && !baseline.userAgentFamilies.contains(g.userAgentFamily)
            if !m.isEmpty || unfamiliar {
                groups[g.network, default: []].append(g)
                matchesByNet[g.network, default: []] += m
            }
        }
        for net in groups.keys.sorted() {
            let episode = groups[net]!
            let uaMatches = Array(Set(matchesByNet[net] ?? [])).sorted { $0.indicator < $1.indicator }
            let fams = Set(episode.map(\.userAgentFamily)).sorted()
            var c: ConfidenceBuilder
            if !uaMatches.isEmpty {
                c = ConfidenceBuilder(base: 60, reason: "user agent of a known campaign tool")
                weighIndicators(uaMatches, &c)
            } else {
                c = ConfidenceBuilder(base: 40, reason: "scripting client \(fams.joined(separator: ", ")) that this app's baseline never used")
            }
            if !baseline.coldStart && baseline.isOutside(episode[0].network) { c.add(15, "from a network outside the app's baseline") }
            if baseline.userAgentFamilies.isSuperset(of: fams) && uaMatches.isEmpty { continue }
            let ipMatches = context.indicatorMatches(episode).filter { $0.type != "user_agent" }
            if !ipMatches.isEmpty { c.corroborate(10, "source IP is a known campaign indicator") }
            if !episode.contains(where: \.succeeded) { c.add(-15, "every attempt failed") }
            out.findings.append(builder.build(.init(
                rule: RuleCatalog.toolFingerprint, app: app, userKey: user, grants: episode, network: net, confidence: c,
                indicators: (uaMatches + ipMatches),
                summary: "\(app.ref.display): grants by \(Set(episode.map(\.event.userAgent)).sorted().joined(separator: ", ")) for \(episode.first!.event.userName ?? user) from \(context.options.resolver.label(for: net))")))
        }
    }

    // Rule 4
    private func anonymisingInfrastructure(app: AppCatalog.Identity, user: String, grants gs: [AttributedGrant], into out: inout Output) {
        let tor = context.options.torExits
        let risky = context.options.highRiskASNs
        guard (tor.map { !$0.isEmpty } ?? false) || !risky.isEmpty else { return }
        var groups: [NetworkKey: [AttributedGrant]] = [:]
        var why: [NetworkKey: String] = [:]
        for g in gs {
            guard let ip = g.event.sourceAddress.ip else { continue }
            if let tor, tor.isExit(ip, at: g.time) {
                groups[g.network, default: []].append(g); why[g.network] = "listed as a Tor exit on the event date"
            } else if g.network.kind == .asn, risky.contains(UInt32(g.network.value)) {
                groups[g.network, default: []].append(g); why[g.network] = "ASN on the user's hosting/VPN high-risk list"
            }
        }
        for net in groups.keys.sorted() {
            let episode = groups[net]!
            var c = ConfidenceBuilder(base: 45, reason: "source \(why[net]!) (lists change hourly; some orgs allow Tor)")
            if episode.contains(where: \.succeeded) { c.add(10, "at least one grant succeeded") }
            weighIndicators(context.indicatorMatches(episode), &c)
            out.findings.append(builder.build(.init(
                rule: RuleCatalog.anonymisingInfrastructure, app: app, userKey: user, grants: episode, network: net, confidence: c,
                indicators: context.indicatorMatches(episode),
                summary: "\(app.ref.display): \(episode.count) grant(s) for \(episode.first!.event.userName ?? user) from anonymising infrastructure \(context.options.resolver.label(for: net))")))
        }
    }

    // Rule 11
    private func blockedReplay(app: AppCatalog.Identity, user: String, grants gs: [AttributedGrant], baseline: AppBaseline, into out: inout Output) {
        let succeededNets = Set(gs.filter(\.succeeded).map(\.network))
        let failures = gs.filter { !$0.succeeded && baseline.isOutside($0.network) && !succeededNets.contains($0.network) }
        for (net, episode) in groupByNetwork(failures) {
            var c = ConfidenceBuilder(base: 60, reason: "\(episode.count) failed refresh attempt(s) from \(context.options.resolver.label(for: net)), a network this app never refreshed from successfully")
            if episode.count >= 3 { c.add(10, "repeated attempts") }
            if episode.contains(where: { StatusClassifier.isClientAuthFailure($0.event.status) }) {
                c.add(10, "client authentication failed: the caller holds the token but not the secret, and the control stopped it")
            }
            let matches = context.indicatorMatches(episode)
            weighIndicators(matches, &c)
            if let tor = context.options.torExits, episode.contains(where: { g in g.event.sourceAddress.ip.map { tor.isExit($0, at: g.time) } ?? false }) {
                c.add(10, "source is a Tor exit on the event date")
            }
            out.findings.append(builder.build(.init(
                rule: RuleCatalog.blockedReplay, app: app, userKey: user, grants: episode, network: net, confidence: c,
                indicators: matches,
                summary: "\(app.ref.display): blocked refresh attempts for \(episode.first!.event.userName ?? user) from \(context.options.resolver.label(for: net)) (\(Set(episode.map(\.event.status)).sorted().joined(separator: ", "))): the control held, but the token is in someone else's hands",
                impactFloor: (60, "a refresh token of this user is in someone else's hands even though this use was blocked: revoke it"))))
        }
        // Rotation fallout: a foreign success, then the legitimate client's refreshes fail.
        guard context.impact(for: app, userKey: user).rotation == true, !baseline.coldStart else { return }
        let foreign = gs.filter { $0.succeeded && baseline.isForeign($0) }
        guard let firstForeign = foreign.first else { return }
        let fallout = gs.filter { !$0.succeeded && baseline.networks.contains($0.network) && StatusClassifier.isInvalidToken($0.event.status)
            && $0.time > firstForeign.time && $0.time.millis - firstForeign.time.millis <= EventTime.dayMillis }
        guard !fallout.isEmpty else { return }
        var c = ConfidenceBuilder(base: 75, reason: "with rotation on, a refresh from \(context.options.resolver.label(for: firstForeign.network)) was followed by \(fallout.count) failed refresh(es) of the usual client: the stolen token rotated the legitimate one out")
        weighIndicators(context.indicatorMatches(foreign), &c)
        out.findings.append(builder.build(.init(
            rule: RuleCatalog.blockedReplay, app: app, userKey: user, grants: [firstForeign] + fallout, network: firstForeign.network, confidence: c,
            summary: "\(app.ref.display): rotation fallout for \(firstForeign.event.userName ?? user): legitimate refreshes failed after a foreign refresh",
            impactFloor: (60, "a refresh token of this user was used outside its lineage"))))
    }

    // Rule 12
    private func dormantReturn(app: AppCatalog.Identity, user: String, grants gs: [AttributedGrant], baseline: AppBaseline, into out: inout Output) {
        let ok = gs.filter(\.succeeded)
        guard ok.count >= 2 else { return }
        let gap = Int64(context.options.dormantDays) * EventTime.dayMillis
        var seen = Set<NetworkKey>()
        for i in 0..<ok.count {
            let g = ok[i]
            if i > 0, g.time.millis - ok[i - 1].time.millis >= gap, NetworkResolver.isJudgeable(g.network), !seen.contains(g.network) {
                let days = (g.time.millis - ok[i - 1].time.millis) / EventTime.dayMillis
                let episode = ok[i...].filter { $0.network == g.network && $0.time.millis - g.time.millis <= EventTime.dayMillis }
                var c = ConfidenceBuilder(base: 50, reason: "first grant after \(days) days of silence, from a network this user never used for the app")
                if !baseline.networks.contains(g.network) { c.add(10, "the network is outside the app's baseline too") }
                if context.store.holdings.contains(where: { $0.user == g.event.user && app.ref.name.map($0.appNameMatches) == true }) {
                    c.add(5, "the OauthToken export shows this user still holds a live token for the app")
                }
                let matches = context.indicatorMatches(Array(episode))
                weighIndicators(matches, &c)
                out.findings.append(builder.build(.init(
                    rule: RuleCatalog.dormantReturn, app: app, userKey: user, grants: Array(episode), network: g.network, confidence: c,
                    indicators: matches,
                    summary: "\(app.ref.display): token of \(g.event.userName ?? user) unused for \(days) days returned from \(context.options.resolver.label(for: g.network))")))
            }
            if NetworkResolver.isJudgeable(g.network) { seen.insert(g.network) }
        }
    }
}
