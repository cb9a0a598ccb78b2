/// ApiTotalUsage sighting key: who called from where through which app, per hour. The attribution
/// join (salesforce-logs.md method 4) needs no more than this, so state grows with distinct
/// (user, IP, app, hour), never with rows.
public struct UsageKey: Hashable, Sendable, Comparable {
    public var user: SalesforceID
    public var ip: IPAddress
    public var app: SalesforceID
    public var hour: Int64
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
    public var app: SalesforceID?
    public var kind: LogKind
    public var hour: Int64
    public var file: UInt32
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
    public var user: SalesforceID
    public var ip: IPAddress
    public var day: Int64
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

extension UsageKey {
    @inline(__always) var mixWord: UInt64 {
        keyMix(keyMix(keyMix(user.mixWord, ip.mixWord), app.mixWord), UInt64(bitPattern: hour))
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}

extension VolumeKey {
    @inline(__always) var mixWord: UInt64 {
        let a = app?.mixWord ?? 0x5A5A
        return keyMix(keyMix(keyMix(a, UInt64(bitPattern: hour)), UInt64(file)), UInt64(withUnsafeBytes(of: kind) { $0.first ?? 0 }))
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}

extension AddressDayKey {
    @inline(__always) var mixWord: UInt64 { keyMix(keyMix(user.mixWord, ip.mixWord), UInt64(bitPattern: day)) }
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }
}
