/// Sessions by LOGIN_KEY hash (`SessionTable`) or address-days (user, IP, day), in one of two forms.
///
/// A store read from a file holds `activity`: everything the rows said (times, counts, dropped
/// steps), which persisted state keeps per file. A store other stores are merged into (the one the
/// analysis reads) holds only what the analysis reads: the lowest app id, the lowest user id and
/// the earliest steps, ids pooled per table and steps packed (`PackedSteps`, detail texts pooled
/// per table). That is 24 bytes a session's table bucket against 112 (a key and a
/// `SessionActivity`), over half a million sessions at 10 GB, most of them without steps, and
/// about 26 bytes a step against 64 (`ActivityStep`).
///
/// Reads (`subscript`, iteration) give either form as `SessionEvidence`. Merging folds this
/// table's own `activity` into the merged form first, so a key is held in one form only.
public struct ActivityTable<Key: ShardKey & Sendable>: Sendable, Sequence {
    /// Activity as read from one file (the visitor folds API rows here).
    public var activity: ShardedTable<Key, SessionActivity> = [:]
    /// Activity folded in from other stores, in the merged form.
    private var merged: ShardedTable<Key, MergedActivity> = [:]
    /// The ids `merged` numbers.
    private var ids = SalesforceIDPool()
    /// The step detail texts `merged`'s steps number.
    private var texts = ValuePool<ExactText>()

    public init() {}

    /// What the analysis reads of merged activity: app and user as `SalesforceIDPool` numbers,
    /// steps as `SessionActivity` keeps them, packed (no steps hold no heap block).
    fileprivate struct MergedActivity: Sendable {
        var app: UInt32
        var user: UInt32
        var steps: PackedSteps
    }

    /// Bytes a merged entry takes in a table bucket, key included (for `tokenhound-readbench`).
    public static var mergedBucketBytes: Int { MemoryLayout<Key>.stride + MemoryLayout<MergedActivity>.stride }

    /// Bytes the merged form's packed steps take, block headers aside (for `tokenhound-readbench`).
    public var mergedStepBytes: Int { merged.values.reduce(0) { $0 + $1.steps.bytes.count } }

    public subscript(key: Key) -> SessionEvidence? {
        if let a = activity[key] { return SessionEvidence(a) }
        if let m = merged[key] { return evidence(m) }
        return nil
    }

    /// `self[key]` with only the steps `keep` selects by kind and time: merged steps are skipped
    /// packed, so a session's many steps no rule wants are never built (its texts retained, its
    /// request ids unpacked).
    public func evidence(of key: Key, keepingSteps keep: (ChainStep.Kind, EventTime) -> Bool) -> SessionEvidence? {
        if let a = activity[key] {
            var steps: [ActivityStep] = []
            for i in a.steps.indices where keep(a.steps[i].kind, a.steps[i].time) { steps.append(a.steps[i]) }
            return SessionEvidence(appID: a.appID, user: a.user, steps: steps)
        }
        if let m = merged[key] {
            return SessionEvidence(appID: ids.id(m.app), user: ids.id(m.user), steps: m.steps.unpacked(texts: texts, where: keep))
        }
        return nil
    }

    /// Whether `key`'s activity holds a step `keep` selects by kind and time (none when `key` is
    /// not held), no step built.
    public func containsStep(of key: Key, where keep: (ChainStep.Kind, EventTime) -> Bool) -> Bool {
        if let a = activity[key] { return a.steps.indices.contains { keep(a.steps[$0].kind, a.steps[$0].time) } }
        return merged[key]?.steps.contains(where: keep) ?? false
    }

    /// The lowest app id of `key`'s activity, its steps left packed.
    public func appID(of key: Key) -> SalesforceID? {
        if let a = activity[key] { return a.appID }
        return merged[key].flatMap { ids.id($0.app) }
    }

    /// The keys whose steps include one of `kinds`, in no particular order. Merged steps are
    /// scanned packed, so the many entries without such a step are never unpacked.
    public func keys(withStepOf kinds: [ChainStep.Kind]) -> [Key] {
        var out: [Key] = []
        for (k, a) in activity where a.steps.contains(where: { kinds.contains($0.kind) }) { out.append(k) }
        for (k, m) in merged where m.steps.contains(anyOf: kinds) { out.append(k) }
        return out
    }

    public var count: Int { activity.count + merged.count }
    /// Whether activity was merged in (the merged form holds no per-file times or counts).
    var holdsMergedForm: Bool { !merged.isEmpty }
    public var isEmpty: Bool { activity.isEmpty && merged.isEmpty }
    /// Buckets' worth of entries the tables can hold without growing.
    public var capacity: Int { activity.capacity + merged.capacity }
    public var keys: [Key] { Array(activity.keys) + Array(merged.keys) }

    public func makeIterator() -> Iterator {
        Iterator(activity: activity.makeIterator(), merged: merged.makeIterator(), table: self)
    }

    public struct Iterator: IteratorProtocol {
        fileprivate var activity: ShardedTable<Key, SessionActivity>.Iterator
        fileprivate var merged: ShardedTable<Key, MergedActivity>.Iterator
        fileprivate let table: ActivityTable

        public mutating func next() -> (key: Key, value: SessionEvidence)? {
            if let (k, a) = activity.next() { return (k, SessionEvidence(a)) }
            if let (k, m) = merged.next() { return (k, table.evidence(m)) }
            return nil
        }
    }

    private func evidence(_ m: MergedActivity) -> SessionEvidence {
        SessionEvidence(appID: ids.id(m.app), user: ids.id(m.user), steps: m.steps.unpacked(texts: texts))
    }

    /// Folds `other` in with `SessionActivity.merge`'s rules for what the analysis reads: the
    /// lowest app id, the lowest user id (compared as ids, never as pool numbers) and the earliest
    /// `SessionActivity.maxSteps` distinct steps. Merged steps are always sorted and trimmed
    /// (`keepEarliest`), a new key's too, so an entry is unpacked again only when more steps
    /// arrive for it, and `compactSteps()` has nothing left to do for the merged form. Trimming
    /// early keeps the same steps: the earliest of the earliest are the earliest of all.
    mutating func merge(_ other: ActivityTable) {
        var pools = (ids: self.ids.takeAll(), texts: self.texts.takeAll())
        defer { (self.ids, self.texts) = pools }
        merged.fold(activity.takeAll()) { Self.fold(app: $1.appID, user: $1.user, steps: $1.steps, into: &$0, pools: &pools) }
        merged.fold(other.activity) { Self.fold(app: $1.appID, user: $1.user, steps: $1.steps, into: &$0, pools: &pools) }
        merged.fold(other.merged) {
            Self.fold(app: other.ids.id($1.app), user: other.ids.id($1.user), steps: $1.steps.unpacked(texts: other.texts),
                      into: &$0, pools: &pools)
        }
    }

    private static func fold(app: SalesforceID?, user: SalesforceID?, steps: [ActivityStep], into entry: inout MergedActivity?,
                             pools: inout (ids: SalesforceIDPool, texts: ValuePool<ExactText>)) {
        guard var m = entry else {
            var kept = steps
            if !kept.isEmpty { _ = SessionActivity.keepEarliest(&kept) }
            entry = MergedActivity(app: pools.ids.number(for: app), user: pools.ids.number(for: user),
                                   steps: PackedSteps(kept, texts: &pools.texts))
            return
        }
        if let app, m.app == SalesforceIDPool.none || app < pools.ids.id(m.app)! { m.app = pools.ids.number(for: app) }
        if let user, m.user == SalesforceIDPool.none || user < pools.ids.id(m.user)! { m.user = pools.ids.number(for: user) }
        if !steps.isEmpty {   // no new steps: the packed ones are already the earliest
            var all = m.steps.unpacked(texts: pools.texts) + steps
            _ = SessionActivity.keepEarliest(&all)
            m.steps = PackedSteps(all, texts: &pools.texts)
        }
        entry = m
    }

    /// Sorts every per-file entry's steps and keeps the earliest (`SessionActivity.compact`); the
    /// merged form's are kept that way as they are folded in.
    mutating func compactSteps() {
        activity.updateValues { $0.compact() }
    }

    public mutating func removeAll(keepingCapacity: Bool) {
        activity.removeAll(keepingCapacity: keepingCapacity)
        merged.removeAll(keepingCapacity: keepingCapacity)
        ids = SalesforceIDPool()
        texts = ValuePool()
    }
}

/// Sessions by LOGIN_KEY hash (see `ActivityTable`).
public typealias SessionTable = ActivityTable<UInt64>

/// What the analysis reads of a session, whichever form the store holds it in.
public struct SessionEvidence: Sendable, Equatable {
    /// The lowest connected-app id seen in the session.
    public var appID: SalesforceID?
    public var user: SalesforceID?
    /// The earliest notable steps, sorted once the store is canonical.
    public var steps: [ActivityStep]

    public init(appID: SalesforceID?, user: SalesforceID?, steps: [ActivityStep]) {
        self.appID = appID; self.user = user; self.steps = steps
    }

    init(_ a: SessionActivity) { self.init(appID: a.appID, user: a.user, steps: a.steps) }
}
