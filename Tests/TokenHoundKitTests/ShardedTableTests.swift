import XCTest
@testable import TokenHoundKit

/// `ShardedTable` must behave as the `Dictionary` it replaced: same lookups, entries, merges and
/// equality, whatever order entries arrive in.
final class ShardedTableTests: XCTestCase {
    typealias Rng = ReadingTestSupport.SplitMix64

    /// Keys from a small range so inserts hit existing keys often; some keys share low bits.
    private static func key(_ rng: inout Rng) -> UInt64 { UInt64.random(in: 0..<3_000, using: &rng) << (rng.next() % 2 == 0 ? 0 : 40) }

    func testBehavesLikeADictionaryUnderRandomInsertsUpdatesAndRemovals() {
        var rng = Rng(seed: 7)
        var table = ShardedTable<UInt64, Int>()
        var model: [UInt64: Int] = [:]
        for step in 0..<20_000 {
            let k = Self.key(&rng), v = Int.random(in: -1_000...1_000, using: &rng)
            switch rng.next() % 4 {
            case 0: table[k] = nil; model[k] = nil
            case 1: table.add(v, at: k, +=); model[k] = (model[k] ?? 0) + v
            case 2: if table[k] != nil { table[k]! -= v }; if model[k] != nil { model[k]! -= v }
            default: table[k] = v; model[k] = v
            }
            if step % 997 == 0 { XCTAssertEqual(table.count, model.count) }
        }
        XCTAssertEqual(table.count, model.count)
        XCTAssertEqual(table.isEmpty, model.isEmpty)
        XCTAssertGreaterThanOrEqual(table.capacity, table.count)
        for k in UInt64(0)..<3_000 { XCTAssertEqual(table[k], model[k]); XCTAssertEqual(table[k << 40], model[k << 40]) }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: table.map { ($0.key, $0.value) }), model, "iteration yields every entry once")
        XCTAssertEqual(Set(table.keys), Set(model.keys))
        XCTAssertEqual(table.values.sorted(), model.values.sorted())
    }

    func testMergesLikeDictionaryMergingInAnyOrder() {
        var rng = Rng(seed: 11)
        var parts: [ShardedTable<UInt64, Int>] = []
        var model: [UInt64: Int] = [:]
        for _ in 0..<6 {
            var part = ShardedTable<UInt64, Int>()
            for _ in 0..<Int.random(in: 0..<4_000, using: &rng) {
                let k = Self.key(&rng), v = Int.random(in: 1...9, using: &rng)
                part.add(v, at: k, +=)
                model[k, default: 0] += v
            }
            parts.append(part)
        }
        var forward = ShardedTable<UInt64, Int>(), backward = ShardedTable<UInt64, Int>()
        for p in parts { forward.merge(p, +=) }
        for p in parts.reversed() { backward.merge(p, +=) }
        XCTAssertEqual(forward, backward, "equal entries, whatever order they were merged in")
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: forward.map { ($0.key, $0.value) }), model)
        var changed = forward
        changed[forward.keys.first!]! += 1
        XCTAssertNotEqual(changed, forward)
    }

    func testUpdateValuesAndRemoveAll() {
        var table: ShardedTable<UInt64, Int> = [1: 10, 2: 20, 1 << 63: 30]
        table.updateValues { $0 *= 2 }
        XCTAssertEqual(table[1], 20)
        XCTAssertEqual(table[2], 40)
        XCTAssertEqual(table[1 << 63], 60)
        let capacity = table.capacity
        table.removeAll(keepingCapacity: true)
        XCTAssertTrue(table.isEmpty)
        XCTAssertEqual(table.count, 0)
        XCTAssertEqual(table.capacity, capacity)
        XCTAssertNil(table[1])
        table.removeAll(keepingCapacity: false)
        XCTAssertEqual(table.capacity, 0)
    }

    func testStoreKeysSpreadOverShards() {
        // Keys differing only in their hour must not pile into one shard (the shard mix is what
        // makes a resize double a sixteenth of the table).
        let user = SalesforceID("0055j00000AB001")!, app = SalesforceID("0H4000000000001")!, ip = IPAddress("10.0.0.1")!
        var table = ShardedTable<UsageKey, Int>()
        for hour in Int64(0)..<1_600 { table[UsageKey(user: user, ip: ip, app: app, hour: hour)] = 1 }
        var perShard: [Int: Int] = [:]
        for k in table.keys { perShard[ShardedTable<UsageKey, Int>.shard(of: k), default: 0] += 1 }
        XCTAssertEqual(perShard.count, ShardedTable<UsageKey, Int>.shardCount)
        XCTAssertLessThan(perShard.values.max()!, 200, "no shard holds more than twice its share")
    }

    func testSessionKeysAndAddressDaysSpreadOverShards() {
        // Session keys are FNV-1a hashes of similar LOGIN_KEYs; address-days differ in the day.
        var sessions: [Int: Int] = [:], days: [Int: Int] = [:]
        let user = SalesforceID("0055j00000AB001")!, ip = IPAddress("10.0.0.1")!
        for n in 0..<1_600 {
            sessions[ShardedTable<UInt64, Int>.shard(of: fnv1a64("LK\(n)")), default: 0] += 1
            days[ShardedTable<AddressDayKey, Int>.shard(of: AddressDayKey(user: user, ip: ip, day: Int64(n))), default: 0] += 1
        }
        for perShard in [sessions, days] {
            XCTAssertEqual(perShard.count, 16)
            XCTAssertLessThan(perShard.values.max()!, 200, "no shard holds more than twice its share")
        }
    }

    /// A volume key holds its mixed word: re-keyed to another file (as `StateStore` does), it is the
    /// key made for that file, in equality, hash and shard, and finds that key's entry.
    func testVolumeKeyRekeyedToAFileIsTheKeyMadeForThatFile() {
        let app = SalesforceID("0H45j000000Snw5")!
        for madeFor in [nil, app] as [SalesforceID?] {
            var rekeyed = VolumeKey(app: madeFor, kind: .restApi, hour: 480_000, file: 1)
            let made = VolumeKey(app: madeFor, kind: .restApi, hour: 480_000, file: 7)
            XCTAssertNotEqual(rekeyed, made)
            rekeyed.file = 7
            XCTAssertEqual(rekeyed, made)
            XCTAssertEqual(rekeyed.hashValue, made.hashValue)
            XCTAssertEqual(rekeyed.shardWord, made.shardWord)
            var table = ShardedTable<VolumeKey, Int>()
            table[made] = 3
            XCTAssertEqual(table[rekeyed], 3)
        }
    }

    /// A key whose shard word collides for many keys: keys sharing a word share a shard, and must
    /// still be told apart there (the merge goes shard to shard).
    private struct CollidingKey: ShardKey, Sendable {
        let value: UInt64
        var shardWord: UInt64 { value % 5 }
    }

    func testKeysWithCollidingShardWordsBehaveLikeADictionary() {
        var rng = Rng(seed: 23)
        var table = ShardedTable<CollidingKey, Int>()
        var model: [UInt64: Int] = [:]
        for _ in 0..<5_000 {
            let k = UInt64.random(in: 0..<400, using: &rng), v = Int.random(in: -50...50, using: &rng)
            switch rng.next() % 3 {
            case 0: table[CollidingKey(value: k)] = nil; model[k] = nil
            case 1: table.add(v, at: CollidingKey(value: k), +=); model[k] = (model[k] ?? 0) + v
            default: table[CollidingKey(value: k)] = v; model[k] = v
            }
        }
        XCTAssertEqual(table.count, model.count)
        for k in UInt64(0)..<400 { XCTAssertEqual(table[CollidingKey(value: k)], model[k], "key \(k)") }
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: table.map { ($0.key.value, $0.value) }), model)
        var merged = ShardedTable<CollidingKey, Int>()
        merged.merge(table, +=)
        merged.merge(table, +=)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: merged.map { ($0.key.value, $0.value) }), model.mapValues { 2 * $0 })
    }

    /// A session key's slot hashes its word through `seededSlotHash` (not SipHash) and converts
    /// back to the key; equal keys hash equally.
    func testSessionKeySlotIsTheSeededHashOfTheWord() {
        var rng = Rng(seed: 5)
        for _ in 0..<1_000 {
            let k = rng.next(), seed = Int(truncatingIfNeeded: rng.next())
            XCTAssertEqual(k.slot._rawHashValue(seed: seed), seededSlotHash(k, seed: seed))
            XCTAssertEqual(k.slot.hashValue, HashWordSlot(word: k).hashValue)
            XCTAssertEqual(UInt64(slot: k.slot), k)
            XCTAssertNotEqual(k.slot, (k ^ 1).slot)
        }
    }
}
