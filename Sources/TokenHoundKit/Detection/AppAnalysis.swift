/// One app as every rule, the summary and the state tables see it: its grants grouped once, its
/// baseline, and what its configuration makes of a stolen token. Built once per analysis, so no
/// rule regroups 100k grants, re-describes a baseline or re-assesses a posture per episode; a class,
/// so looking an app up hands out a reference rather than a copy of all of it.
final class AppAnalysis: Sendable {
    let identity: AppCatalog.Identity
    /// Every grant attributed to the app, in time (canonical) order.
    let grants: [AttributedGrant]
    /// The refresh-like ones (what baselines and replay rules judge), same order.
    let refreshLike: [AttributedGrant]
    /// `refreshLike` per user key, users in ascending order, each user's grants in time order.
    let refreshLikeByUser: [(userKey: String, grants: [AttributedGrant])]
    /// How many of `refreshLike` succeeded.
    let refreshLikeSucceeded: Int
    /// The distinct networks of `refreshLike`, ascending.
    let refreshLikeNetworks: [NetworkKey]
    let baseline: AppBaseline
    /// `baseline.stateDescription`, which formats dates and percentages.
    let baselineState: String
    let posture: AppPosture?
    /// Impact of a stolen token of an ordinary user, and of a privileged one.
    let ordinaryImpact: AnalysisContext.Impact
    let privilegedImpact: AnalysisContext.Impact

    init(identity: AppCatalog.Identity, grants: [AttributedGrant], catalog: AppCatalog, options: AnalysisOptions) {
        self.identity = identity
        self.grants = grants
        let refreshLike = grants.filter { $0.isRefreshLike }
        self.refreshLike = refreshLike
        var byUser: [String: [AttributedGrant]] = [:]
        var networks = Set<NetworkKey>()
        var succeeded = 0
        for g in refreshLike {
            byUser[g.userKey, default: []].append(g)
            networks.insert(g.network)
            if g.succeeded { succeeded += 1 }
        }
        refreshLikeByUser = byUser.keys.sorted().map { ($0, byUser[$0]!) }
        refreshLikeSucceeded = succeeded
        refreshLikeNetworks = networks.sorted()
        let egress = identity.ref.name.flatMap { options.expectedEgress[$0.lowercased()] } ?? []
        baseline = AppBaseline(grants: refreshLike, learningDays: options.learningDays, expectedEgress: egress)
        baselineState = baseline.stateDescription
        posture = catalog.posture(for: identity)
        ordinaryImpact = AnalysisContext.Impact(app: identity, posture: posture, privileged: false)
        privilegedImpact = AnalysisContext.Impact(app: identity, posture: posture, privileged: true)
    }
}
