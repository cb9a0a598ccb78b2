import Foundation

/// One file the state has ingested (or, with `pruned`, ingested and aged out).
public struct StoredFile: Sendable {
    /// Storage id (`files.file_id`); evidence rows reference it. Not the id a run reports with:
    /// `StateSnapshot` renumbers files by path so results match a single run over the same files.
    public var fileID: UInt32
    public var path: String
    /// `ContentFingerprint` hex; nil for stdin and pipes (never recognised again).
    public var fingerprint: String?
    public var byteSize: Int64?
    public var ingestedAt: EventTime
    public var report: FileDecodeReport
    public var pruned: Bool

    public init(fileID: UInt32, path: String, fingerprint: String?, byteSize: Int64?, ingestedAt: EventTime,
                report: FileDecodeReport, pruned: Bool = false) {
        self.fileID = fileID; self.path = path; self.fingerprint = fingerprint; self.byteSize = byteSize
        self.ingestedAt = ingestedAt; self.report = report; self.pruned = pruned
    }
}

/// A finding a run has already passed on, as remembered for "report once unless it escalates".
public struct ReportedFinding: Sendable, Hashable, Codable {
    public var id: String
    public var ruleID: String
    public var app: String
    public var appID: String?
    public var userID: String?
    public var userName: String?
    public var network: String?
    public var level: Level
    public var riskScore: Int
    public var firstSeen: EventTime
    public var lastSeen: EventTime
    public var reportedAt: EventTime
    public var summary: String

    public init(_ f: Finding, reportedAt: EventTime) {
        id = f.id; ruleID = f.ruleID; app = f.app.display; appID = f.app.id; userID = f.user.id; userName = f.user.name
        network = f.network; level = f.level; riskScore = f.riskScore; firstSeen = f.firstSeen; lastSeen = f.lastSeen
        self.reportedAt = reportedAt; summary = f.summary
    }
}

/// Whether a finding of this run is news.
public enum FindingStatus: String, Sendable, Codable {
    /// Never reported by a run with this state.
    case new
    /// Reported before at a lower level.
    case escalated
    /// Reported before at this level or higher: held back.
    case alreadyReported = "already_reported"

    public static func classify(_ f: Finding, reported: [String: ReportedFinding]) -> FindingStatus {
        classify(f, reported: reported, episodes: ReportedEpisodes(reported))
    }

    /// By finding id; failing that, by episode: a reported finding of the same rule, app, user and
    /// network whose window overlaps this one (within an hour). Finding ids hash the first-seen
    /// time, which moves when more precise or earlier evidence arrives (an ELF Login file after
    /// the LoginHistory export of the same grants); the episode match keeps that from re-reporting.
    static func classify(_ f: Finding, reported: [String: ReportedFinding], episodes: ReportedEpisodes) -> FindingStatus {
        guard let r = reported[f.id] ?? episodes.match(f) else { return .new }
        return f.level > r.level ? .escalated : .alreadyReported
    }
}

/// Reported findings indexed by (rule, app, user, network), for matching an episode whose id moved.
struct ReportedEpisodes {
    static let slack: Int64 = EventTime.hourMillis
    var byKey: [String: [ReportedFinding]] = [:]

    init(_ reported: [String: ReportedFinding]) {
        for r in reported.values.sorted(by: { $0.id < $1.id }) {
            byKey[Self.key(rule: r.ruleID, app: r.app, user: r.userID, network: r.network), default: []].append(r)
        }
    }

    static func key(rule: String, app: String, user: String?, network: String?) -> String {
        "\(rule)|\(app)|\(user ?? "")|\(network ?? "")"
    }

    /// The highest-level overlapping reported episode, if any.
    func match(_ f: Finding) -> ReportedFinding? {
        let candidates = byKey[Self.key(rule: f.ruleID, app: f.app.display, user: f.user.id, network: f.network)] ?? []
        return candidates.filter {
            $0.firstSeen.millis - Self.slack <= f.lastSeen.millis && f.firstSeen.millis <= $0.lastSeen.millis + Self.slack
        }.max { ($0.level, $1.id) < ($1.level, $0.id) }
    }
}

/// Everything a state holds, ready for `Analyzer.analyze`: the merged canonical store with files
/// numbered by sorted path (the numbering one run over the same files would use), the path table,
/// the coverage inputs and the event kinds present.
public struct StateSnapshot: Sendable {
    public var store: EvidenceStore
    public var paths: [String]
    public var outcomes: [FileOutcome]
    public var presentKinds: Set<LogKind>
    /// Storage id -> id in `paths`.
    public var runID: [UInt32: UInt32]

    /// Builds the snapshot from stored files and their per-file evidence (keyed by storage id).
    public static func build(files: [StoredFile], stores: [UInt32: EvidenceStore]) -> StateSnapshot {
        let ordered = files.sorted { ($0.path, $0.fingerprint ?? "", $0.fileID) < ($1.path, $1.fingerprint ?? "", $1.fileID) }
        var runID: [UInt32: UInt32] = [:]
        for (i, f) in ordered.enumerated() { runID[f.fileID] = UInt32(i) }
        var merged = EvidenceStore()
        for f in ordered {
            guard var s = stores[f.fileID] else { continue }
            let id = runID[f.fileID]!
            s.relocate(toFile: id)
            merged.merge(s)
        }
        merged.canonicalize()
        var outcomes: [FileOutcome] = []
        var kinds = Set<LogKind>()
        for f in ordered where !f.pruned {
            var report = f.report
            report.fileID = runID[f.fileID]!
            report.path = f.path
            if let k = report.kind, report.rows > 0 { kinds.insert(k) }
            for k in report.rowsByKind.keys { kinds.insert(k) }
            outcomes.append(FileOutcome(file: InputFile(path: f.path), fileID: report.fileID, report: report, diagnostics: [],
                                        compressedBytes: UInt64(max(0, f.byteSize ?? 0)), decompressedBytes: 0, isGzip: false, damaged: false))
        }
        return StateSnapshot(store: merged, paths: ordered.map(\.path), outcomes: outcomes, presentKinds: kinds, runID: runID)
    }
}

extension EvidenceStore {
    /// Points every row location at `file` (a per-file store being renumbered).
    mutating func relocate(toFile file: UInt32) {
        for i in auth.indices { auth[i].location.file = file }
        sessions.activity.updateValues { for j in $0.steps.indices { $0.steps[j].location.file = file } }
        addressActivity.activity.updateValues { for j in $0.steps.indices { $0.steps[j].location.file = file } }
        var v = ShardedTable<VolumeKey, VolumeTally>()
        for (k, t) in volume.tallies {
            var key = k; key.file = file
            v.add(t, at: key) { $0.merge($1) }
        }
        volume.tallies = v
        for i in bulkJobs.indices { bulkJobs[i].location.file = file }
        for i in logouts.indices { logouts[i].location.file = file }
        for i in holdings.indices { holdings[i].location.file = file }
    }
}

/// The persisted state of daily runs: a SQLite file holding every ingested file's evidence,
/// the file table, the findings already reported, and derived tables for analysts.
///
/// Writes happen in single transactions (rollback journal, `synchronous=FULL`): a run killed at
/// any point leaves the previous state intact.
public final class StateStore {
    public let db: SQLiteDatabase
    public let path: String

    /// Opens `path`, creating it when `create` and absent, and migrates it to the current schema
    /// (unless read-only, where an older schema is refused rather than silently rewritten).
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        self.path = path
        let exists = FileManager.default.fileExists(atPath: path)
        if !exists && (!create || readOnly) { throw StateError.missing(path) }
        do {
            db = try SQLiteDatabase(path: path, create: create && !readOnly, readOnly: readOnly)
            if exists {
                // Any read fails on a non-SQLite file ("file is not a database").
                _ = try db.scalarInt("SELECT count(*) FROM sqlite_master")
                let v = try db.userVersion
                if v == 0, try db.scalarInt("SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name != 'meta'") ?? 0 > 0 {
                    throw StateError.notAState(path)
                }
            }
        } catch let e as SQLiteError {
            if e.code == 26 /* SQLITE_NOTADB */ { throw StateError.notAState(path) }
            throw e
        }
        if readOnly {
            let v = try db.userVersion
            if v > StateSchema.currentVersion { throw StateError.newerSchema(found: v, supported: StateSchema.currentVersion) }
            if v < StateSchema.currentVersion { throw StateError.olderSchema(path: path, found: v, current: StateSchema.currentVersion) }
        } else {
            try StateSchema.migrate(db)
            try db.transaction {
                let s = try db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)")
                try s.run([.text("created_by"), .text("tokenhound \(ToolVersion.current)")])
                try s.run([.text("created_at"), .text(EventTime.now.iso8601)])
            }
        }
    }

    public var schemaVersion: Int { (try? db.userVersion) ?? 0 }

    // MARK: Reading

    public func files() throws -> [StoredFile] {
        let s = try db.prepare("""
            SELECT file_id, path, content_fingerprint, byte_size, ingested_at_ms, kind, header_generation, rows,
                   rows_accepted, first_ms, last_ms, pruned, report_json, row_hash_version FROM files ORDER BY file_id
            """)
        var out: [StoredFile] = []
        let decoder = JSONDecoder()
        while try s.step() {
            let id = UInt32(s.int64(0))
            var report = FileDecodeReport(fileID: id, path: s.string(1))
            if let extra = try? decoder.decode(PersistedFileReport.self, from: Data(s.string(12).utf8)) { extra.apply(to: &report) }
            report.kind = s.text(5).flatMap(LogKind.init(rawValue:))
            report.headerGeneration = s.string(6)
            report.rows = s.int(7)
            report.rowsAccepted = s.int(8)
            report.firstTime = s.int64OrNil(9).map(EventTime.init(millis:))
            report.lastTime = s.int64OrNil(10).map(EventTime.init(millis:))
            report.rowHashVersion = s.int(13)
            out.append(StoredFile(fileID: id, path: s.string(1), fingerprint: s.text(2), byteSize: s.int64OrNil(3),
                                  ingestedAt: EventTime(millis: s.int64(4)), report: report, pruned: s.bool(11)))
        }
        return out
    }

    public func nextFileID() throws -> UInt32 {
        UInt32(try db.scalarInt("SELECT COALESCE(MAX(file_id), -1) + 1 FROM files") ?? 0)
    }

    public func reportedFindings() throws -> [String: ReportedFinding] {
        let s = try db.prepare("""
            SELECT finding_id, rule_id, app, app_id, user_id, user_name, network, level, risk_score, first_seen_ms,
                   last_seen_ms, reported_at_ms, summary FROM reported_findings
            """)
        var out: [String: ReportedFinding] = [:]
        while try s.step() {
            let f = Finding(id: s.string(0), ruleID: s.string(1), ruleTitle: "", attackTechniqueID: "", attackTechniqueName: "",
                            level: Level(name: s.string(7)) ?? .informational, riskScore: s.int(8), impact: 0, confidence: 0,
                            app: AppRef(id: s.text(3), name: s.string(2)), user: UserRef(id: s.text(4), name: s.text(5)),
                            sourceIP: nil, network: s.text(6), userAgent: nil, firstSeen: EventTime(millis: s.int64(9)),
                            lastSeen: EventTime(millis: s.int64(10)), eventCount: 0, secretPresence: .unknown, attribution: .unattributed,
                            postureFacts: [], why: [], evidence: [], chain: [], indicators: [], summary: s.string(12),
                            remediation: "", detectedAt: EventTime(millis: 0))
            var r = ReportedFinding(f, reportedAt: EventTime(millis: s.int64(11)))
            r.app = s.string(2)
            out[r.id] = r
        }
        return out
    }

    /// Every file's own evidence, keyed by storage id (locations point at the storage id).
    public func fileStores() throws -> [UInt32: EvidenceStore] {
        var stores: [UInt32: EvidenceStore] = [:]
        func addr(_ kind: Int64, _ text: String) -> SourceAddress {
            switch kind {
            case 0: return IPAddress(text).map(SourceAddress.address) ?? .unparsed(text)
            case 1: return .salesforceInternal
            case 2: return .empty
            default: return .unparsed(text)
            }
        }
        func id(_ t: String?) -> SalesforceID? { t.flatMap(SalesforceID.init) }

        var s = try db.prepare("""
            SELECT file_id, line, source, time_ms, user_id, raw_user, user_name, address_kind, source_ip, user_agent, login_key,
                   request_id, flow, login_type, status, succeeded, application, tls_protocol, country_code FROM auth_events ORDER BY rowid
            """)
        while try s.step() {
            let f = UInt32(s.int64(0))
            let e = AuthEvent(source: AuthSource(rawValue: UInt8(s.int64(2))) ?? .eventLogLogin, time: EventTime(millis: s.int64(3)),
                              user: id(s.text(4)), rawUser: s.text(5), userName: s.text(6), sourceAddress: addr(s.int64(7), s.string(8)),
                              userAgent: s.string(9), loginKey: s.text(10), requestID: s.string(11),
                              flow: GrantFlow(rawValue: UInt8(s.int64(12))) ?? .unknownOAuth, loginType: s.string(13), status: s.string(14),
                              succeeded: s.bool(15), application: s.text(16), tlsProtocol: s.text(17), countryCode: s.text(18),
                              location: RowLocation(file: f, line: UInt32(s.int64(1))))
            stores[f, default: EvidenceStore()].visit(auth: e)   // shares repeated text, as reading does
        }

        // Activities and their steps.
        enum ActivityKey { case session(UInt64), address(AddressDayKey) }
        var acts: [Int64: (file: UInt32, key: ActivityKey, act: SessionActivity)] = [:]
        s = try db.prepare("""
            SELECT activity_id, file_id, login_key_hash, address_user, address_ip, address_day, app_id, user_id, first_ms, last_ms,
                   calls, rows, bytes, dropped_steps FROM activities
            """)
        while try s.step() {
            var a = SessionActivity(time: EventTime(millis: s.int64(8)))
            a.lastTime = EventTime(millis: s.int64(9))
            a.appID = id(s.text(6)); a.user = id(s.text(7))
            a.calls = s.int(10); a.rows = s.int64(11); a.bytes = s.int64(12); a.droppedSteps = s.int(13)
            let key: ActivityKey
            if let h = s.int64OrNil(2) {
                key = .session(UInt64(bitPattern: h))
            } else if let u = id(s.text(3)), let ip = s.text(4).flatMap(IPAddress.init) {
                key = .address(AddressDayKey(user: u, ip: ip, day: s.int64(5)))
            } else { continue }
            acts[s.int64(0)] = (UInt32(s.int64(1)), key, a)
        }
        s = try db.prepare("SELECT activity_id, time_ms, kind, detail, request_id, line FROM activity_steps ORDER BY rowid")
        while try s.step() {
            let aid = s.int64(0)
            guard let entry = acts[aid] else { continue }
            let step = ActivityStep(time: EventTime(millis: s.int64(1)), kind: ChainStep.Kind(rawValue: s.string(2)) ?? .other,
                                    detail: s.string(3), requestID: s.string(4), location: RowLocation(file: entry.file, line: UInt32(s.int64(5))))
            acts[aid]!.act.steps.append(step)
        }
        for (_, entry) in acts {
            var a = entry.act
            a.steps.sort()
            switch entry.key {
            case .session(let h): stores[entry.file, default: EvidenceStore()].sessions.activity[h] = a
            case .address(let k): stores[entry.file, default: EvidenceStore()].addressActivity.activity[k] = a
            }
        }

        s = try db.prepare("SELECT file_id, user_id, ip, app_id, hour, first_ms, last_ms, count FROM api_usage")
        while try s.step() {
            guard let u = id(s.text(1)), let ip = IPAddress(s.string(2)), let app = id(s.text(3)) else { continue }
            stores[UInt32(s.int64(0)), default: EvidenceStore()].usage.sightings[UsageKey(user: u, ip: ip, app: app, hour: s.int64(4))] =
                UsageSighting(first: EventTime(millis: s.int64(5)), last: EventTime(millis: s.int64(6)), count: s.int(7))
        }
        s = try db.prepare("SELECT file_id, app_id, kind, hour, calls, rows, bytes FROM api_volume")
        while try s.step() {
            guard let kind = LogKind(rawValue: s.string(2)) else { continue }
            let f = UInt32(s.int64(0))
            stores[f, default: EvidenceStore()].volume.tallies[VolumeKey(app: id(s.text(1)), kind: kind, hour: s.int64(3), file: f)] =
                VolumeTally(calls: s.int(4), rows: s.int64(5), bytes: s.int64(6))
        }
        s = try db.prepare("SELECT file_id, app_id, name FROM app_names")
        while try s.step() {
            guard let app = id(s.text(1)) else { continue }
            stores[UInt32(s.int64(0)), default: EvidenceStore()].visit(appDirectoryID: app, name: s.string(2))
        }
        s = try db.prepare("""
            SELECT file_id, line, time_ms, user_id, login_key, address_kind, client_ip, job_id, status, operation, entity,
                   records_processed FROM bulk_jobs ORDER BY rowid
            """)
        while try s.step() {
            let f = UInt32(s.int64(0))
            stores[f, default: EvidenceStore()].bulkJobs.append(BulkJobEvent(
                time: EventTime(millis: s.int64(2)), user: id(s.text(3)), loginKey: s.text(4), clientAddress: addr(s.int64(5), s.string(6)),
                jobID: s.string(7), status: s.string(8), operation: s.string(9), entity: s.string(10), recordsProcessed: s.int64(11),
                location: RowLocation(file: f, line: UInt32(s.int64(1)))))
        }
        s = try db.prepare("SELECT file_id, line, time_ms, user_id, login_key, app_type, session_type, is_oauth FROM logouts ORDER BY rowid")
        while try s.step() {
            let f = UInt32(s.int64(0))
            stores[f, default: EvidenceStore()].logouts.append(LogoutEvent(
                time: EventTime(millis: s.int64(2)), user: id(s.text(3)), loginKey: s.text(4), appType: s.string(5),
                sessionType: s.string(6), isOAuth: s.bool(7), location: RowLocation(file: f, line: UInt32(s.int64(1)))))
        }
        s = try db.prepare("SELECT file_id, line, app_name, user_id, use_count, last_used_ms, created_ms FROM token_holdings ORDER BY rowid")
        while try s.step() {
            let f = UInt32(s.int64(0))
            stores[f, default: EvidenceStore()].holdings.append(TokenHolding(
                appName: s.string(2), user: id(s.text(3)), useCount: s.int64OrNil(4), lastUsed: s.int64OrNil(5).map(EventTime.init(millis:)),
                created: s.int64OrNil(6).map(EventTime.init(millis:)), location: RowLocation(file: f, line: UInt32(s.int64(1)))))
        }
        s = try db.prepare("SELECT file_id, assignee, modify_all_data, view_all_data, manage_users, api_enabled FROM privileges ORDER BY rowid")
        while try s.step() {
            guard let who = id(s.text(1)) else { continue }
            stores[UInt32(s.int64(0)), default: EvidenceStore()].privileges.append(PrivilegeGrant(
                assignee: who, modifyAllData: s.bool(2), viewAllData: s.bool(3), manageUsers: s.bool(4), apiEnabled: s.bool(5)))
        }
        return stores
    }

    /// The whole state, ready to analyse.
    public func snapshot() throws -> StateSnapshot {
        StateSnapshot.build(files: try files(), stores: try fileStores())
    }

    // MARK: Writing

    /// One run's changes, written by `commit` in a single transaction.
    public struct Changes {
        /// Files read this run with their own evidence (storage ids from `nextFileID()` on).
        public var newFiles: [(file: StoredFile, store: EvidenceStore)] = []
        /// Storage ids whose evidence this run replaced (`--rescan`): deleted first.
        public var replacedFiles: [UInt32] = []
        /// Findings passed on this run (new or escalated), remembered at their level.
        public var reported: [Finding] = []
        public var reportedAt: EventTime = .now
        /// Derived tables to rewrite; nil leaves them as they are.
        public var derived: StateDerived? = nil
        public init() {}
    }

    /// Writes `changes` atomically. A file whose fingerprint the state gained meanwhile (another
    /// run on the same state) is not inserted twice. Returns the storage ids actually inserted.
    @discardableResult
    public func commit(_ changes: Changes) throws -> [UInt32] {
        try db.transaction {
            let del = try db.prepare("DELETE FROM files WHERE file_id = ?")
            for id in changes.replacedFiles { try del.run([.int(Int64(id))]) }
            let known = try db.prepare("SELECT 1 FROM files WHERE content_fingerprint = ? AND file_id != ?")
            let writer = try EvidenceWriter(db: db)
            var inserted: [UInt32] = []
            for (file, store) in changes.newFiles {
                if let fp = file.fingerprint {
                    known.reset(); known.bind(1, fp); known.bind(2, Int64(file.fileID))
                    if try known.step() { continue }
                }
                try writer.insert(file: file)
                try writer.insert(store: store, fileID: file.fileID)
                inserted.append(file.fileID)
            }
            try recordReported(changes.reported, at: changes.reportedAt)
            if let d = changes.derived { try d.write(to: db) }
            try setMeta("updated_at", EventTime.now.iso8601)
            try setMeta("updated_by", "tokenhound \(ToolVersion.current)")
            return inserted
        }
    }

    func setMeta(_ key: String, _ value: String) throws {
        try db.prepare("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value")
            .run([.text(key), .text(value)])
    }

    func recordReported(_ findings: [Finding], at time: EventTime) throws {
        let up = try db.prepare("""
            INSERT INTO reported_findings(finding_id, rule_id, app, app_id, user_id, user_name, network, level, level_rank, risk_score,
                first_seen_ms, first_seen, last_seen_ms, last_seen, reported_at_ms, reported_at, summary)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            ON CONFLICT(finding_id) DO UPDATE SET level = excluded.level, level_rank = excluded.level_rank,
                risk_score = excluded.risk_score, last_seen_ms = excluded.last_seen_ms, last_seen = excluded.last_seen,
                reported_at_ms = excluded.reported_at_ms, reported_at = excluded.reported_at, summary = excluded.summary
            WHERE excluded.level_rank > reported_findings.level_rank
            """)
        for f in findings { try up.run(Self.values(ReportedFinding(f, reportedAt: time))) }
    }

    static func values(_ r: ReportedFinding) -> [SQLiteValue] {
        [.text(r.id), .text(r.ruleID), .text(r.app), .of(r.appID), .of(r.userID), .of(r.userName), .of(r.network),
         .text(r.level.name), .int(Int64(r.level.rawValue)), .int(Int64(r.riskScore)), .int(r.firstSeen.millis), .text(r.firstSeen.iso8601),
         .int(r.lastSeen.millis), .text(r.lastSeen.iso8601), .int(r.reportedAt.millis), .text(r.reportedAt.iso8601), .text(r.summary)]
    }

    // MARK: Merge and prune

    public struct MergeSummary: Sendable {
        public var filesAdded = 0
        public var filesAlreadyPresent = 0
        public var findingsAdded = 0
    }

    /// Folds `other` into this state: its files not already here (by content fingerprint) with
    /// their evidence, and its reported findings (the higher level wins). Derived tables are not
    /// rewritten here; call `refreshDerived` after the last merge.
    @discardableResult
    public func merge(from other: StateStore) throws -> MergeSummary {
        let theirFiles = try other.files().sorted { ($0.path, $0.fingerprint ?? "", $0.fileID) < ($1.path, $1.fingerprint ?? "", $1.fileID) }
        let theirStores = try other.fileStores()
        let theirReported = try other.reportedFindings()
        var summary = MergeSummary()
        try db.transaction {
            var known = Set(try files().compactMap(\.fingerprint))
            var next = try nextFileID()
            let writer = try EvidenceWriter(db: db)
            for var f in theirFiles {
                if let fp = f.fingerprint, !known.insert(fp).inserted { summary.filesAlreadyPresent += 1; continue }
                let store = theirStores[f.fileID] ?? EvidenceStore()
                f.fileID = next; next += 1
                try writer.insert(file: f)
                try writer.insert(store: store, fileID: f.fileID)
                summary.filesAdded += 1
            }
            let mine = try reportedFindings()
            let up = try db.prepare("""
                INSERT INTO reported_findings(finding_id, rule_id, app, app_id, user_id, user_name, network, level, level_rank, risk_score,
                    first_seen_ms, first_seen, last_seen_ms, last_seen, reported_at_ms, reported_at, summary)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
                ON CONFLICT(finding_id) DO UPDATE SET level = excluded.level, level_rank = excluded.level_rank,
                    risk_score = excluded.risk_score, summary = excluded.summary
                WHERE excluded.level_rank > reported_findings.level_rank
                """)
            for r in theirReported.values.sorted(by: { $0.id < $1.id }) {
                if mine[r.id] == nil { summary.findingsAdded += 1 }
                try up.run(Self.values(r))
            }
        }
        return summary
    }

    public struct PruneSummary: Sendable {
        public var rowsDeleted = 0
        public var filesAgedOut = 0
    }

    /// Drops evidence older than `cutoff` (events before it; sessions, usage and volume that ended
    /// before it). Files wholly before it stay in the file table, marked pruned, so a re-download
    /// of them is still recognised and skipped. Reported findings are kept.
    @discardableResult
    public func prune(before cutoff: EventTime) throws -> PruneSummary {
        var summary = PruneSummary()
        let c = cutoff.millis
        try db.transaction {
            let statements = [
                "DELETE FROM auth_events WHERE time_ms < \(c)",
                "DELETE FROM activities WHERE last_ms < \(c)",
                "DELETE FROM api_usage WHERE last_ms < \(c)",
                "DELETE FROM api_volume WHERE (hour + 1) * \(EventTime.hourMillis) <= \(c)",
                "DELETE FROM bulk_jobs WHERE time_ms < \(c)",
                "DELETE FROM logouts WHERE time_ms < \(c)",
                "DELETE FROM token_holdings WHERE COALESCE(last_used_ms, created_ms, \(c)) < \(c)",
            ]
            for sql in statements {
                try db.execute(sql)
                summary.rowsDeleted += Int(sqlite3Changes())
            }
            try db.execute("UPDATE files SET pruned = 1 WHERE pruned = 0 AND last_ms IS NOT NULL AND last_ms < \(c)")
            summary.filesAgedOut = Int(sqlite3Changes())
            try setMeta("pruned_before", cutoff.iso8601)
        }
        return summary
    }

    func sqlite3Changes() -> Int64 { (try? db.scalarInt("SELECT changes()")).flatMap { $0 }.map(Int64.init) ?? 0 }

    /// Recomputes the derived tables from the evidence (used after merge and prune, with the
    /// default analysis options unless given).
    public func refreshDerived(postures: [AppPosture] = [], options: AnalysisOptions = AnalysisOptions(detectionTime: .now)) throws {
        let snap = try snapshot()
        let derived = StateDerived.build(store: snap.store, postures: postures, files: snap.paths, options: options)
        try db.transaction { try derived.write(to: db) }
    }

    /// Shrinks the file after large deletions.
    public func vacuum() throws { try db.execute("VACUUM") }
}

/// Inserts per-file evidence with prepared statements. The `files` row, one per file, is prepared
/// when written: the evidence statements then work on any schema version with the same evidence
/// tables (tests build older-version states so, whose `files` columns differ).
struct EvidenceWriter {
    let db: SQLiteDatabase
    let auth, activity, step, usage, volume, appName, bulk, logout, holding, privilege: SQLiteStatement

    init(db: SQLiteDatabase) throws {
        self.db = db
        auth = try db.prepare("""
            INSERT INTO auth_events(file_id, line, source, time_ms, time, user_id, raw_user, user_name, address_kind, source_ip, user_agent,
                login_key, request_id, flow, login_type, status, succeeded, application, tls_protocol, country_code)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        activity = try db.prepare("""
            INSERT INTO activities(file_id, login_key_hash, address_user, address_ip, address_day, app_id, user_id, first_ms, last_ms,
                calls, rows, bytes, dropped_steps) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        step = try db.prepare("INSERT INTO activity_steps(activity_id, time_ms, kind, detail, request_id, line) VALUES (?,?,?,?,?,?)")
        usage = try db.prepare("INSERT INTO api_usage(file_id, user_id, ip, app_id, hour, first_ms, last_ms, count) VALUES (?,?,?,?,?,?,?,?)")
        volume = try db.prepare("INSERT INTO api_volume(file_id, app_id, kind, hour, calls, rows, bytes) VALUES (?,?,?,?,?,?,?)")
        appName = try db.prepare("INSERT INTO app_names(file_id, app_id, name) VALUES (?,?,?)")
        bulk = try db.prepare("""
            INSERT INTO bulk_jobs(file_id, line, time_ms, time, user_id, login_key, address_kind, client_ip, job_id, status, operation,
                entity, records_processed) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        logout = try db.prepare("INSERT INTO logouts(file_id, line, time_ms, time, user_id, login_key, app_type, session_type, is_oauth) VALUES (?,?,?,?,?,?,?,?,?)")
        holding = try db.prepare("INSERT INTO token_holdings(file_id, line, app_name, user_id, use_count, last_used_ms, created_ms) VALUES (?,?,?,?,?,?,?)")
        privilege = try db.prepare("INSERT INTO privileges(file_id, assignee, modify_all_data, view_all_data, manage_users, api_enabled) VALUES (?,?,?,?,?,?)")
    }

    static func address(_ a: SourceAddress) -> (Int64, String) {
        switch a {
        case .address(let ip): return (0, ip.description)
        case .salesforceInternal: return (1, a.display)
        case .empty: return (2, "")
        case .unparsed(let s): return (3, s)
        }
    }

    func insert(file f: StoredFile) throws {
        let r = f.report
        let json = (try? JSONEncoder.sortedKeys.encode(PersistedFileReport(r))).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        try db.prepare("""
            INSERT INTO files(file_id, path, content_fingerprint, byte_size, ingested_at_ms, ingested_at, kind, header_generation, rows,
                rows_accepted, first_ms, first_seen, last_ms, last_seen, pruned, report_json, row_hash_version)
                VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """).run([.int(Int64(f.fileID)), .text(f.path), .of(f.fingerprint), .of(f.byteSize), .int(f.ingestedAt.millis),
                 .text(f.ingestedAt.iso8601), .of(r.kind?.rawValue), .text(r.headerGeneration), .int(Int64(r.rows)),
                 .int(Int64(r.rowsAccepted)), .of(r.firstTime), .iso(r.firstTime), .of(r.lastTime), .iso(r.lastTime),
                 .of(f.pruned), .text(json), .int(Int64(r.rowHashVersion))])
    }

    /// Writes one file's own store (never a merged one: merged sessions and usage keys keep only
    /// what the analysis reads, not what a file's persisted evidence holds).
    func insert(store: EvidenceStore, fileID: UInt32) throws {
        precondition(!store.sessions.holdsMergedForm && !store.addressActivity.holdsMergedForm && !store.usage.holdsMergedForm
                     && !store.volume.holdsMergedForm, "state keeps per-file stores, not merged ones")
        let fid = SQLiteValue.int(Int64(fileID))
        for e in store.auth {
            let (ak, at) = Self.address(e.sourceAddress)
            try auth.run([fid, .int(Int64(e.location.line)), .int(Int64(e.source.rawValue)), .int(e.time.millis), .text(e.time.iso8601),
                          .of(e.user?.description), .of(e.rawUser), .of(e.userName), .int(ak), .text(at), .text(e.userAgent),
                          .of(e.loginKey), .text(e.requestID), .int(Int64(e.flow.rawValue)), .text(e.loginType), .text(e.status),
                          .of(e.succeeded), .of(e.application), .of(e.tlsProtocol), .of(e.countryCode)])
        }
        func writeActivity(_ a: SessionActivity, hash: UInt64?, addressKey: AddressDayKey?) throws {
            try activity.run([fid, hash.map { .int(Int64(bitPattern: $0)) } ?? .null, .of(addressKey?.user.description),
                              .of(addressKey?.ip.description), .of(addressKey?.day), .of(a.appID?.description), .of(a.user?.description),
                              .int(a.firstTime.millis), .int(a.lastTime.millis), .int(Int64(a.calls)), .int(a.rows), .int(a.bytes),
                              .int(Int64(a.droppedSteps))])
            let aid = db.lastInsertRowID
            for s in a.steps {
                try step.run([.int(aid), .int(s.time.millis), .text(s.kind.rawValue), .text(s.detail), .text(s.requestID), .int(Int64(s.location.line))])
            }
        }
        for (k, a) in store.sessions.activity.sorted(by: { $0.key < $1.key }) { try writeActivity(a, hash: k, addressKey: nil) }
        for (k, a) in store.addressActivity.activity.sorted(by: { ($0.key.user, $0.key.ip, $0.key.day) < ($1.key.user, $1.key.ip, $1.key.day) }) {
            try writeActivity(a, hash: nil, addressKey: k)
        }
        for (k, u) in store.usage.sightings.sorted(by: { $0.key < $1.key }) {
            try usage.run([fid, .text(k.user.description), .text(k.ip.description), .text(k.app.description), .int(k.hour),
                           .int(u.first.millis), .int(u.last.millis), .int(Int64(u.count))])
        }
        // Volume keys of one file differ only in app, kind and hour once the file is fixed.
        var vol: [VolumeKey: VolumeTally] = [:]
        for (k, t) in store.volume.tallies { var key = k; key.file = fileID; vol[key, default: VolumeTally(calls: 0, rows: 0, bytes: 0)].merge(t) }
        for (k, t) in vol.sorted(by: { $0.key < $1.key }) {
            try volume.run([fid, .of(k.app?.description), .text(k.kind.rawValue), .int(k.hour), .int(Int64(t.calls)), .int(t.rows), .int(t.bytes)])
        }
        for (k, n) in store.appNames.sorted(by: { $0.key < $1.key }) { try appName.run([fid, .text(k.description), .text(n)]) }
        for b in store.bulkJobs {
            let (ak, at) = Self.address(b.clientAddress)
            try bulk.run([fid, .int(Int64(b.location.line)), .int(b.time.millis), .text(b.time.iso8601), .of(b.user?.description), .of(b.loginKey),
                          .int(ak), .text(at), .text(b.jobID), .text(b.status), .text(b.operation), .text(b.entity), .int(b.recordsProcessed)])
        }
        for l in store.logouts {
            try logout.run([fid, .int(Int64(l.location.line)), .int(l.time.millis), .text(l.time.iso8601), .of(l.user?.description),
                            .of(l.loginKey), .text(l.appType), .text(l.sessionType), .of(l.isOAuth)])
        }
        for h in store.holdings {
            try holding.run([fid, .int(Int64(h.location.line)), .text(h.appName), .of(h.user?.description), .of(h.useCount),
                             .of(h.lastUsed), .of(h.created)])
        }
        for p in store.privileges {
            try privilege.run([fid, .text(p.assignee.description), .of(p.modifyAllData), .of(p.viewAllData), .of(p.manageUsers), .of(p.apiEnabled)])
        }
    }
}

/// The parts of a `FileDecodeReport` coverage needs that are not columns of `files`.
struct PersistedFileReport: Codable {
    var columnCount: Int
    var nonOAuthLogins: Int
    var rejectedRows: [String: Int]
    var unknownColumns: [String]
    var unparsedValues: [String: Int]
    var unknownEventTypes: [String: Int]
    var rowsByKind: [String: Int]
    var hours: [Int64]
    /// [hour, rows, hash sum] per hour.
    var fingerprint: [[Int64]]

    init(_ r: FileDecodeReport) {
        columnCount = r.columnCount; nonOAuthLogins = r.nonOAuthLogins; rejectedRows = r.rejectedRows
        unknownColumns = r.unknownColumns; unparsedValues = r.unparsedValues; unknownEventTypes = r.unknownEventTypes
        rowsByKind = Dictionary(uniqueKeysWithValues: r.rowsByKind.map { ($0.key.rawValue, $0.value) })
        hours = r.hours.sorted()
        fingerprint = r.fingerprint.sorted { $0.key < $1.key }.map { [$0.key, Int64($0.value.rows), Int64(bitPattern: $0.value.hashSum)] }
    }

    func apply(to r: inout FileDecodeReport) {
        r.columnCount = columnCount; r.nonOAuthLogins = nonOAuthLogins; r.rejectedRows = rejectedRows
        r.unknownColumns = unknownColumns; r.unparsedValues = unparsedValues; r.unknownEventTypes = unknownEventTypes
        for (k, v) in rowsByKind { if let kind = LogKind(rawValue: k) { r.rowsByKind[kind] = v } }
        r.hours = Set(hours)
        for f in fingerprint where f.count == 3 {
            r.fingerprint[f[0]] = HourFingerprint(rows: Int(f[1]), hashSum: UInt64(bitPattern: f[2]))
        }
    }
}

extension JSONEncoder {
    static var sortedKeys: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }
}

extension EventTime {
    /// The wall clock.
    public static var now: EventTime { EventTime(millis: Int64(Date().timeIntervalSince1970 * 1000)) }
}
