/// Sessions by LOGIN_KEY hash, in one of two forms.
///
/// A store read from a file holds `activity`: everything the rows said (times, counts, dropped
/// steps), which persisted state keeps per file. A store other stores are merged into (the one the
/// analysis reads) holds only what the analysis reads: the lowest app id, the lowest user id and
/// the earliest steps, ids pooled per table. That is 24 bytes a table bucket against 112 (a key
/// and a `SessionActivity`), over half a million sessions at 10 GB, most of them without steps.
///
/// Reads (`subscript`, iteration) give either form as `SessionEvidence`. Merging folds this
/// table's own `activity` into the merged form first, so a key is held in one form only.
public struct SessionTable: Sendable, Sequence {
    /// Sessions as read from one file (the visitor folds API rows here).
    public var activity: ShardedTable<UInt64, SessionActivity> = [:]
    /// Sessions folded in from other stores, in the merged form.
    private var merged: ShardedTable<UInt64, MergedSession> = [:]
    /// The ids `merged` numbers.
    private var ids = SalesforceIDPool()

    public init() {}

    /// What the analysis reads of a merged session: app and user as `SalesforceIDPool` numbers,
    /// steps as `SessionActivity` keeps them (a stepless session holds no array).
    fileprivate struct MergedSession: Sendable {
        var app: UInt32
        var user: UInt32
        var steps: [ActivityStep]
    }

    /// Bytes a merged session takes in a table bucket, key included (for `tokenhound-readbench`).
    public static var mergedBucketBytes: Int { MemoryLayout<UInt64>.stride + MemoryLayout<MergedSession>.stride }

    public subscript(key: UInt64) -> SessionEvidence? {
        if let a = activity[key] { return SessionEvidence(a) }
        if let m = merged[key] { return evidence(m) }
        return nil
    }

    public var count: Int { activity.count + merged.count }
    /// Whether sessions were merged in (the merged form holds no per-file times or counts).
    var holdsMergedForm: Bool { !merged.isEmpty }
    public var isEmpty: Bool { activity.isEmpty && merged.isEmpty }
    /// Buckets' worth of entries the tables can hold without growing.
    public var capacity: Int { activity.capacity + merged.capacity }
    public var keys: [UInt64] { Array(activity.keys) + Array(merged.keys) }

    public func makeIterator() -> Iterator {
        Iterator(activity: activity.makeIterator(), merged: merged.makeIterator(), table: self)
    }

    public struct Iterator: IteratorProtocol {
        fileprivate var activity: FlattenSequence<[[UInt64: SessionActivity]]>.Iterator
        fileprivate var merged: FlattenSequence<[[UInt64: MergedSession]]>.Iterator
        fileprivate let table: SessionTable

        public mutating func next() -> (key: UInt64, value: SessionEvidence)? {
            if let (k, a) = activity.next() { return (k, SessionEvidence(a)) }
            if let (k, m) = merged.next() { return (k, table.evidence(m)) }
            return nil
        }
    }

    private func evidence(_ m: MergedSession) -> SessionEvidence {
        SessionEvidence(appID: ids.id(m.app), user: ids.id(m.user), steps: m.steps)
    }

    /// Folds `other` in with `SessionActivity.merge`'s rules for what the analysis reads: the
    /// lowest app id, the lowest user id (compared as ids, never as pool numbers) and the earliest
    /// `SessionActivity.maxSteps` distinct steps. A new key keeps its steps as they came, as the
    /// full form does; `compactSteps()` sorts and trims them.
    mutating func merge(_ other: SessionTable) {
        var ids = self.ids
        self.ids = SalesforceIDPool()   // `ids` is the only reference while it grows
        defer { self.ids = ids }
        if !activity.isEmpty {
            let own = activity
            activity = [:]
            merged.fold(own) { Self.fold(app: $1.appID, user: $1.user, steps: $1.steps, into: &$0, ids: &ids) }
        }
        merged.fold(other.activity) { Self.fold(app: $1.appID, user: $1.user, steps: $1.steps, into: &$0, ids: &ids) }
        merged.fold(other.merged) {
            Self.fold(app: other.ids.id($1.app), user: other.ids.id($1.user), steps: $1.steps, into: &$0, ids: &ids)
        }
    }

    private static func fold(app: SalesforceID?, user: SalesforceID?, steps: [ActivityStep],
                             into entry: inout MergedSession?, ids: inout SalesforceIDPool) {
        guard var m = entry else {
            entry = MergedSession(app: ids.number(for: app), user: ids.number(for: user), steps: steps)
            return
        }
        entry = nil   // `m` is the only reference to the steps while they change
        if let app, m.app == SalesforceIDPool.none || app < ids.id(m.app)! { m.app = ids.number(for: app) }
        if let user, m.user == SalesforceIDPool.none || user < ids.id(m.user)! { m.user = ids.number(for: user) }
        m.steps += steps
        _ = SessionActivity.keepEarliest(&m.steps)
        entry = m
    }

    /// Sorts every session's steps and keeps the earliest (`SessionActivity.compact`).
    mutating func compactSteps() {
        activity.updateValues { $0.compact() }
        merged.updateValues { _ = SessionActivity.keepEarliest(&$0.steps) }
    }

    public mutating func removeAll(keepingCapacity: Bool) {
        activity.removeAll(keepingCapacity: keepingCapacity)
        merged.removeAll(keepingCapacity: keepingCapacity)
        ids = SalesforceIDPool()
    }
}

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
