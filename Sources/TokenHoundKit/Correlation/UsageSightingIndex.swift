/// ApiTotalUsage sightings by (user, IP, hour): the apps a user called the API through from an
/// address in that hour, and when first. The sightings of one key are chained through one flat
/// array instead of each key owning an array: the bench set has 130k keys, mostly of one app.
struct UsageSightingIndex {
    private struct Key: Hashable { var user: SalesforceID; var ip: IPAddress; var hour: Int64 }
    private struct Sighting { var app: SalesforceID; var first: EventTime; var next: Int }
    private static let end = -1

    private var head: [Key: Int] = [:]
    private var sightings: [Sighting] = []

    init(_ usage: [UsageKey: UsageSighting]) {
        head.reserveCapacity(usage.count)
        sightings.reserveCapacity(usage.count)
        for (k, s) in usage {
            let key = Key(user: k.user, ip: k.ip, hour: k.hour)
            sightings.append(Sighting(app: k.app, first: s.first, next: head[key] ?? Self.end))
            head[key] = sightings.count - 1
        }
    }

    /// Calls `body` with every sighting of this user and IP in this hour, in no particular order.
    func forEach(user: SalesforceID, ip: IPAddress, hour: Int64, _ body: (_ app: SalesforceID, _ first: EventTime) -> Void) {
        var i = head[Key(user: user, ip: ip, hour: hour)] ?? Self.end
        while i != Self.end {
            body(sightings[i].app, sightings[i].first)
            i = sightings[i].next
        }
    }
}
