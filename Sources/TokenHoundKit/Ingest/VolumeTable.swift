/// API volume by (app, log type, hour, file), in one of two forms.
///
/// A store read from a file holds `tallies`: calls, rows and bytes per key, which persisted state
/// keeps per file. A store other stores are merged into (the one the analysis reads) holds only
/// what rule 9 reads (`VolumeSeries`): per (app, type, hour), the calls and rows of the file that
/// counted most, under a key with the app pooled and the hour in 32 bits. 32 bytes a table bucket
/// against 64, and one key per hour instead of one per file that covers it (an hourly and a daily
/// export of the same hour).
///
/// "The file that counted most" is the maximum of (calls, rows) over files, so folding file by
/// file in any order keeps the same value: the rule's choice, made as the files arrive. Keys
/// without an app are not kept once merged: no rule reads them.
///
/// Reads (`forEachTally`) see either form. Merging folds this table's own tallies into the merged
/// form first, so a key is held in one form only.
public struct VolumeTable: Sendable {
    /// Tallies as read from one file (the visitor folds API rows here). In a merged store, also
    /// the rare key whose hour does not fit 32 bits (a time beyond year 200,000).
    public var tallies: ShardedTable<VolumeKey, VolumeTally> = [:]
    /// Each (app, type, hour)'s busiest file, folded in from other stores.
    private var busiest: ShardedTable<MergedVolumeKey, HourVolume> = [:]
    /// The app ids `busiest`'s keys number.
    private var apps = SalesforceIDPool()

    public init() {}

    /// Bytes a merged key and its tally take in a table bucket (for `tokenhound-readbench`).
    public static var mergedBucketBytes: Int { MemoryLayout<MergedVolumeKey>.stride + MemoryLayout<HourVolume>.stride }

    /// Calls `body` with every tally rule 9 can read: (app, type, hour, calls, rows), one per file
    /// for the per-file form, one per hour (its busiest file's) for the merged form. In no
    /// particular order.
    func forEachTally(_ body: (SalesforceID?, LogKind, Int64, Int, Int64) -> Void) {
        for (k, t) in tallies { body(k.app, k.kind, k.hour, t.calls, t.rows) }
        for (k, v) in busiest { body(apps.id(k.app), k.kind, Int64(k.hour), v.calls, v.rows) }
    }

    public var count: Int { tallies.count + busiest.count }
    /// Whether tallies were merged in (the merged form holds no files and no bytes).
    var holdsMergedForm: Bool { !busiest.isEmpty }
    public var isEmpty: Bool { tallies.isEmpty && busiest.isEmpty }
    /// Entries the tables can hold without growing.
    public var capacity: Int { tallies.capacity + busiest.capacity }

    /// Folds `other` in: per (app, type, hour), the larger (calls, rows) of the two.
    mutating func merge(_ other: VolumeTable) {
        var apps = self.apps.takeAll()
        defer { self.apps = apps }
        for (k, t) in tallies.takeAll() { add(k, t, apps: &apps) }
        for (k, t) in other.tallies { add(k, t, apps: &apps) }
        for (k, v) in other.busiest {
            var key = k
            key.app = apps.number(for: other.apps.id(k.app)!)
            busiest.add(v, at: key) { $0.keepBusier($1) }
        }
    }

    private mutating func add(_ key: VolumeKey, _ t: VolumeTally, apps: inout SalesforceIDPool) {
        guard let app = key.app else { return }   // rule 9 reads apps' tallies only
        guard let hour = Int32(exactly: key.hour) else {
            tallies.add(t, at: key) { $0.merge($1) }
            return
        }
        busiest.add(HourVolume(calls: t.calls, rows: t.rows),
                    at: MergedVolumeKey(app: apps.number(for: app), hour: hour, kind: key.kind)) { $0.keepBusier($1) }
    }

    public mutating func removeAll(keepingCapacity: Bool) {
        tallies.removeAll(keepingCapacity: keepingCapacity)
        busiest.removeAll(keepingCapacity: keepingCapacity)
        apps = SalesforceIDPool()
    }
}

/// `VolumeKey` in a merged store, without the file: the app as a `SalesforceIDPool` number and the
/// hour in 32 bits. Its order is meaningless (pool numbers), so it is only hashed and compared.
struct MergedVolumeKey: MixedWordKey, Sendable {
    var app: UInt32
    var hour: Int32
    var kind: LogKind

    @inline(__always) var mixWord: UInt64 {
        keyMix(UInt64(app) << 32 | UInt64(UInt32(bitPattern: hour)), UInt64(withUnsafeBytes(of: kind) { $0.first ?? 0 }))
    }
}

/// One hour's tally as rule 9 weighs it: calls, then rows.
struct HourVolume: Sendable, Equatable {
    var calls: Int
    var rows: Int64

    /// Keeps the busier of the two (more calls, then more rows): what stands for the hour when
    /// several files cover it.
    @inline(__always) mutating func keepBusier(_ o: HourVolume) {
        if o.calls > calls || (o.calls == calls && o.rows > rows) { self = o }
    }
}

extension VolumeTable: Equatable {
    /// Equal when they hold the same tallies in the same forms (pool numbers aside: merged keys
    /// compare by the app ids they stand for).
    public static func == (a: VolumeTable, b: VolumeTable) -> Bool {
        guard a.tallies == b.tallies, a.busiest.count == b.busiest.count else { return false }
        var bBusiest: [VolumeKey: HourVolume] = [:]
        for (k, v) in b.busiest { bBusiest[b.volumeKey(k)] = v }
        for (k, v) in a.busiest where bBusiest[a.volumeKey(k)] != v { return false }
        return true
    }

    /// A merged key as a `VolumeKey` (file 0: the merged form has no file).
    private func volumeKey(_ k: MergedVolumeKey) -> VolumeKey {
        VolumeKey(app: apps.id(k.app), kind: k.kind, hour: Int64(k.hour), file: 0)
    }
}
