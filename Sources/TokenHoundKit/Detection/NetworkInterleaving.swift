/// How one network's grants interleave with the other networks' grants of the same user and app
/// (rule 2): the switches between them within the split-brain window.
struct NetworkInterleaving {
    /// Consecutive grants, one from this network and one from another, at most the window apart.
    var switches = 0
    /// From the earlier grant of the first switch to the later grant of the last one.
    var overlapStart: EventTime?
    var overlapEnd: EventTime?
    /// Client families on the other side of those switches.
    var otherFamilies = Set<String>()
    /// The family last inserted in `otherFamilies`: a run of switches mostly repeats one client,
    /// and comparing with it (one shared string) costs less than hashing it into the set again.
    private var lastOtherFamily: String?

    /// The interleaving of every network `isJudged` accepts, in one walk over grants in time order:
    /// a switch between two networks counts for both, so no network needs a walk of its own.
    static func measure(_ grants: [AttributedGrant], windowMillis: Int64,
                        isJudged: (NetworkKey) -> Bool) -> [NetworkKey: NetworkInterleaving] {
        var out: [NetworkKey: NetworkInterleaving] = [:]
        for (p, g) in zip(grants, grants.dropFirst()) where p.network != g.network && g.time.millis - p.time.millis <= windowMillis {
            if isJudged(p.network) { out[p.network, default: NetworkInterleaving()].record(from: p, to: g, otherSide: g) }
            if isJudged(g.network) { out[g.network, default: NetworkInterleaving()].record(from: p, to: g, otherSide: p) }
        }
        return out
    }

    private mutating func record(from p: AttributedGrant, to g: AttributedGrant, otherSide: AttributedGrant) {
        switches += 1
        overlapStart = overlapStart ?? p.time
        overlapEnd = g.time
        let family = otherSide.userAgentFamily
        if family != lastOtherFamily {
            otherFamilies.insert(family)
            lastOtherFamily = family
        }
    }
}
