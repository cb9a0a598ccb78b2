/// ApiTotalUsage sightings by (user, IP, app, hour), in one of two forms.
///
/// A store read from a file holds `sightings`: first and last sighting and a count, which
/// persisted state keeps per file. A store other stores are merged into (the one the analysis
/// reads) holds only the first sighting, the one thing attribution reads, under a key with user
/// and app pooled and the hour in 32 bits: 24 bytes a table bucket for an IPv4 address (most of
/// them) and 40 for IPv6, against 104, over 670 k keys at 10 GB.
///
/// Reads (`first(at:)`, `forEach`) see either form. Merging folds this table's own sightings into
/// the merged form first, so a key is held in one form only.
public struct UsageTable: Sendable {
    /// Sightings as read from one file (the visitor folds ApiTotalUsage rows here). In a merged
    /// store, also the rare key whose hour does not fit 32 bits (a time beyond year 200,000).
    public var sightings: ShardedTable<UsageKey, UsageSighting> = [:]
    /// First sightings folded in from other stores: IPv4 keys here, IPv6 keys in `firsts`. Which
    /// table holds a key depends on the key alone, so each key is held once.
    private var firstsV4: ShardedTable<MergedUsageKeyV4, EventTime> = [:]
    private var firsts: ShardedTable<MergedUsageKey, EventTime> = [:]
    /// The ids `firsts`' keys number.
    private var ids = SalesforceIDPool()

    public init() {}

    /// Bytes a merged key and its first sighting take in a table bucket (for `tokenhound-readbench`).
    public static var mergedBucketBytes: Int { MemoryLayout<MergedUsageKeyV4>.stride + MemoryLayout<EventTime>.stride }

    /// When `key` was first sighted, if it was.
    public func first(at key: UsageKey) -> EventTime? {
        if let s = sightings[key] { return s.first }
        guard holdsMergedForm, let hour = Int32(exactly: key.hour),
              let user = ids.existingNumber(for: key.user), let app = ids.existingNumber(for: key.app) else { return nil }
        if let v4 = MergedUsageKeyV4(ip: key.ip, user: user, app: app, hour: hour) { return firstsV4[v4] }
        return firsts[MergedUsageKey(ip: key.ip, user: user, app: app, hour: hour)]
    }

    /// Calls `body` with every key and its first sighting, in no particular order.
    public func forEach(_ body: (UsageKey, EventTime) -> Void) {
        for (k, s) in sightings { body(k, s.first) }
        for (k, first) in firstsV4 { body(usageKey(k.generic, ids), first) }
        for (k, first) in firsts { body(usageKey(k, ids), first) }
    }

    /// The apps sighted, each once, in no particular order.
    public var apps: [SalesforceID] {
        var apps = Set(sightings.keys.lazy.map(\.app))
        for k in firstsV4.keys { apps.insert(ids.id(k.app)!) }
        for k in firsts.keys { apps.insert(ids.id(k.app)!) }
        return Array(apps)
    }

    /// Every key's first sighting, whichever form holds it: what the analysis reads (for tests and
    /// comparisons; it builds a dictionary of every key).
    public var firstSightings: [UsageKey: EventTime] {
        var all: [UsageKey: EventTime] = [:]
        forEach { all[$0] = $1 }
        return all
    }

    public var count: Int { sightings.count + firstsV4.count + firsts.count }
    /// Whether sightings were merged in (the merged form holds first sightings only).
    var holdsMergedForm: Bool { !firstsV4.isEmpty || !firsts.isEmpty }
    public var isEmpty: Bool { sightings.isEmpty && !holdsMergedForm }
    /// Entries the tables can hold without growing.
    public var capacity: Int { sightings.capacity + firstsV4.capacity + firsts.capacity }

    /// Folds `other` in with `UsageSighting.merge`'s rule for the first sighting (the earliest).
    mutating func merge(_ other: UsageTable) {
        var ids = self.ids.takeAll()
        defer { self.ids = ids }
        for (k, s) in sightings.takeAll() { add(k, s, ids: &ids) }
        for (k, s) in other.sightings { add(k, s, ids: &ids) }
        for (k, first) in other.firstsV4 { addFirst(k.generic, first, from: other.ids, ids: &ids) }
        for (k, first) in other.firsts { addFirst(k, first, from: other.ids, ids: &ids) }
    }

    /// Folds a merged key of a table whose pool is `from` in.
    private mutating func addFirst(_ k: MergedUsageKey, _ first: EventTime, from: SalesforceIDPool, ids: inout SalesforceIDPool) {
        addFirst(MergedUsageKey(ip: k.ip, user: ids.number(for: from.id(k.user)!), app: ids.number(for: from.id(k.app)!), hour: k.hour), first)
    }

    /// The earliest first sighting under `key`, in the table its address family picks.
    private mutating func addFirst(_ key: MergedUsageKey, _ first: EventTime) {
        if let v4 = MergedUsageKeyV4(key) {
            firstsV4.add(first, at: v4) { $0 = min($0, $1) }
        } else {
            firsts.add(first, at: key) { $0 = min($0, $1) }
        }
    }

    private mutating func add(_ key: UsageKey, _ s: UsageSighting, ids: inout SalesforceIDPool) {
        guard let hour = Int32(exactly: key.hour) else {
            sightings.add(s, at: key) { $0.merge($1) }
            return
        }
        addFirst(MergedUsageKey(ip: key.ip, user: ids.number(for: key.user), app: ids.number(for: key.app), hour: hour), s.first)
    }

    private func usageKey(_ k: MergedUsageKey, _ ids: SalesforceIDPool) -> UsageKey {
        UsageKey(user: ids.id(k.user)!, ip: k.ip, app: ids.id(k.app)!, hour: Int64(k.hour))
    }

    public mutating func removeAll(keepingCapacity: Bool) {
        sightings.removeAll(keepingCapacity: keepingCapacity)
        firstsV4.removeAll(keepingCapacity: keepingCapacity)
        firsts.removeAll(keepingCapacity: keepingCapacity)
        ids = SalesforceIDPool()
    }
}

/// `UsageKey` in a merged store: user and app as `SalesforceIDPool` numbers, the hour in 32 bits,
/// the address's words before the narrow fields so the key packs into 29 bytes (32 with padding).
/// Its order is meaningless (pool numbers), so it is only hashed and compared for equality.
struct MergedUsageKey: MixedWordKey, Sendable {
    private var ipHigh: UInt64
    private var ipLow: UInt64
    var user: UInt32
    var app: UInt32
    var hour: Int32
    private var ipFamily: IPAddress.Family

    init(ip: IPAddress, user: UInt32, app: UInt32, hour: Int32) {
        ipHigh = ip.high; ipLow = ip.low; ipFamily = ip.family
        self.user = user; self.app = app; self.hour = hour
    }

    var ip: IPAddress {
        var a = IPAddress(v4: 0)
        a.family = ipFamily; a.high = ipHigh; a.low = ipLow
        return a
    }

    @inline(__always) var mixWord: UInt64 {
        keyMix(keyMix(keyMix(keyMix(ipHigh, ipLow), UInt64(ipFamily.rawValue)), UInt64(user) << 32 | UInt64(app)),
               UInt64(UInt32(bitPattern: hour)))
    }
}

/// `MergedUsageKey` for an IPv4 address: four 32-bit fields, 16 bytes, against 32.
struct MergedUsageKeyV4: MixedWordKey, Sendable {
    var ip: UInt32
    var user: UInt32
    var app: UInt32
    var hour: Int32

    /// Nil for an IPv6 address (or an IPv4 one whose unused bits are set, which parsing never gives).
    init?(ip: IPAddress, user: UInt32, app: UInt32, hour: Int32) {
        guard ip.family == .v4, ip.high == 0, let v4 = UInt32(exactly: ip.low) else { return nil }
        self.ip = v4; self.user = user; self.app = app; self.hour = hour
    }

    init?(_ k: MergedUsageKey) { self.init(ip: k.ip, user: k.user, app: k.app, hour: k.hour) }

    var generic: MergedUsageKey { MergedUsageKey(ip: IPAddress(v4: ip), user: user, app: app, hour: hour) }

    @inline(__always) var mixWord: UInt64 {
        keyMix(keyMix(UInt64(ip) << 32 | UInt64(user), UInt64(app) << 32 | UInt64(UInt32(bitPattern: hour))), 4)
    }
}

extension UsageTable: Equatable {
    /// Equal when they hold the same keys in the same forms with the same values (pool numbers
    /// aside: merged keys compare by the ids they stand for).
    public static func == (a: UsageTable, b: UsageTable) -> Bool {
        guard a.sightings == b.sightings, a.firstsV4.count == b.firstsV4.count, a.firsts.count == b.firsts.count else { return false }
        var bFirsts: [UsageKey: EventTime] = [:]
        for (k, f) in b.firstsV4 { bFirsts[b.usageKey(k.generic, b.ids)] = f }
        for (k, f) in b.firsts { bFirsts[b.usageKey(k, b.ids)] = f }
        for (k, f) in a.firstsV4 where bFirsts[a.usageKey(k.generic, a.ids)] != f { return false }
        for (k, f) in a.firsts where bFirsts[a.usageKey(k, a.ids)] != f { return false }
        return true
    }
}
