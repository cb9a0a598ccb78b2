import XCTest
@testable import TokenHoundKit

final class StateStoreTests: XCTestCase {
    let options = AnalysisOptions(detectionTime: StateFixture.detection)

    /// The Drift scenario plus every other kind of evidence the store keeps.
    func richStore() -> EvidenceStore {
        var s = OrgScenario.drift().store
        let u = OrgScenario.user(1)
        let app = SalesforceID("0H45j000000ABCDEFG")!
        var act = SessionActivity(time: OrgScenario.time(day: 11, hour: 1, minute: 31))
        act.appID = app; act.user = u; act.calls = 40; act.rows = 120_000; act.bytes = 9_000_000
        act.lastTime = OrgScenario.time(day: 11, hour: 2)
        act.steps = [ActivityStep(time: OrgScenario.time(day: 11, hour: 1, minute: 32), kind: .recon, detail: "GET /services/data/v60.0/sobjects",
                                  requestID: "R1", location: RowLocation(file: 0, line: 900)),
                     ActivityStep(time: OrgScenario.time(day: 11, hour: 1, minute: 40), kind: .secretSearch, detail: "SELECT Id FROM Case WHERE Description LIKE '%AKIA%'",
                                  requestID: "R2", location: RowLocation(file: 0, line: 901))]
        s.sessions.activity[fnv1a64("LK-attacker")] = act
        var addr = act; addr.steps = [act.steps[0]]
        s.addressActivity.activity[AddressDayKey(user: u, ip: IPAddress("2001:db8::7")!, day: OrgScenario.time(day: 11, hour: 0).dayIndex)] = addr
        s.usage.sightings[UsageKey(user: u, ip: IPAddress("208.68.36.90")!, app: app, hour: OrgScenario.time(day: 11, hour: 1).hourIndex)] =
            UsageSighting(first: OrgScenario.time(day: 11, hour: 1, minute: 31), last: OrgScenario.time(day: 11, hour: 1, minute: 59), count: 7)
        s.volume.tallies[VolumeKey(app: app, kind: .apiTotalUsage, hour: OrgScenario.time(day: 11, hour: 1).hourIndex, file: 0)] = VolumeTally(calls: 7, rows: 100, bytes: 5000)
        s.volume.tallies[VolumeKey(app: nil, kind: .restApi, hour: OrgScenario.time(day: 3, hour: 1).hourIndex, file: 0)] = VolumeTally(calls: 2, rows: 1, bytes: 50)
        s.visit(appDirectoryID: app, name: "Drift")
        s.visit(bulkJob: BulkJobEvent(time: OrgScenario.time(day: 11, hour: 2), user: u, loginKey: "LK-attacker", clientAddress: .address(IPAddress("208.68.36.90")!),
                                      jobID: "750J1", status: "jobcomplete", operation: "query", entity: "Account", recordsProcessed: 50_000,
                                      location: RowLocation(file: 0, line: 950)))
        s.visit(bulkJob: BulkJobEvent(time: OrgScenario.time(day: 11, hour: 2, minute: 3), user: u, loginKey: nil, clientAddress: .salesforceInternal,
                                      jobID: "750J1", status: "deleted", operation: "query", entity: "Account", recordsProcessed: 0,
                                      location: RowLocation(file: 0, line: 951)))
        s.visit(logout: LogoutEvent(time: OrgScenario.time(day: 12, hour: 0), user: u, loginKey: "LK-attacker", appType: "2514", sessionType: "O",
                                    isOAuth: true, location: RowLocation(file: 0, line: 960)))
        s.visit(tokenHolding: TokenHolding(appName: "Drift", user: u, useCount: 1200, lastUsed: OrgScenario.time(day: 13, hour: 0),
                                           created: nil, location: RowLocation(file: 0, line: 970)))
        s.visit(privilege: PrivilegeGrant(assignee: u, modifyAllData: true, viewAllData: false, manageUsers: false, apiEnabled: true))
        s.visit(auth: AuthEvent(source: .eventLogLogin, time: OrgScenario.time(day: 5, hour: 3), user: nil, rawUser: "USER_ID", userName: nil,
                                sourceAddress: .unparsed("w.x.y.z"), userAgent: "", loginKey: nil, requestID: "TID1", flow: .unknownOAuth,
                                loginType: "R", status: "LOGIN_NO_ERROR", succeeded: true, location: RowLocation(file: 0, line: 980)))
        s.visit(auth: AuthEvent(source: .eventLogLogin, time: OrgScenario.time(day: 5, hour: 4), user: u, sourceAddress: .salesforceInternal,
                                userAgent: "x", loginKey: nil, requestID: "TID2", flow: .otherOAuth, loginType: "R", status: "LOGIN_NO_ERROR",
                                succeeded: true, tlsProtocol: "TLS 1.3", countryCode: "US", location: RowLocation(file: 0, line: 981)))
        return s
    }

    func stored(_ id: UInt32, _ path: String, fingerprint: String? = nil) -> StoredFile {
        var r = FileDecodeReport(fileID: id, path: path)
        r.kind = .loginEvent; r.rows = 10; r.rowsAccepted = 10; r.hours = [1, 2]; r.rowsByKind = [.loginEvent: 10]
        r.fingerprint = [1: HourFingerprint(rows: 4, hashSum: .max - 3), 2: HourFingerprint(rows: 6, hashSum: 42)]
        return StoredFile(fileID: id, path: path, fingerprint: fingerprint, byteSize: 1234, ingestedAt: StateFixture.detection, report: r)
    }

    func testRoundTripGivesIdenticalAnalysis() throws {
        let dir = StateFixture.tempDir()
        let path = dir + "/s.db"
        let original = richStore()
        var canonical = original
        canonical.canonicalize()
        let postures = OrgScenario.drift().postures
        let direct = Analyzer.analyze(store: canonical, postures: postures, files: ["f0.csv"], presentKinds: [.loginEvent, .restApi, .bulkApi2], options: options)
        XCTAssertFalse(direct.findings.isEmpty)

        do {
            let state = try StateStore(path: path)
            var changes = StateStore.Changes()
            changes.newFiles = [(stored(0, "f0.csv", fingerprint: "abc"), original)]
            try state.commit(changes)
        }
        let state = try StateStore(path: path)
        let snap = try state.snapshot()
        XCTAssertEqual(snap.paths, ["f0.csv"])
        let loaded = Analyzer.analyze(store: snap.store, postures: postures, files: snap.paths, presentKinds: [.loginEvent, .restApi, .bulkApi2], options: options)
        XCTAssertEqual(loaded.findings, direct.findings, StateFixture.describe(loaded.findings) + "\n---\n" + StateFixture.describe(direct.findings))
        XCTAssertEqual(loaded.apps, direct.apps)

        // Field by field for what findings may not exercise.
        let a = snap.store, b = canonical
        XCTAssertEqual(a.auth.count, b.auth.count)
        for (x, y) in zip(a.auth, b.auth) {
            XCTAssertEqual(x.rowIdentity, y.rowIdentity)
            XCTAssertEqual(x.location, y.location)
            XCTAssertEqual([x.userName, x.rawUser, x.loginKey, x.application, x.tlsProtocol, x.countryCode],
                           [y.userName, y.rawUser, y.loginKey, y.application, y.tlsProtocol, y.countryCode])
            XCTAssertEqual(x.flow, y.flow); XCTAssertEqual(x.sourceAddress, y.sourceAddress)
        }
        // The snapshot is merged: sessions, usage and volume keep what the analysis reads.
        XCTAssertEqual(Set(a.sessions.keys), Set(b.sessions.keys))
        for (k, v) in b.sessions { XCTAssertEqual(a.sessions[k], v) }
        XCTAssertEqual(Set(a.addressActivity.keys), Set(b.addressActivity.keys))
        XCTAssertEqual(a.usage.firstSightings, b.usage.firstSightings)
        // The file's own store keeps everything its rows said.
        let file = try XCTUnwrap(try state.fileStores().values.first)
        XCTAssertEqual(Set(file.sessions.activity.keys), Set(b.sessions.activity.keys))
        for (k, v) in b.sessions.activity {
            let w = try XCTUnwrap(file.sessions.activity[k])
            XCTAssertEqual(w.steps, v.steps); XCTAssertEqual(w.calls, v.calls); XCTAssertEqual(w.rows, v.rows); XCTAssertEqual(w.bytes, v.bytes)
            XCTAssertEqual(w.appID, v.appID); XCTAssertEqual(w.user, v.user); XCTAssertEqual(w.droppedSteps, v.droppedSteps)
            XCTAssertEqual(w.firstTime, v.firstTime); XCTAssertEqual(w.lastTime, v.lastTime)
        }
        XCTAssertEqual(file.usage, b.usage)
        // Volume too: the file keeps its tallies, the snapshot what rule 9 reads of them.
        XCTAssertEqual(file.volume, b.volume)
        XCTAssertEqual(VolumeSeries(a.volume).days, VolumeSeries(b.volume).days)
        XCTAssertEqual(a.appNames, b.appNames)
        XCTAssertEqual(a.bulkJobs.map(\.jobID), b.bulkJobs.map(\.jobID))
        XCTAssertEqual(a.bulkJobs.map(\.clientAddress), b.bulkJobs.map(\.clientAddress))
        XCTAssertEqual(a.logouts.map(\.time), b.logouts.map(\.time))
        XCTAssertEqual(a.holdings, b.holdings)
        XCTAssertEqual(a.privileges, b.privileges)
        // The decode report essentials coverage needs survive too.
        let f = try state.files()[0]
        XCTAssertEqual(f.report.fingerprint, stored(0, "f0.csv").report.fingerprint)
        XCTAssertEqual(f.report.hours, [1, 2])
        XCTAssertEqual(snap.presentKinds, [.loginEvent])
        XCTAssertEqual(try state.db.integrityCheck(), "ok")
    }

    /// Day by day through the state API (what the pipeline does): each day is a run that loads the
    /// state, adds its day as a new file, analyses everything and commits. The last run's findings
    /// equal one analysis over all days.
    func testDayByDayEqualsOneRunThroughStateAPI() throws {
        let dir = StateFixture.tempDir()
        let path = dir + "/s.db"
        let all = richStore()
        var byDay: [Int64: EvidenceStore] = [:]
        let day0 = OrgScenario.time(day: 0, hour: 0).dayIndex
        func dayFile(_ t: EventTime) -> UInt32 { UInt32(t.dayIndex - day0) }
        // Split every list by day (each day is one file); aggregates stay on the day they started.
        for var e in all.auth { e.location.file = dayFile(e.time); byDay[e.time.dayIndex, default: EvidenceStore()].auth.append(e) }
        for (k, var v) in all.sessions.activity { for i in v.steps.indices { v.steps[i].location.file = dayFile(v.firstTime) }; byDay[v.firstTime.dayIndex, default: EvidenceStore()].sessions.activity[k] = v }
        for (k, var v) in all.addressActivity.activity { for i in v.steps.indices { v.steps[i].location.file = dayFile(v.firstTime) }; byDay[v.firstTime.dayIndex, default: EvidenceStore()].addressActivity.activity[k] = v }
        for (k, v) in all.usage.sightings { byDay[v.first.dayIndex, default: EvidenceStore()].usage.sightings[k] = v }
        for (k, v) in all.volume.tallies { var key = k; let t = EventTime(millis: k.hour * EventTime.hourMillis); key.file = dayFile(t); byDay[t.dayIndex, default: EvidenceStore()].volume.tallies[key] = v }
        for var b in all.bulkJobs { b.location.file = dayFile(b.time); byDay[b.time.dayIndex, default: EvidenceStore()].bulkJobs.append(b) }
        for var l in all.logouts { l.location.file = dayFile(l.time); byDay[l.time.dayIndex, default: EvidenceStore()].logouts.append(l) }
        for var h in all.holdings { h.location.file = dayFile(h.lastUsed!); byDay[h.lastUsed!.dayIndex, default: EvidenceStore()].holdings.append(h) }
        byDay[day0]!.appNames = all.appNames
        byDay[day0]!.privileges = all.privileges

        let days = byDay.keys.sorted()
        let names = days.map { "day-\(String(format: "%02d", $0 - day0)).csv" }
        var oneRun = EvidenceStore()
        for d in days { oneRun.merge(byDay[d]!) }
        oneRun.canonicalize()
        let postures = OrgScenario.drift().postures
        let kinds: Set<LogKind> = [.loginEvent]
        let expected = Analyzer.analyze(store: oneRun, postures: postures, files: names, presentKinds: kinds, options: options)

        var last: AnalysisResult?
        for (i, d) in days.enumerated() {
            let state = try StateStore(path: path)
            let id = try state.nextFileID()
            var dayStore = byDay[d]!
            dayStore.relocate(toFile: id)
            let file = stored(id, names[i], fingerprint: "fp\(i)")
            let stores = try state.fileStores().merging([id: dayStore]) { a, _ in a }
            let snap = StateSnapshot.build(files: try state.files() + [file], stores: stores)
            last = Analyzer.analyze(store: snap.store, postures: postures, files: snap.paths, presentKinds: kinds, options: options)
            var changes = StateStore.Changes()
            changes.newFiles = [(file, dayStore)]
            changes.reported = last!.findings
            changes.derived = StateDerived.build(store: snap.store, postures: postures, files: snap.paths, options: options)
            try state.commit(changes)
        }
        XCTAssertEqual(last!.findings, expected.findings, StateFixture.describe(last!.findings) + "\n---\n" + StateFixture.describe(expected.findings))
        XCTAssertEqual(last!.apps, expected.apps)
        // And a fresh load of the final state gives the same again.
        let snap = try StateStore(path: path).snapshot()
        XCTAssertEqual(Analyzer.analyze(store: snap.store, postures: postures, files: snap.paths, presentKinds: kinds, options: options).findings,
                       expected.findings)
    }

    func testMigratesVersion1FileAndRefusesNewerOrForeignFiles() throws {
        let dir = StateFixture.tempDir()
        let path = dir + "/v1.db"
        do {
            let db = try SQLiteDatabase(path: path)
            try StateSchema.migrate(db, to: 1)
            XCTAssertEqual(try db.userVersion, 1)
            XCTAssertFalse(try db.tableExists("grant_networks"))
            let w = try EvidenceWriter(db: db)
            try db.transaction {
                try insertOldSchemaFile(db, stored(0, "old.csv", fingerprint: "f00"))
                try w.insert(store: OrgScenario.drift().store, fileID: 0)
            }
        }
        let state = try StateStore(path: path)
        XCTAssertEqual(state.schemaVersion, StateSchema.currentVersion)
        XCTAssertTrue(try state.db.tableExists("grant_networks"))
        XCTAssertTrue(try state.db.tableExists("app_networks"))
        let snap = try state.snapshot()
        XCTAssertEqual(snap.store.auth.count, OrgScenario.drift().store.auth.count)
        XCTAssertEqual(snap.paths, ["old.csv"])

        // A file from a newer tokenhound is refused, untouched.
        let newer = dir + "/newer.db"
        do { let db = try SQLiteDatabase(path: newer); try db.setUserVersion(99) }
        XCTAssertThrowsError(try StateStore(path: newer)) { XCTAssertTrue("\($0)".contains("newer")) }
        XCTAssertEqual(try SQLiteDatabase(path: newer).userVersion, 99)
        // Not SQLite at all, or someone else's database.
        let text = dir + "/notes.txt"
        try "hello, this is not a database at all, really it is not".write(toFile: text, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try StateStore(path: text)) { XCTAssertTrue("\($0)".contains("not a tokenhound state"), "\($0)") }
        let other = dir + "/other.db"
        do { let db = try SQLiteDatabase(path: other); try db.execute("CREATE TABLE t(x)") }
        XCTAssertThrowsError(try StateStore(path: other))
        // A state an older tokenhound wrote: a read-only open says how to upgrade it, and leaves it as it is.
        let older = dir + "/older.db"
        do { _ = try StateStore(path: older); try SQLiteDatabase(path: older).setUserVersion(StateSchema.currentVersion - 1) }
        XCTAssertThrowsError(try StateStore(path: older, create: false, readOnly: true)) {
            XCTAssertTrue("\($0)".contains("older tokenhound") && "\($0)".contains("scan --state \(older)"), "\($0)")
        }
        XCTAssertEqual(try SQLiteDatabase(path: older).userVersion, StateSchema.currentVersion - 1)
        // Read-only never creates.
        XCTAssertThrowsError(try StateStore(path: dir + "/absent.db", create: false, readOnly: true))
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/absent.db"))
    }

    /// Inserts `f` with the `files` columns of schema versions 1 and 2 (`EvidenceWriter` writes the
    /// current schema).
    func insertOldSchemaFile(_ db: SQLiteDatabase, _ f: StoredFile) throws {
        let json = String(decoding: try JSONEncoder.sortedKeys.encode(PersistedFileReport(f.report)), as: UTF8.self)
        try db.prepare("""
            INSERT INTO files(file_id, path, content_fingerprint, ingested_at_ms, ingested_at, kind, rows, rows_accepted, report_json)
            VALUES (?,?,?,?,?,?,?,?,?)
            """).run([.int(Int64(f.fileID)), .text(f.path), .of(f.fingerprint), .int(f.ingestedAt.millis), .text(f.ingestedAt.iso8601),
                      .of(f.report.kind?.rawValue), .int(Int64(f.report.rows)), .int(Int64(f.report.rowsAccepted)), .text(json)])
    }

    /// Version 3 records which row hash produced each file's hour fingerprints. A file recorded by
    /// an older build keeps version 1 and is compared only with files of that version: its sums
    /// equal a new file's only by chance, and must not turn distinct rows into "duplicates".
    func testMigratesVersion2FileKeepingItsRowHashVersionApart() throws {
        let path = StateFixture.tempDir() + "/v2.db"
        do {
            let db = try SQLiteDatabase(path: path)
            try StateSchema.migrate(db, to: 2)
            try db.transaction {
                try insertOldSchemaFile(db, stored(0, "daily-before-upgrade.csv", fingerprint: "f00"))
                try insertOldSchemaFile(db, stored(1, "copy-before-upgrade.csv", fingerprint: "f01"))
            }
        }
        let state = try StateStore(path: path)
        XCTAssertEqual(state.schemaVersion, 3)
        let fresh = stored(2, "read-after-upgrade.csv", fingerprint: "f02")
        XCTAssertEqual(fresh.report.rowHashVersion, EventDecoder.rowHashVersion)
        var changes = StateStore.Changes()
        changes.newFiles = [(fresh, EvidenceStore())]
        _ = try state.commit(changes)

        let files = try StateStore(path: path).files()
        XCTAssertEqual(files.map(\.report.rowHashVersion), [1, 1, EventDecoder.rowHashVersion])
        XCTAssertEqual(files[0].report.fingerprint, stored(0, "x").report.fingerprint, "old fingerprints kept")
        let (old, oldCopy, new) = (files[0].report, files[1].report, files[2].report)
        XCTAssertEqual(CoverageBuilder.duplicateRows([old, oldCopy]), 10, "old files still match each other")
        XCTAssertEqual(CoverageBuilder.duplicateRows([old, new]), 0, "equal sums of different hashes are no match")
        XCTAssertEqual(CoverageBuilder.duplicateRows([old, oldCopy, new]), 10)
        XCTAssertTrue(old.sameRows(as: oldCopy, inHour: 1))
        XCTAssertFalse(old.sameRows(as: new, inHour: 1))
        XCTAssertEqual(CoverageBuilder.duplicateRows([new, fresh.report]), 10, "new files match each other")
    }

    func testContentFingerprint() throws {
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = ContentFingerprint.of(bytes: bytes)
        for cut in [0, 1, 7, 8, 9, 4095, 65_537, 100_002] {
            var h = ContentFingerprint.Hasher()
            bytes[0..<cut].withUnsafeBytes { h.update($0) }
            bytes[cut...].withUnsafeBytes { h.update($0) }
            XCTAssertEqual(h.finish(), whole, "split at \(cut)")
        }
        var flipped = bytes; flipped[50_000] ^= 1
        XCTAssertNotEqual(ContentFingerprint.of(bytes: flipped), whole)
        XCTAssertNotEqual(ContentFingerprint.of(bytes: bytes + [0]), whole, "length matters")
        XCTAssertNotEqual(ContentFingerprint.of(bytes: []), ContentFingerprint.of(bytes: [0]))
        XCTAssertEqual(whole.description.count, 32)
        let dir = StateFixture.tempDir()
        let p = dir + "/f.bin"
        XCTAssertTrue(FileManager.default.createFile(atPath: p, contents: Data(bytes)))
        XCTAssertEqual(ContentFingerprint.ofFile(InputFile(path: p)), whole)
        XCTAssertNil(ContentFingerprint.ofFile(.stdin))
        XCTAssertNil(ContentFingerprint.ofFile(InputFile(path: dir)), "directories and pipes are never fingerprinted")
    }
}
