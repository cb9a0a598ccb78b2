/// Per-app figures for the morning summary and the posture report.
struct AppSummaryBuilder {
    let context: AnalysisContext
    static let timelineLimit = 2_000

    /// Each app's figures, all but its findings (`addingFindings`): they need no finding, so they
    /// are assembled while the rules still run.
    func summaries() -> [AppActivitySummary] {
        var out: [AppActivitySummary] = []
        let resolver = context.options.resolver
        // Timelines name a few networks thousands of times.
        var timelineLabels = MemoTable<NetworkKey, String>()
        for analysis in context.apps {
            let app = analysis.identity, gs = analysis.refreshLike
            var s = AppActivitySummary(app: app.ref)
            let posture = analysis.posture
            let assessment = PostureAssessment(posture)
            s.posture = posture
            s.postureLine = posture == nil ? "no configuration supplied: unknown, assumed exposed" : assessment.postureLine
            s.cvssBand = assessment.cvssBand
            s.refreshGrants = analysis.refreshLikeSucceeded
            s.failedGrants = gs.count - s.refreshGrants
            s.users = analysis.refreshLikeByUser.count
            let all = analysis.refreshLikeNetworks.filter(NetworkResolver.isJudgeable)
            s.networks = Self.capped(all, label: resolver.label(for:))
            s.networkCount = all.count
            s.baselineState = analysis.baselineState
            let fresh = Array(Set(gs.filter { $0.succeeded && analysis.baseline.isForeign($0) }.map(\.network))).sorted()
            s.newNetworks = Self.capped(fresh, label: resolver.label(for:))
            s.newNetworkCount = fresh.count
            s.firstSeen = gs.first?.time
            s.lastSeen = gs.last?.time
            let step = max(1, (gs.count + Self.timelineLimit - 1) / Self.timelineLimit)
            s.timeline = stride(from: 0, to: gs.count, by: step).map { i in
                GrantPoint(time: gs[i].time, network: timelineLabels.value(for: gs[i].network) { resolver.label(for: gs[i].network) }, succeeded: gs[i].succeeded)
            }
            out.append(s)
        }
        return out
    }

    /// The summaries with each app's findings counted by level and its first five named, in the
    /// order of `findings`.
    static func addingFindings(_ findings: [Finding], to summaries: [AppActivitySummary]) -> [AppActivitySummary] {
        summaries.map { summary in
            var s = summary
            let mine = findings.filter { $0.app == s.app }
            for f in mine { s.findingsByLevel[f.level.name, default: 0] += 1 }
            s.topFindingIDs = mine.prefix(5).map(\.id)
            return s
        }
    }

    /// A summary lists at most `listLimit` networks; a roaming app can have hundreds.
    static let listLimit = 12
    /// The labels of the first `listLimit` networks (only those are formatted), and how many more.
    static func capped(_ networks: [NetworkKey], label: (NetworkKey) -> String) -> [String] {
        let shown = networks.prefix(listLimit).map(label)
        return networks.count <= listLimit ? shown : shown + ["... and \(networks.count - listLimit) more"]
    }

    func refreshUsage() -> [String: AppRefreshUsage] {
        var out: [String: AppRefreshUsage] = [:]
        for analysis in context.apps {
            guard let name = analysis.identity.ref.name else { continue }
            out[name.lowercased()] = AppRefreshUsage(appName: name, users: analysis.refreshLikeByUser.count,
                                                    networks: analysis.refreshLikeNetworks.count, grants: analysis.refreshLikeSucceeded,
                                                    failedGrants: analysis.refreshLike.count - analysis.refreshLikeSucceeded)
        }
        return out
    }
}
