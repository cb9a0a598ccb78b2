/// ApiTotalUsage sightings by (user, IP, hour): the apps a user called the API through from an
/// address in that hour, and when first. Asked only about grants no login key attributed (few, on
/// most orgs), so a question is first answered by probing the store once per app it holds; once
/// probing has cost as many lookups as indexing all sightings would, they are indexed instead.
struct UsageSightings {
    private let usage: UsageTable
    private var apps: [SalesforceID]?
    private var probes = 0
    private var index: Index?

    init(_ usage: UsageTable) { self.usage = usage }

    /// Calls `body` with every sighting of this user and IP in this hour, in no particular order.
    mutating func forEach(user: SalesforceID, ip: IPAddress, hour: Int64, _ body: (_ app: SalesforceID, _ first: EventTime) -> Void) {
        if index == nil {
            let apps = self.apps ?? usage.apps
            self.apps = apps
            probes += apps.count
            if probes <= usage.count {
                for app in apps {
                    if let first = usage.first(at: UsageKey(user: user, ip: ip, app: app, hour: hour)) { body(app, first) }
                }
                return
            }
            index = Index(usage)
        }
        index!.forEach(user: user, ip: ip, hour: hour, body)
    }

    /// The sightings of one (user, IP, hour) chained through one flat array, instead of each key
    /// owning an array: the bench set has 130k keys, mostly of one app.
    private struct Index {
        private struct Key: Hashable { var user: SalesforceID; var ip: IPAddress; var hour: Int64 }
        private struct Sighting { var app: SalesforceID; var first: EventTime; var next: Int }
        private static let end = -1

        private var head: [Key: Int] = [:]
        private var sightings: [Sighting] = []

        init(_ usage: UsageTable) {
            head.reserveCapacity(usage.count)
            sightings.reserveCapacity(usage.count)
            usage.forEach { k, first in
                let previous = head.updateValue(sightings.count, forKey: Key(user: k.user, ip: k.ip, hour: k.hour))
                sightings.append(Sighting(app: k.app, first: first, next: previous ?? Self.end))
            }
        }

        func forEach(user: SalesforceID, ip: IPAddress, hour: Int64, _ body: (_ app: SalesforceID, _ first: EventTime) -> Void) {
            var i = head[Key(user: user, ip: ip, hour: hour)] ?? Self.end
            while i != Self.end {
                body(sightings[i].app, sightings[i].first)
                i = sightings[i].next
            }
        }
    }
}
