import Foundation

/// What an app normally looks like, learned from its first `learningDays` of grants: its networks,
/// client families and users, and how much its networks churn. An app with less history than the
/// learning window is in cold start, and says so instead of pretending to know.
public struct AppBaseline: Sendable {
    public var firstSeen: EventTime
    public var lastSeen: EventTime
    public var learningEnd: EventTime
    /// History shorter than the learning window: every network is "new", so nothing is judged new.
    public var coldStart: Bool
    public var networks: Set<NetworkKey>
    public var userAgentFamilies: Set<String>
    public var users: Set<String>
    /// Share of user-days (after a user's first day) that brought a network the user had not used:
    /// mobile apps on carrier networks churn; server integrations do not.
    public var churnRate: Double
    public var expectedEgressCount: Int
    /// Typical time between one user's consecutive refreshes during learning (median over users of
    /// each user's median gap); nil when no user refreshed twice.
    public var cadenceMillis: Int64?

    /// User-days the churn rate was measured over. Below `minimumChurnSample` the rate says nothing
    /// (one user over two days, one of them the attacker's, would look like roaming).
    public var churnSample: Int
    public static let minimumChurnSample = 8

    public var highChurn: Bool { churnSample >= Self.minimumChurnSample && churnRate > 0.3 }

    /// A real network (not `Salesforce.com IP` or a placeholder) this app did not use while learning.
    public func isOutside(_ network: NetworkKey) -> Bool {
        NetworkResolver.isJudgeable(network) && !networks.contains(network)
    }

    /// A grant the baseline can call foreign: the baseline exists (no cold start), the grant came
    /// after learning, and from a network outside it.
    public func isForeign(_ grant: AttributedGrant) -> Bool {
        !coldStart && grant.time >= learningEnd && isOutside(grant.network)
    }

    public init(grants: [AttributedGrant], learningDays: Int, expectedEgress: [NetworkKey]) {
        let ok = grants.filter { $0.succeeded }
        let all = ok.isEmpty ? grants : ok
        firstSeen = all.first?.time ?? EventTime(millis: 0)
        lastSeen = all.last?.time ?? EventTime(millis: 0)
        learningEnd = firstSeen.adding(millis: Int64(learningDays) * EventTime.dayMillis)
        coldStart = lastSeen < learningEnd
        var nets = Set(expectedEgress)
        var fams = Set<String>()
        // Churn and cadence are per user: each user's learning-window grants, in time order.
        var learningByUser: [String: [AttributedGrant]] = [:]
        for g in ok where g.time < learningEnd {
            if NetworkResolver.isJudgeable(g.network) { nets.insert(g.network) }
            fams.insert(g.userAgentFamily)
            learningByUser[g.userKey, default: []].append(g)
        }
        var userDays = 0, newNetworkUserDays = 0
        var medians: [Int64] = []
        for gs in learningByUser.values {
            // A user's first day (whatever the network) only introduces the user's networks.
            let firstDay = gs[0].time.dayIndex
            var seen = Set<NetworkKey>()
            var days = Set<Int64>(), newNetworkDays = Set<Int64>()
            for g in gs where NetworkResolver.isJudgeable(g.network) {
                let day = g.time.dayIndex
                if day > firstDay {
                    days.insert(day)
                    if !seen.contains(g.network) { newNetworkDays.insert(day) }
                }
                seen.insert(g.network)
            }
            userDays += days.count
            newNetworkUserDays += newNetworkDays.count
            guard gs.count >= 2 else { continue }
            let sorted = gs.map(\.time.millis).sorted()
            var gaps: [Int64] = []
            for i in 1..<sorted.count where sorted[i] > sorted[i - 1] { gaps.append(sorted[i] - sorted[i - 1]) }
            if !gaps.isEmpty { medians.append(gaps.sorted()[gaps.count / 2]) }
        }
        networks = nets
        userAgentFamilies = fams
        users = Set(learningByUser.keys)
        churnSample = userDays
        churnRate = userDays == 0 ? 0 : Double(newNetworkUserDays) / Double(userDays)
        expectedEgressCount = expectedEgress.count
        cadenceMillis = medians.isEmpty ? nil : medians.sorted()[medians.count / 2]
    }

    /// "1h 28m", "3d 4h", "45s".
    public static func humanDuration(_ millis: Int64) -> String {
        let s = millis / 1000
        if s < 60 { return "\(s)s" }
        if s < 3600 { return "\(s / 60)m" }
        if s < 86_400 { return "\(s / 3600)h \(s % 3600 / 60)m" }
        return "\(s / 86_400)d \(s % 86_400 / 3600)h"
    }

    public var stateDescription: String {
        let from = firstSeen.isoDate, to = learningEnd.isoDate
        if coldStart {
            return "cold start: only \(max(0, (lastSeen.millis - firstSeen.millis) / EventTime.dayMillis)) day(s) of history (learning until \(to))"
        }
        return "baseline learned \(from) to \(to): \(networks.count) network(s), \(userAgentFamilies.count) client family(ies)"
            + (cadenceMillis.map { ", refreshes every ~\(Self.humanDuration($0))" } ?? "")
            + (highChurn ? String(format: ", churning networks (%.0f%% of user-days bring a new one)", churnRate * 100) : "")
    }
}
