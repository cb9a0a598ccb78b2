/// Ties every OAuth grant to a connected app by the strongest evidence available
/// (salesforce-logs.md, "Attributing a refresh grant"), and folds export rows that describe the
/// same login as an ELF row into that row, so one login is one grant.
public struct GrantAttributor {
    /// LoginHistory times are whole seconds; ELF has milliseconds.
    public static let exportSkewMillis: Int64 = 2_000
    /// ApiTotalUsage sightings count for attribution from 1 minute before to 1 hour after a grant.
    public static let usageWindowBefore: Int64 = 60_000
    public static let usageWindowAfter: Int64 = 3_600_000

    let catalog: AppCatalog
    let resolver: NetworkResolver

    public init(catalog: AppCatalog, resolver: NetworkResolver) {
        self.catalog = catalog; self.resolver = resolver
    }

    private struct UserIP: Hashable { var user: String; var ip: String }

    public func attribute(store: EvidenceStore) -> [AttributedGrant] {
        attribute(store: store, sightings: UsageSightings(store.usage))
    }

    /// `attribute(store:)` with the store's usage sightings handed over: released once the last
    /// ELF grant has been matched and before any grant object is made, so the two are never held
    /// at once (when `store.usage` holds no other copy of them).
    ///
    /// `threads`: how many threads may index the grants' login keys (`GrantEvents`).
    func attribute(store: EvidenceStore, sightings: consuming UsageSightings, threads: Int = 1) -> [AttributedGrant] {
        let auth = store.auth
        var memo = AttributionMemo(catalog: catalog)
        // Index export rows. (Rows are picked by index and copied once picked, here and below:
        // iterating the events would copy each one, retaining every string in it, to read its source.)
        var loginEventByKey: [String: Int] = [:]
        var exportsByUserIP: [UserIP: [Int]] = [:]
        for i in auth.indices where auth[i].source != .eventLogLogin {
            let e = auth[i]
            if e.source == .loginEvent, let k = e.loginKey, !k.isEmpty, loginEventByKey[k] == nil { loginEventByKey[k] = i }
            exportsByUserIP[UserIP(user: memo.userKey(e), ip: e.sourceAddress.display), default: []].append(i)
        }
        var usage = consume sightings
        var consumed = [Bool](repeating: false, count: auth.count)
        let events = GrantEvents(auth, threads: threads)
        var out: [AttributedGrant] = []
        out.reserveCapacity(auth.count)

        // Candidates per (user, IP) are in time order (`auth` is canonical), so the ones within the
        // skew window are found by binary search: a busy integration has thousands per key.
        func nearestExport(_ e: AuthEvent) -> Int? {
            guard !exportsByUserIP.isEmpty,
                  let candidates = exportsByUserIP[UserIP(user: memo.userKey(e), ip: e.sourceAddress.display)] else { return nil }
            let lowest = e.time.millis - Self.exportSkewMillis
            var lo = 0, hi = candidates.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if auth[candidates[mid]].time.millis < lowest { lo = mid + 1 } else { hi = mid }
            }
            var best: Int?
            var bestDelta = Int64.max
            var k = lo
            while k < candidates.count, auth[candidates[k]].time.millis <= e.time.millis + Self.exportSkewMillis {
                let i = candidates[k]
                k += 1
                guard !consumed[i] && auth[i].source != e.source else { continue }
                let d = abs(auth[i].time.millis - e.time.millis)
                if d < bestDelta || (d == bestDelta && i < best!) { best = i; bestDelta = d }
            }
            return best
        }

        // ELF grants first: they carry LOGIN_KEY and millisecond times. Attributed here, made
        // into grants once the sightings are released.
        var elfGrants: [(index: Int, traits: GrantTraits)] = []
        for i in auth.indices where auth[i].source == .eventLogLogin {
            let e = auth[i]
            var identity: AttributionMemo.AppNaming?
            var method = AttributionMethod.unattributed
            if !loginEventByKey.isEmpty, let key = e.loginKey, !key.isEmpty, let le = loginEventByKey[key], let app = auth[le].application, !app.isEmpty {
                identity = .name(app); method = .loginEventLoginKey; consumed[le] = true
            }
            if identity == nil, let key = events.loginKeyHash(i), let appID = store.sessions.appID(of: key) {
                identity = .id(appID); method = .sessionLoginKey
            }
            if let match = nearestExport(e) {
                consumed[match] = true
                if identity == nil, let app = auth[match].application, !app.isEmpty {
                    identity = .name(app); method = .loginHistoryMatch
                }
            }
            if identity == nil, let user = e.user, let ip = e.sourceAddress.ip {
                if let app = usageMatch(user: user, ip: ip, time: e.time, sightings: &usage) {
                    identity = .id(app); method = .apiTotalUsageMatch
                }
            }
            consumed[i] = true
            elfGrants.append((i, memo.traits(e, app: identity, method: method)))
        }
        usage = UsageSightings(UsageTable())
        for (i, traits) in elfGrants { out.append(make(i, of: events, traits)) }
        elfGrants = []
        // Export rows no ELF row described: grants in their own right.
        for i in auth.indices where !consumed[i] {
            let e = auth[i]
            consumed[i] = true
            if let twin = nearestExport(e) { consumed[twin] = true }
            let app = e.application.flatMap { $0.isEmpty ? nil : AttributionMemo.AppNaming.name($0) }
            out.append(make(i, of: events, memo.traits(e, app: app, method: .exportApplication)))
        }
        out.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            return AuthEvent.canonicalOrder(a.event, b.event)
        }
        return out
    }

    /// The app whose ApiTotalUsage sighting by this user and IP is nearest the grant, within the window.
    private func usageMatch(user: SalesforceID, ip: IPAddress, time: EventTime,
                            sightings: inout UsageSightings) -> SalesforceID? {
        // Nearest first, then the lowest app id: the same answer whatever order sightings come in.
        var best: (app: SalesforceID, delta: Int64)?
        for h in (time.hourIndex - 1)...(time.hourIndex + 1) {
            sightings.forEach(user: user, ip: ip, hour: h) { app, first in
                let d = first.millis - time.millis
                guard d >= -Self.usageWindowBefore && d <= Self.usageWindowAfter else { return }
                let ad = abs(d)
                if best == nil || ad < best!.delta || (ad == best!.delta && app < best!.app) { best = (app, ad) }
            }
        }
        return best?.app
    }

    private func make(_ index: Int, of events: GrantEvents, _ traits: GrantTraits) -> AttributedGrant {
        AttributedGrant(events: events, index: index, traits: traits, network: resolver.network(for: events.list[index].sourceAddress))
    }
}
