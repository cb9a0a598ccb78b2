/// A key that names its shard of a `ShardedTable` by one well-mixed word.
public protocol ShardKey: Hashable {
    /// A word whose top bits are well mixed (they pick the shard): the store's keys' mixed words
    /// end with a multiply (`keyMix`), whose top bits depend on every bit below.
    var shardWord: UInt64 { get }
    /// The key as a shard's dictionary holds it: the key itself where its own slot hash is cheap
    /// (the store's keys hash their mixed word), else a type that hashes cheaply and converts back
    /// (`HashWordSlot` for session keys).
    associatedtype Slot: Hashable & Sendable = Self
    var slot: Slot { get }
    init(slot: Slot)
}

extension ShardKey where Slot == Self {
    @inline(__always) public var slot: Self { self }
    @inline(__always) public init(slot: Self) { self = slot }
}

/// A dictionary split into `shardCount` dictionaries by key hash, so a resize only doubles the
/// shard that filled: the evidence store's tables hold hundreds of thousands of entries, and a
/// plain `Dictionary` resize keeps the old and the new table (one and a half times the table) alive
/// at once, which was the read stage's peak. Reads and writes behave as `Dictionary`'s; iteration
/// order is unspecified, as it is for `Dictionary`.
///
/// A key's shard depends on the key alone (never on the table or the process), so two tables
/// holding the same entries hold them in the same shards: merges go shard to shard and equality is
/// per shard. Within a shard the dictionary hashes with its own seed, as usual, from the key's shard
/// word or its mixed word (`ShardKey.Slot`).
public struct ShardedTable<Key: ShardKey & Sendable, Value: Sendable>: Sequence, Sendable {
    static var shardCount: Int { 16 }
    /// One shard: a dictionary over the keys' `slot`s.
    public typealias Shard = [Key.Slot: Value]
    private var shards: [Shard] = Array(repeating: [:], count: Self.shardCount)

    public init() {}

    /// The shard word's top 4 bits: 16 shards. Not mixed again here: every access to a mixed-word
    /// key's shard paid a murmur3 finaliser, and the key's slot hash another.
    @inline(__always)
    static func shard(of key: Key) -> Int {
        Int(truncatingIfNeeded: key.shardWord >> 60)
    }

    /// Reads as `Dictionary`'s subscript; writes in place (a value's arrays are not copied when it
    /// is changed through it, and a nil left in place inserts nothing).
    public subscript(key: Key) -> Value? {
        @inline(__always) get { shards[Self.shard(of: key)][key.slot] }
        @inline(__always) _modify { yield &shards[Self.shard(of: key)][key.slot] }
    }

    /// The one dictionary that holds (or would hold) `key`, for the per-row path: it probes that
    /// dictionary directly (under `key.slot`), exactly as it probed the unsharded table.
    subscript(shardHolding key: Key) -> Shard {
        @inline(__always) get { shards[Self.shard(of: key)] }
        @inline(__always) _modify { yield &shards[Self.shard(of: key)] }
    }

    /// Combines `value` into the entry under `key` (`combine(&entry, value)`), or inserts it.
    @inline(__always)
    public mutating func add(_ value: Value, at key: Key, _ combine: (inout Value, Value) -> Void) {
        shards[Self.shard(of: key)].add(value, at: key.slot, combine)
    }

    public var count: Int { shards.reduce(0) { $0 + $1.count } }
    // Closures, not key paths: in this generic type a key path (`\.isEmpty`) is instantiated at
    // run time on every call, and `isEmpty` is asked once per usage lookup while grants are
    // attributed (5% of the analysis stage at 10 GB).
    public var isEmpty: Bool { !shards.contains { !$0.isEmpty } }
    /// Entries the shards can hold without growing.
    public var capacity: Int { shards.reduce(0) { $0 + $1.capacity } }
    public var keys: LazyMapSequence<FlattenSequence<[Shard]>, Key> { shards.joined().lazy.map { Key(slot: $0.key) } }
    public var values: LazyMapSequence<FlattenSequence<[Shard]>, Value> { shards.joined().lazy.map { $0.value } }

    public func makeIterator() -> Iterator { Iterator(base: shards.joined().makeIterator()) }

    /// The entries shard by shard, keys made back from their slots.
    public struct Iterator: IteratorProtocol {
        fileprivate var base: FlattenSequence<[Shard]>.Iterator

        @inline(__always)
        public mutating func next() -> (key: Key, value: Value)? {
            guard let (slot, value) = base.next() else { return nil }
            return (Key(slot: slot), value)
        }
    }

    public mutating func removeAll(keepingCapacity: Bool) {
        for i in shards.indices { shards[i].removeAll(keepingCapacity: keepingCapacity) }
    }

    /// Adds `other`'s entries, combining values under keys both hold. Each shard reserves room for
    /// what it takes in, so it grows at most once per merge (capacities are powers of two, so this
    /// stays geometric).
    public mutating func merge(_ other: ShardedTable, _ combine: (inout Value, Value) -> Void) {
        for i in shards.indices where !other.shards[i].isEmpty {
            shards[i].reserveCapacity(shards[i].count + other.shards[i].count)
            for (k, v) in other.shards[i] { shards[i].add(v, at: k, combine) }
        }
    }

    /// Folds `other`'s entries in, which may hold another form of value: `fold(&entry, value)` for
    /// each, `entry` nil where this table lacks the key (leaving it set inserts). Reserves room
    /// shard by shard as `merge` does.
    mutating func fold<OtherValue>(_ other: ShardedTable<Key, OtherValue>, _ fold: (inout Value?, OtherValue) -> Void) {
        for i in shards.indices where !other.shards[i].isEmpty {
            shards[i].reserveCapacity(shards[i].count + other.shards[i].count)
            for (k, v) in other.shards[i] { fold(&shards[i][k], v) }
        }
    }

    /// The table's entries, leaving it empty: how a two-form table folds its own per-file entries
    /// into its merged form (the entries it returns are the only reference to them).
    mutating func takeAll() -> ShardedTable {
        defer { self = [:] }
        return self
    }

    /// Calls `body` on every value in place.
    mutating func updateValues(_ body: (inout Value) -> Void) {
        for i in shards.indices {
            var j = shards[i].values.startIndex
            while j != shards[i].values.endIndex {
                body(&shards[i].values[j])
                shards[i].values.formIndex(after: &j)
            }
        }
    }
}

extension ShardedTable: Equatable where Value: Equatable {}

/// A session key (a LOGIN_KEY's FNV-1a hash, a plain `UInt64`) as a shard holds it. `UInt64`'s own
/// `_rawHashValue(seed:)`, which Dictionary calls for each probe, builds a SipHash hasher (about
/// 150 instructions, on every RestApi row); the word is already a hash, so the slot hash is one
/// murmur3 finaliser over it and the table's seed (`seededSlotHash`), as for the store's other keys.
public struct HashWordSlot: Hashable, Sendable {
    public let word: UInt64

    public func hash(into hasher: inout Hasher) { hasher.combine(word) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(word, seed: seed) }
}

extension ShardedTable: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (Key, Value)...) {
        for (k, v) in elements { self[k] = v }
    }
}

extension Dictionary {
    /// Combines `value` into the entry under `key`, or inserts it. Not `self[key, default: ...]`:
    /// its autoclosure captured the value and was heap-allocated on every call (two allocations
    /// per API row in profiles). One probe for a hit; a new key costs a second probe to insert.
    @inline(__always)
    mutating func add(_ value: Value, at key: Key, _ combine: (inout Value, Value) -> Void) {
        if let i = index(forKey: key) { combine(&values[i], value) } else { self[key] = value }
    }
}

extension UInt64: ShardKey {
    /// Session keys are FNV-1a hashes, whose last multiply is by a sparse prime: mixed once more
    /// for the shard, as the slot hash (`HashWordSlot`) mixes them for the slot.
    @inline(__always) public var shardWord: UInt64 { EventBytes.finalMix(self) }
    @inline(__always) public var slot: HashWordSlot { HashWordSlot(word: self) }
    @inline(__always) public init(slot: HashWordSlot) { self = slot.word }
}
extension UsageKey: ShardKey { @inline(__always) public var shardWord: UInt64 { mixWord } }
extension VolumeKey: ShardKey { @inline(__always) public var shardWord: UInt64 { mixWord } }
extension AddressDayKey: ShardKey { @inline(__always) public var shardWord: UInt64 { mixWord } }
