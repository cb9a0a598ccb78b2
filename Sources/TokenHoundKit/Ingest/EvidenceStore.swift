/// Everything tokenhound keeps from the logs, in a form that merges commutatively: per-file
/// stores built on any thread, merged in any order, give the same store. Detection runs over the
/// merged store; persisted state (issue "daily runs") is this store on disk.
///
/// What it keeps grows with OAuth grants, sessions and distinct (user, IP, app, hour) tuples,
/// never with API rows: RestApi/ApiTotalUsage rows are folded into aggregates on the hot path.
public struct EvidenceStore: EventVisitor, Sendable {
    /// OAuth token-endpoint logins and OAuth export rows (few compared with API rows).
    public var auth: [AuthEvent] = []
    /// LOGIN_KEY hash -> what the session did and which app it belonged to: in full as read from a
    /// file, slimmed to what the analysis reads once merged (see `SessionTable`).
    /// (The keyed tables are sharded: see `ShardedTable`.)
    public var sessions = SessionTable()
    /// ApiTotalUsage (no LOGIN_KEY): user + IP + day -> what was done, in the same two forms.
    public var addressActivity = ActivityTable<AddressDayKey>()
    /// ApiTotalUsage: user + IP + app + hour -> sightings (in full as read, first only once merged).
    public var usage = UsageTable()
    /// RestApi/API/ApiTotalUsage/BulkApiRequest: app + type + hour (+ file as read) -> volume.
    public var volume = VolumeTable()
    /// `0H4...` id -> name, from ApiTotalUsage rows and ConnectedApplication exports.
    public var appNames: [SalesforceID: String] = [:]
    public var bulkJobs: [BulkJobEvent] = []
    public var logouts: [LogoutEvent] = []
    public var holdings: [TokenHolding] = []
    public var privileges: [PrivilegeGrant] = []

    /// Shared copies of the text kept rows repeat (see `ValueInterner`): grants' details and
    /// steps' query text. Not evidence: only how it is held.
    private var authDetails = ValueInterner<AuthDetailsBox>()
    private var stepDetails = StepDetailTexts()
    /// Merged stores' grants, one list per merged store, until `canonicalize()` moves them into
    /// `auth`: appending them there as they came grew `auth` by doubling, and its last doubling
    /// (the old and the new list alive at once, half a million grants each on a big org) was the
    /// read stage's peak. Moved once into a list reserved for all of them, each freed as it goes.
    private var mergedAuth: [[AuthEvent]] = []

    public init() {}

    // MARK: EventVisitor

    public mutating func visit(auth event: AuthEvent) {
        var e = event
        e.details = authDetails.shared(e.details)
        auth.append(e)
    }

    public mutating func visit(apiCall c: ApiCallView) {
        // Almost no row is a step: the step (with its interned text) is built only for those that
        // are, and folded in after the row's totals. Carrying an `ActivityStep?` through the fold
        // cost an outlined copy and destroy of the optional (it holds a String) on every API row.
        let stepKind = ActivityClassifier.stepKind(kind: c.kind, method: c.method, resource: c.resource, query: c.query)

        // No `table[key, default: ...]` on this path: its autoclosure captured the row and was
        // heap-allocated on every call (two allocations per API row in profiles). Each table is
        // probed once per row; a new key costs a second probe to insert.
        //
        // The row's user and IP folded once (`UserAddress`) for both keys that start from them: an
        // ApiTotalUsage row (no LOGIN_KEY) makes an address-day key and a usage key.
        var who: UserAddress?
        if c.loginKey.count > 0 {
            let key = fnv1a64(c.loginKey)
            Self.record(c, step: stepKind, texts: &stepDetails, in: &sessions.activity[shardHolding: key], at: key,
                        withOwner: true, creating: true)
        } else if let user = c.user, let ip = c.clientIP {
            let userAddress = UserAddress(user: user, ip: ip)
            who = userAddress
            let key = AddressDayKey(userAddress, day: c.time.dayIndex)
            Self.record(c, step: stepKind, texts: &stepDetails, in: &addressActivity.activity[shardHolding: key], at: key,
                        withOwner: false, creating: stepKind != nil)
        }

        if c.kind == .apiTotalUsage, let user = c.user, let ip = c.clientIP, let app = c.connectedAppID {
            usage.sightings.add(UsageSighting(first: c.time, last: c.time, count: 1),
                      at: UsageKey(who ?? UserAddress(user: user, ip: ip), app: app, hour: c.time.hourIndex)) { $0.merge($1) }
        }

        if c.kind == .apiTotalUsage || c.kind == .restApi || c.kind == .api || c.kind == .bulkApiRequest {
            volume.tallies.add(VolumeTally(calls: 1, rows: c.rowsProcessed, bytes: c.responseBytes),
                       at: VolumeKey(app: c.connectedAppID, kind: c.kind, hour: c.time.hourIndex, file: c.location.file)) { $0.merge($1) }
        }
    }

    /// Folds the row into the activity under `key`, mutated in place (reading `table[key]!` would
    /// copy it, retaining its step array); a missing activity is started when `creating`. `table`
    /// is the shard that holds `key`.
    @inline(__always)
    private static func record<K: ShardKey & Sendable>(_ c: ApiCallView, step: ChainStep.Kind?, texts: inout StepDetailTexts,
                                                       in table: inout ShardedTable<K, SessionActivity>.Shard, at key: K,
                                                       withOwner: Bool, creating: Bool) {
        let slot = key.slot
        if let i = table.index(forKey: slot) {
            fold(c, step: step, texts: &texts, into: &table.values[i], withOwner: withOwner)
        } else if creating {
            var s = SessionActivity(time: c.time)
            fold(c, step: step, texts: &texts, into: &s, withOwner: withOwner)
            table[slot] = s
        }
    }

    /// The row's totals, then its step if it is one: built (its text shared with equal steps')
    /// only then, since almost no row is a step.
    @inline(__always)
    private static func fold(_ c: ApiCallView, step kind: ChainStep.Kind?, texts: inout StepDetailTexts,
                             into s: inout SessionActivity, withOwner: Bool) {
        s.note(time: c.time, rows: c.rowsProcessed, bytes: c.responseBytes)
        if withOwner {
            if let app = c.connectedAppID, s.appID == nil || app < s.appID! { s.appID = app }
            if s.user == nil { s.user = c.user }
        }
        if let kind {
            s.add(step: ActivityStep(time: c.time, kind: kind,
                                     detail: texts.text(method: c.method, resource: c.resource, query: c.query),
                                     requestID: InlineToken(bytes: c.requestID), location: c.location))
        }
    }

    public mutating func visit(bulkJob: BulkJobEvent) { bulkJobs.append(bulkJob) }

    public mutating func visit(logout: LogoutEvent) {
        if logout.isOAuth { logouts.append(logout) }
    }

    public mutating func visit(tokenHolding: TokenHolding) { holdings.append(tokenHolding) }

    public mutating func visit(appDirectoryID id: SalesforceID, name: String) {
        // Deterministic when two sources disagree: the lexically smallest name wins.
        if let existing = appNames[id], existing <= name { return }
        appNames[id] = name
    }

    public mutating func visit(privilege: PrivilegeGrant) { privileges.append(privilege) }

    /// Empties the store and keeps its tables' capacity and its shared text, so a worker can read
    /// file after file into one scratch store without allocating (and faulting in) new tables.
    public mutating func removeAll(keepingCapacity: Bool) {
        auth.removeAll(keepingCapacity: keepingCapacity)
        sessions.removeAll(keepingCapacity: keepingCapacity)
        addressActivity.removeAll(keepingCapacity: keepingCapacity)
        usage.removeAll(keepingCapacity: keepingCapacity)
        volume.removeAll(keepingCapacity: keepingCapacity)
        appNames.removeAll(keepingCapacity: keepingCapacity)
        bulkJobs.removeAll(keepingCapacity: keepingCapacity)
        logouts.removeAll(keepingCapacity: keepingCapacity)
        holdings.removeAll(keepingCapacity: keepingCapacity)
        privileges.removeAll(keepingCapacity: keepingCapacity)
        mergedAuth = []
        if !keepingCapacity {
            authDetails = ValueInterner()
            stepDetails = StepDetailTexts()
        }
    }

    // MARK: Merge

    /// Folds `other` into this store. Commutative and associative up to the canonical order
    /// `canonicalize()` imposes, which is what makes results independent of file order and threads.
    /// `other`'s grants reach `auth` at `canonicalize()`, which every merge is followed by.
    /// Sessions, address-days and usage sightings are kept in their merged form from then on: what
    /// the analysis reads of them, without what only a file's persisted evidence needs (see
    /// `ActivityTable`).
    public mutating func merge(_ other: EvidenceStore) {
        for list in CollectionOfOne(other.auth) + other.mergedAuth where !list.isEmpty {
            var grants = list
            for i in grants.indices { grants[i].details = authDetails.shared(grants[i].details) }   // one copy of each detail text per store
            mergedAuth.append(grants)
        }
        sessions.merge(other.sessions)
        addressActivity.merge(other.addressActivity)
        usage.merge(other.usage)
        volume.merge(other.volume)
        for (k, v) in other.appNames { visit(appDirectoryID: k, name: v) }
        bulkJobs += other.bulkJobs
        logouts += other.logouts
        holdings += other.holdings
        privileges += other.privileges
    }

    /// Sorts every list into a total order and drops exact duplicates (the same row read from an
    /// hourly and a daily file). Call once after all merges: `auth` holds merged grants only then.
    public mutating func canonicalize() {
        moveMergedGrantsIntoAuth()
        auth.sortByPosition(by: AuthEvent.canonicalOrder)   // no buffer of half the grants (`sortByPosition`)
        auth.removeDuplicateRows()
        bulkJobs.sort { ($0.time, $0.jobID, $0.status, $0.location) < ($1.time, $1.jobID, $1.status, $1.location) }
        bulkJobs = bulkJobs.uniqued(by: { [$0.jobID, $0.status, String($0.time.millis)] })
        logouts.sort { ($0.time, $0.location) < ($1.time, $1.location) }
        logouts = logouts.uniqued(by: { [$0.user?.description ?? "", String($0.time.millis), $0.loginKey ?? ""] })
        holdings.sort { ($0.appName, $0.user?.description ?? "", $0.location) < ($1.appName, $1.user?.description ?? "", $1.location) }
        holdings = holdings.uniqued(by: { [$0.appName, $0.user?.description ?? "", String($0.created?.millis ?? 0)] })
        // A total order (assignee, then each privilege) so persisted and merged stores list rows
        // identically whatever order the files were read in.
        func rank(_ p: PrivilegeGrant) -> [Int] { [p.modifyAllData, p.viewAllData, p.manageUsers, p.apiEnabled].map { $0 ? 1 : 0 } }
        privileges.sort { $0.assignee != $1.assignee ? $0.assignee < $1.assignee : rank($0).lexicographicallyPrecedes(rank($1)) }
        sessions.compactSteps()
        addressActivity.compactSteps()
    }
}

extension EvidenceStore {
    /// `auth` += every list in `mergedAuth`, reserved once; each list is released as soon as it is
    /// copied, so the grants are held about once throughout.
    private mutating func moveMergedGrantsIntoAuth() {
        guard !mergedAuth.isEmpty else { return }
        var lists = mergedAuth
        mergedAuth = []
        auth.reserveCapacity(auth.count + lists.reduce(0) { $0 + $1.count })
        for i in lists.indices {
            auth += lists[i]   // interned when merged
            lists[i] = []
        }
    }
}
