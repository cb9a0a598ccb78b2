/// What the token did after its grant: joins grants to session activity by LOGIN_KEY, or by user,
/// IP and time where no key exists (ApiTotalUsage), and to Bulk API 2.0 jobs.
public struct ChainEvidence: Sendable {
    public var steps: [ActivityStep] = []
    public var bulkExports: [BulkJobSummary] = []
    public var quickDeletes: [BulkJobSummary] = []
    public var sessionKeys: Set<UInt64> = []
    public var addressKeys: Set<AddressDayKey> = []

    public var hasRecon: Bool { steps.contains { $0.kind == .recon } }
    public var hasSecretSearch: Bool { steps.contains { $0.kind == .secretSearch } }
    public var hasBulk: Bool { !bulkExports.isEmpty || steps.contains { $0.kind == .bulkExport } }
    public var hasDelete: Bool { !quickDeletes.isEmpty }
    public var isEmpty: Bool { steps.isEmpty && bulkExports.isEmpty && quickDeletes.isEmpty }
}

/// One Bulk API 2.0 job's life, assembled from its status rows.
public struct BulkJobSummary: Sendable, Hashable {
    public var jobID: String
    public var operation: String
    public var entity: String
    public var user: SalesforceID?
    public var loginKey: String?
    public var address: SourceAddress
    public var created: EventTime?
    public var completed: EventTime?
    public var deleted: EventTime?
    public var records: Int64
    public var location: RowLocation
    public var isExport: Bool { ["query", "queryall"].contains(operation.lowercased()) }

    /// Seconds from completion to deletion, when both happened.
    public var deleteDelaySeconds: Int64? {
        guard let c = completed, let d = deleted, d >= c else { return nil }
        return (d.millis - c.millis) / 1000
    }
    public var firstTime: EventTime { created ?? completed ?? deleted ?? EventTime(millis: 0) }
}

public struct ChainCollector: Sendable {
    let store: EvidenceStore
    let window: Int64
    let deleteWindow: Int64
    public let jobs: [BulkJobSummary]
    /// Jobs by the FNV-1a hash of their login key (as sessions are keyed): probing a table of
    /// long string keys compared them in full at every occupied bucket, for every grant. A
    /// candidate's key is compared in full once found.
    private let jobsByLoginKey: [UInt64: [Int]]
    private let jobsByUser: [SalesforceID: [Int]]

    public init(store: EvidenceStore, options: AnalysisOptions) {
        self.store = store
        window = Int64(options.chainWindowMinutes) * EventTime.minuteMillis
        deleteWindow = Int64(options.bulkDeleteMinutes) * EventTime.minuteMillis
        var byID: [String: BulkJobSummary] = [:]
        for e in store.bulkJobs {
            var j = byID[e.jobID] ?? BulkJobSummary(jobID: e.jobID, operation: e.operation, entity: e.entity, user: e.user,
                                                    loginKey: e.loginKey, address: e.clientAddress, created: nil, completed: nil,
                                                    deleted: nil, records: 0, location: e.location)
            if j.operation.isEmpty { j.operation = e.operation }
            if j.entity.isEmpty { j.entity = e.entity }
            if j.user == nil { j.user = e.user }
            if j.loginKey?.isEmpty ?? true { j.loginKey = e.loginKey }
            if j.address.ip == nil, e.clientAddress.ip != nil { j.address = e.clientAddress }
            let s = e.status.lowercased()
            if s == "deleted" { j.deleted = min(j.deleted ?? e.time, e.time) }
            else if s == "jobcomplete" || s == "complete" || s == "completed" { j.completed = min(j.completed ?? e.time, e.time) }
            else if s == "open" || s == "created" || s == "uploadcomplete" || s == "inprogress" { j.created = min(j.created ?? e.time, e.time) }
            j.records = max(j.records, e.recordsProcessed)
            j.location = min(j.location, e.location)
            byID[e.jobID] = j
        }
        jobs = byID.values.sorted { ($0.firstTime, $0.jobID) < ($1.firstTime, $1.jobID) }
        var byKey: [UInt64: [Int]] = [:], byUser: [SalesforceID: [Int]] = [:]
        for (i, j) in jobs.enumerated() {
            if let k = j.loginKey, !k.isEmpty { byKey[fnv1a64(k), default: []].append(i) }
            if let u = j.user { byUser[u, default: []].append(i) }
        }
        jobsByLoginKey = byKey
        jobsByUser = byUser
    }

    public func isQuickDelete(_ j: BulkJobSummary) -> Bool {
        guard let d = j.deleteDelaySeconds else { return false }
        return d * 1000 <= deleteWindow
    }

    /// An episode's chain looks after its first 500 grants only: enough to show what followed a
    /// replay, and a bound on the work for an app with tens of thousands of grants.
    static let maxGrantsPerChain = 500

    /// Where a chain looks for what followed one grant: from a minute before it to `window` after
    /// it, in its session and on the address-days of its user and IP that span touches.
    private struct GrantReach {
        var start: EventTime
        var end: EventTime
        /// The grant's LOGIN_KEY hash (how sessions are keyed), if it has one.
        var session: UInt64?
        /// The grant's day, and the window end's when the window crosses midnight; nil without a
        /// user and an IP.
        var days: (first: AddressDayKey, last: AddressDayKey?)?

        func contains(_ time: EventTime) -> Bool { time >= start && time <= end }
    }

    private func reach(of g: AttributedGrant) -> GrantReach {
        let start = g.time.adding(millis: -EventTime.minuteMillis), end = g.time.adding(millis: window)
        var days: (first: AddressDayKey, last: AddressDayKey?)?
        if let user = g.event.user, let ip = g.event.sourceAddress.ip {
            let who = UserAddress(user: user, ip: ip)
            let firstDay = g.time.dayIndex, lastDay = end.dayIndex
            days = (AddressDayKey(who, day: firstDay), lastDay != firstDay ? AddressDayKey(who, day: lastDay) : nil)
        }
        return GrantReach(start: start, end: end, session: g.loginKeyHash, days: days)
    }

    /// The jobs (indices in `jobs`) grant `g` ran, as `r` reaches: those of its LOGIN_KEY, and those
    /// its user started from its IP inside the window. Few grants have any.
    private func jobIndices(of g: AttributedGrant, in r: GrantReach) -> [Int] {
        var out: [Int] = []
        if let h = r.session, let candidates = jobsByLoginKey[h] {
            // The key itself (built from its packed form) only for the rare grant with jobs.
            let key = g.event.loginKey
            out += candidates.filter { jobs[$0].loginKey == key }
        }
        if let first = r.days?.first, let candidates = jobsByUser[first.user] {
            out += candidates.filter { jobs[$0].address.ip == first.ip && r.contains(jobs[$0].firstTime) }
        }
        return out
    }

    /// Activity that followed these grants within the chain window.
    ///
    /// The grants' windows are gathered per session and address-day first: an episode's grants
    /// mostly share a few of them, so each is read once for all its grants rather than once per
    /// grant (and the steps a later grant's window shares with an earlier one's are not collected
    /// twice), and only the steps inside a window are unpacked.
    public func chain(for grants: [AttributedGrant]) -> ChainEvidence {
        var ev = ChainEvidence()
        var jobIdx = Set<Int>()
        var sessionWindows: [UInt64: TimeWindowUnion] = [:]
        var addressWindows: [AddressDayKey: TimeWindowUnion] = [:]
        for g in grants.prefix(Self.maxGrantsPerChain) {
            let r = reach(of: g)
            if let h = r.session { sessionWindows[h, default: TimeWindowUnion()].add(from: r.start, through: r.end) }
            if let (first, last) = r.days {
                addressWindows[first, default: TimeWindowUnion()].add(from: r.start, through: r.end)
                if let last { addressWindows[last, default: TimeWindowUnion()].add(from: r.start, through: r.end) }
            }
            jobIdx.formUnion(jobIndices(of: g, in: r))
        }
        for (h, var windows) in sessionWindows {
            windows.normalize()
            guard let s = store.sessions.evidence(of: h, keepingSteps: { _, time in windows.contains(time) }) else { continue }
            ev.sessionKeys.insert(h)
            ev.steps += s.steps
        }
        for (k, var windows) in addressWindows {
            windows.normalize()
            guard let s = store.addressActivity.evidence(of: k, keepingSteps: { _, time in windows.contains(time) }) else { continue }
            ev.addressKeys.insert(k)
            ev.steps += s.steps
        }
        ev.steps = ev.steps.sortedDistinct()
        for i in jobIdx.sorted() {
            let j = jobs[i]
            if j.isExport { ev.bulkExports.append(j) }
            if isQuickDelete(j) { ev.quickDeletes.append(j) }
        }
        return ev
    }

    /// Whether `chain(for: grants)` would not be empty, without building it: rule 1 asks this of
    /// every episode of an app whose networks churn (38 k at 2 GB, mostly of one grant) and
    /// drops those with nothing else against them. A step lies in the union of the grants'
    /// windows when it lies in one grant's, so each grant is asked on its own, without gathering
    /// windows into tables, and the first step or job found ends the search.
    public func hasChain(for grants: [AttributedGrant]) -> Bool {
        grants.prefix(Self.maxGrantsPerChain).contains { g in
            let r = reach(of: g)
            let inWindow = { (_: ChainStep.Kind, time: EventTime) in r.contains(time) }
            if let h = r.session, store.sessions.containsStep(of: h, where: inWindow) { return true }
            if let (first, last) = r.days {
                if store.addressActivity.containsStep(of: first, where: inWindow) { return true }
                if let last, store.addressActivity.containsStep(of: last, where: inWindow) { return true }
            }
            // A job counts in a chain as a bulk export or a quick delete.
            return jobIndices(of: g, in: r).contains { jobs[$0].isExport || isQuickDelete(jobs[$0]) }
        }
    }

    /// The chain as finding steps, bounded: the grant, then recon, bulk, delete, secret searches.
    public static func steps(grants: [AttributedGrant], chain: ChainEvidence, limit: Int = 24) -> [ChainStep] {
        var out: [ChainStep] = []
        if let g = grants.first {
            out.append(ChainStep(time: g.time, kind: .grant,
                                 detail: "refresh grant from \(g.event.sourceAddress.display) (\(g.userAgentFamily)), \(g.event.status)"))
        }
        for s in chain.steps.prefix(limit) { out.append(ChainStep(time: s.time, kind: s.kind, detail: s.detail)) }
        for j in chain.bulkExports {
            out.append(ChainStep(time: j.completed ?? j.firstTime, kind: .bulkExport,
                                 detail: "Bulk API 2.0 \(j.operation) job \(j.jobID) on \(j.entity): \(j.records) records"))
        }
        for j in chain.quickDeletes {
            out.append(ChainStep(time: j.deleted ?? j.firstTime, kind: .bulkDelete,
                                 detail: "job \(j.jobID) deleted \(j.deleteDelaySeconds ?? 0) s after completing"))
        }
        return out.sorted { ($0.time, $0.kind.rawValue, $0.detail) < ($1.time, $1.kind.rawValue, $1.detail) }
    }
}
