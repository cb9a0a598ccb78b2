/// ApiTotalUsage sighting key: who called from where through which app, per hour. The attribution
/// join (salesforce-logs.md method 4) needs no more than this, so state grows with distinct
/// (user, IP, app, hour), never with rows.
public struct UsageKey: Hashable, Sendable, Comparable {
    /// The fields folded into one word (see "Hashing on the per-row path").
    let mixWord: UInt64
    public let user: SalesforceID
    public let ip: IPAddress
    public let app: SalesforceID
    public let hour: Int64

    public init(user: SalesforceID, ip: IPAddress, app: SalesforceID, hour: Int64) {
        self.init(UserAddress(user: user, ip: ip), app: app, hour: hour)
    }

    @inline(__always)
    init(_ who: UserAddress, app: SalesforceID, hour: Int64) {
        user = who.user; ip = who.ip; self.app = app; self.hour = hour
        mixWord = keyMix(keyMix(who.mixWord, app.mixWord), UInt64(bitPattern: hour))
    }

    public static func < (a: UsageKey, b: UsageKey) -> Bool { (a.user, a.ip, a.app, a.hour) < (b.user, b.ip, b.app, b.hour) }
}

public struct UsageSighting: Sendable, Equatable {
    public var first: EventTime
    public var last: EventTime
    public var count: Int
    mutating func merge(_ o: UsageSighting) { first = min(first, o.first); last = max(last, o.last); count += o.count }
}

/// Volume per app, event type, hour and file. Kept per file so rows duplicated across hourly and
/// daily files can be counted once when the coverage stage finds the files overlap.
public struct VolumeKey: Hashable, Sendable, Comparable {
    /// The fields folded into one word (see "Hashing on the per-row path").
    private(set) var mixWord: UInt64
    public let app: SalesforceID?
    public let kind: LogKind
    public let hour: Int64
    /// Settable: a persisted file's tallies are re-keyed to its file id (`StateStore`).
    public var file: UInt32 { didSet { mixWord = Self.mix(app: app, kind: kind, hour: hour, file: file) } }

    public init(app: SalesforceID?, kind: LogKind, hour: Int64, file: UInt32) {
        self.app = app; self.kind = kind; self.hour = hour; self.file = file
        mixWord = Self.mix(app: app, kind: kind, hour: hour, file: file)
    }

    @inline(__always)
    private static func mix(app: SalesforceID?, kind: LogKind, hour: Int64, file: UInt32) -> UInt64 {
        keyMix(keyMix(keyMix(app?.mixWord ?? 0x5A5A, UInt64(bitPattern: hour)), UInt64(file)),
               UInt64(withUnsafeBytes(of: kind) { $0.first ?? 0 }))
    }

    public static func < (a: VolumeKey, b: VolumeKey) -> Bool {
        (a.app?.description ?? "", a.kind, a.hour, a.file) < (b.app?.description ?? "", b.kind, b.hour, b.file)
    }
}

public struct VolumeTally: Sendable, Equatable {
    public var calls: Int
    public var rows: Int64
    public var bytes: Int64
    mutating func merge(_ o: VolumeTally) { calls += o.calls; rows += o.rows; bytes += o.bytes }
}

/// Activity of a user from one IP on one day, for chains where no LOGIN_KEY exists.
public struct AddressDayKey: Hashable, Sendable {
    /// The fields folded into one word (see "Hashing on the per-row path").
    let mixWord: UInt64
    public let user: SalesforceID
    public let ip: IPAddress
    public let day: Int64

    public init(user: SalesforceID, ip: IPAddress, day: Int64) {
        self.init(UserAddress(user: user, ip: ip), day: day)
    }

    @inline(__always)
    init(_ who: UserAddress, day: Int64) {
        user = who.user; ip = who.ip; self.day = day
        mixWord = keyMix(who.mixWord, UInt64(bitPattern: day))
    }
}

/// A user and the IP they called from, with both folded into one word: how an address-day key's
/// and a usage key's words start. An ApiTotalUsage row makes both keys; built once per row, the
/// user's and the IP's words are folded once.
struct UserAddress {
    let user: SalesforceID
    let ip: IPAddress
    let mixWord: UInt64

    @inline(__always)
    init(user: SalesforceID, ip: IPAddress) {
        self.user = user; self.ip = ip
        mixWord = keyMix(user.mixWord, ip.mixWord)
    }
}

// MARK: - Hashing on the per-row path

/// Folds a key's words into one before `Hasher` sees it: one SipHash round per lookup instead of
/// one per field. Equality stays field-wise (synthesised), so collisions only cost a compare.
@inline(__always)
func keyMix(_ h: UInt64, _ v: UInt64) -> UInt64 {
    var x = (h ^ v) &* 0x9E37_79B9_7F4A_7C15
    x ^= x >> 29
    return x
}

extension SalesforceID {
    @inline(__always) var mixWord: UInt64 { keyMix(keyMix(hi, mid), UInt64(lo)) }
}

extension IPAddress {
    @inline(__always) var mixWord: UInt64 { keyMix(keyMix(high, low), UInt64(family.rawValue)) }
}

/// A table slot hash for a key's mixed word: the murmur3 finaliser over the word and the table's
/// seed. The keys probed on every API row implement Hashable's `_rawHashValue(seed:)`, the entry
/// point Dictionary and Set call for each probe, with this: the default builds a SipHash hasher
/// per probe (about 150 instructions, some 3% of the read). The seed differs per table and per
/// process, so slots stay unpredictable from the input.
@inline(__always)
func seededSlotHash(_ word: UInt64, seed: Int) -> Int {
    Int(truncatingIfNeeded: EventBytes.finalMix(word ^ UInt64(bitPattern: Int64(seed))))
}

/// A merged store's key (pool numbers, no public use): its table slot, its `Hasher` input and its
/// shard all come from one mixed word, so the key type only says how its fields fold into it.
protocol MixedWordKey: ShardKey {
    var mixWord: UInt64 { get }
}

extension MixedWordKey {
    @inline(__always) var shardWord: UInt64 { mixWord }
    func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}

// The keys probed on every API row hold their mixed word, computed once when the key is made: a
// row's key was hashed twice (its shard, then its slot in the shard: `_rawHashValue` is not inlined
// into the dictionary's probe), some 45 to 65 instructions each time. The word is the first stored
// field, so the synthesised `==` passes over a bucket holding another key on one compare. The
// fields are `let` (a volume key's file resets the word): the word cannot go stale.
extension UsageKey {
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}

extension VolumeKey {
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}

extension AddressDayKey {
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}
