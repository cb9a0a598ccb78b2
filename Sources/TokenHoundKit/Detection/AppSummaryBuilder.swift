/// Per-app figures for the morning summary and the posture report.
struct AppSummaryBuilder {
    let context: AnalysisContext
    static let timelineLimit = 2_000

    func build(findings: [Finding]) -> [AppActivitySummary] {
        var out: [AppActivitySummary] = []
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
            let all = analysis.refreshLikeNetworks.filter(NetworkResolver.isJudgeable).map(context.label(for:))
            s.networks = Self.capped(all)
            s.networkCount = all.count
            s.baselineState = analysis.baselineState
            let fresh = Array(Set(gs.filter { $0.succeeded && analysis.baseline.isForeign($0) }.map(\.network))).sorted().map(context.label(for:))
            s.newNetworks = Self.capped(fresh)
            s.newNetworkCount = fresh.count
            s.firstSeen = gs.first?.time
            s.lastSeen = gs.last?.time
            let step = max(1, (gs.count + Self.timelineLimit - 1) / Self.timelineLimit)
            s.timeline = stride(from: 0, to: gs.count, by: step).map { i in
                GrantPoint(time: gs[i].time, network: context.label(for: gs[i].network), succeeded: gs[i].succeeded)
            }
            let mine = findings.filter { $0.app == app.ref }
            for f in mine { s.findingsByLevel[f.level.name, default: 0] += 1 }
            s.topFindingIDs = mine.prefix(5).map(\.id)
            out.append(s)
        }
        return out
    }

    /// A summary lists at most `listLimit` networks; a roaming app can have hundreds.
    static let listLimit = 12
    static func capped(_ list: [String]) -> [String] {
        list.count <= listLimit ? list : Array(list.prefix(listLimit)) + ["... and \(list.count - listLimit) more"]
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
