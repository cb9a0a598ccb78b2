import XCTest
@testable import TokenHoundKit

/// The merged store's slim sessions, address-days and usage keys (`ActivityTable`, `UsageTable`):
/// they must read exactly as the full per-file form merged with `SessionActivity.merge` /
/// `UsageSighting.merge`, whatever order stores are merged in, with pooled ids never compared as
/// numbers and step text kept byte for byte.
final class MergedEvidenceTests: XCTestCase {
    // Pool numbers follow first sight: "...ZZZ" is pooled first when its store is merged first,
    // so a minimum taken over pool numbers would pick it; the real minimum is "...AAA".
    let highApp = SalesforceID("0H45j000000AZZZ")!, lowApp = SalesforceID("0H45j000000AAAA")!
    let highUser = SalesforceID("0055j00000ABZZZ")!, lowUser = SalesforceID("0055j00000ABAAA")!

    func step(_ minute: Int, _ detail: String, line: UInt32) -> ActivityStep {
        ActivityStep(time: OrgScenario.time(day: 1, hour: 2, minute: minute), kind: .recon, detail: detail,
                     requestID: "R\(line)", location: RowLocation(file: 0, line: line))
    }

    func addressKey(_ day: Int) -> AddressDayKey { AddressDayKey(user: lowUser, ip: IPAddress(v4: 0x0A00_0001), day: Int64(day)) }

    /// A step of an address-day, with request ids and details of every shape (`PackedStepsTests`).
    func addressStep(_ n: Int, file: Int) -> ActivityStep {
        let ids = PackedStepsTests.requestIDs, details = PackedStepsTests.details
        return ActivityStep(time: OrgScenario.time(day: 1, hour: 3, minute: (n * 11) % 60), kind: n % 3 == 0 ? .secretSearch : .recon,
                            detail: details[n % details.count], requestID: ids[n % ids.count],
                            location: RowLocation(file: UInt32(file), line: UInt32(n)))
    }

    /// Three files' stores with overlapping sessions, address-days and usage keys.
    func fileStores() -> [EvidenceStore] {
        var stores = [EvidenceStore(), EvidenceStore(), EvidenceStore()]
        let apps: [SalesforceID?] = [highApp, nil, lowApp]
        let users: [SalesforceID?] = [nil, highUser, lowUser]
        for (i, (app, user)) in zip(apps, users).enumerated() {
            for n in 0..<40 {
                var a = SessionActivity(time: OrgScenario.time(day: 1, hour: i))
                a.appID = app; a.user = user
                // Session 0 gets more steps than are kept, across files; odd sessions none.
                if n == 0 { a.steps = (0..<50).map { step(($0 * 7 + i * 3) % 60, "q\($0 % 9)", line: UInt32(i * 100 + $0)) } }
                else if n % 2 == 0 { a.steps = [step(n, "d\(n)", line: UInt32(i * 100 + n))] }
                stores[i].sessions.activity[UInt64(n)] = a
            }
            let ip = IPAddress(v4: 0x0A00_0001)
            for d in 0..<4 {
                var a = SessionActivity(time: OrgScenario.time(day: 1, hour: i))
                a.appID = app; a.user = user
                // Day 0 gets more steps than are kept, across files (some the same row read twice).
                a.steps = (0..<(d == 0 ? 45 : d * 5)).map { addressStep($0 + (d == 0 ? i * 20 : 0), file: d == 0 ? 0 : i) }
                stores[i].addressActivity.activity[addressKey(d)] = a
            }
            // IPv4 and IPv6 keys: the merged form holds them in a table each.
            for usageIP in [ip, IPAddress("2001:db8::1")!] {
                for h in 0..<5 {
                    let first = OrgScenario.time(day: 1, hour: h, minute: 10 - i)
                    stores[i].usage.sightings[UsageKey(user: user ?? highUser, ip: usageIP, app: app ?? highApp, hour: first.hourIndex)] =
                        UsageSighting(first: first, last: first, count: 1)
                }
            }
        }
        return stores
    }

    /// The reference: the full form merged field by field, as before the slim form existed.
    func reference(_ stores: [EvidenceStore]) -> Reads {
        var sessions: [UInt64: SessionActivity] = [:]
        var addressDays: [AddressDayKey: SessionActivity] = [:]
        var usage: [UsageKey: UsageSighting] = [:]
        for s in stores {
            for (k, a) in s.sessions.activity { if sessions[k] == nil { sessions[k] = a } else { sessions[k]!.merge(a) } }
            for (k, a) in s.addressActivity.activity { if addressDays[k] == nil { addressDays[k] = a } else { addressDays[k]!.merge(a) } }
            for (k, u) in s.usage.sightings { if usage[k] == nil { usage[k] = u } else { usage[k]!.merge(u) } }
        }
        func compacted(_ a: SessionActivity) -> SessionEvidence { var a = a; a.compact(); return SessionEvidence(a) }
        return Reads(sessions: sessions.mapValues(compacted), addressDays: addressDays.mapValues(compacted), usage: usage.mapValues(\.first))
    }

    struct Reads {
        var sessions: [UInt64: SessionEvidence]
        var addressDays: [AddressDayKey: SessionEvidence]
        var usage: [UsageKey: EventTime]
    }

    func assertReads(_ store: EvidenceStore, as expected: Reads, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(store.sessions.count, expected.sessions.count, file: file, line: line)
        for (k, v) in expected.sessions { XCTAssertEqual(store.sessions[k], v, "session \(k)", file: file, line: line) }
        XCTAssertEqual(store.addressActivity.count, expected.addressDays.count, file: file, line: line)
        for (k, v) in expected.addressDays {
            let got = store.addressActivity[k]
            XCTAssertEqual(got, v, "address-day \(k.day)", file: file, line: line)
            // `==` compares text by canonical equivalence: the bytes must be the full form's too.
            XCTAssertEqual(got.map { PackedStepsTests.bytes($0.steps) }, PackedStepsTests.bytes(v.steps), file: file, line: line)
        }
        XCTAssertEqual(store.usage.firstSightings, expected.usage, file: file, line: line)
        for (k, first) in expected.usage { XCTAssertEqual(store.usage.first(at: k), first, file: file, line: line) }
    }

    func testMergedFormReadsAsTheFullFormMergedInAnyOrder() {
        let stores = fileStores()
        let expected = reference(stores)
        XCTAssertEqual(expected.sessions[0]?.appID, lowApp)
        XCTAssertEqual(expected.sessions[0]?.user, lowUser)
        XCTAssertEqual(expected.sessions[0]?.steps.count, SessionActivity.maxSteps)
        XCTAssertEqual(expected.sessions[1]?.steps, [])
        XCTAssertEqual(expected.addressDays[addressKey(0)]?.steps.count, SessionActivity.maxSteps)
        XCTAssertEqual(expected.addressDays[addressKey(0)]?.appID, lowApp)
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            var merged = EvidenceStore()
            for i in order { merged.merge(stores[i]) }
            merged.canonicalize()
            XCTAssertTrue(merged.sessions.activity.isEmpty && merged.addressActivity.activity.isEmpty && merged.usage.sightings.isEmpty,
                          "held in the merged form")
            assertReads(merged, as: expected)
        }
    }

    /// Two copies of one row (an hourly and a daily file) and another step of the same millisecond
    /// that sorts between them: the copy is dropped whichever files are merged together first.
    func testACopiedStepIsDroppedWhateverTheMergeOrder() {
        let time = OrgScenario.time(day: 1, hour: 2)
        func file(_ id: UInt32, requestID: String, detail: String) -> EvidenceStore {
            var a = SessionActivity(time: time)
            a.appID = lowApp
            a.steps = [ActivityStep(time: time, kind: .recon, detail: detail, requestID: requestID, location: RowLocation(file: id, line: 7))]
            var store = EvidenceStore()
            store.sessions.activity[42] = a
            return store
        }
        let files = [file(1, requestID: "R1", detail: "SELECT Id FROM Account"), file(2, requestID: "R2", detail: "SELECT Id FROM Contact"),
                     file(3, requestID: "R1", detail: "SELECT Id FROM Account")]
        for order in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]] {
            var merged = EvidenceStore()
            for i in order { merged.merge(files[i]) }
            merged.canonicalize()
            XCTAssertEqual(merged.sessions[42]?.steps.map(\.location.file), [1, 2], "merge order \(order)")
            var full = SessionActivity(time: time)
            for i in order { full.merge(files[i].sessions.activity[42]!) }
            XCTAssertEqual(full.steps.map(\.location.file), [1, 2], "full form, merge order \(order)")
        }
    }

    /// The reads that leave steps packed (`keys(withStepOf:)`, `appID(of:)`) agree with the full
    /// reads, in both forms.
    func testPackedReadsAgreeWithUnpackedOnes() {
        let stores = fileStores()
        var merged = EvidenceStore()
        for s in stores { merged.merge(s) }
        merged.canonicalize()
        for store in [merged, stores[0], stores[2]] {
            for kinds in [[ChainStep.Kind.recon], [.secretSearch], [.recon, .secretSearch], [.bulkDelete]] {
                XCTAssertEqual(Set(store.sessions.keys(withStepOf: kinds)),
                               Set(store.sessions.compactMap { k, s in s.steps.contains { kinds.contains($0.kind) } ? k : nil }))
                XCTAssertEqual(Set(store.addressActivity.keys(withStepOf: kinds)),
                               Set(store.addressActivity.compactMap { k, s in s.steps.contains { kinds.contains($0.kind) } ? k : nil }))
            }
            XCTAssertFalse(store.addressActivity.keys(withStepOf: [.secretSearch]).isEmpty)
            for (k, s) in store.sessions { XCTAssertEqual(store.sessions.appID(of: k), s.appID) }
            XCTAssertNil(store.sessions.appID(of: 999))
        }
    }

    func testMergingMergedStoresGivesTheSameStore() {
        let stores = fileStores()
        var left = EvidenceStore(), right = EvidenceStore(), all = EvidenceStore()
        right.merge(stores[2])
        left.merge(stores[1]); left.merge(stores[0])
        all.merge(right); all.merge(left)
        all.canonicalize()
        assertReads(all, as: reference(stores))
        // A store read into and then merged into folds its own entries too.
        var own = stores[2]
        own.merge(stores[0]); own.merge(stores[1])
        own.canonicalize()
        assertReads(own, as: reference(stores))
        XCTAssertEqual(own.usage, all.usage)
    }

    func testAStepLessSessionStillAttributesItsGrantAfterMerging() {
        var file = EvidenceStore()
        file.visit(auth: AuthEvent(source: .eventLogLogin, time: OrgScenario.time(day: 1, hour: 2), user: lowUser,
                                   sourceAddress: .address(IPAddress("198.51.100.7")!), userAgent: "x", loginKey: "LK-1", requestID: "TID1",
                                   flow: .refreshToken, loginType: "R", status: "LOGIN_NO_ERROR", succeeded: true,
                                   location: RowLocation(file: 0, line: 2)))
        var session = SessionActivity(time: OrgScenario.time(day: 1, hour: 2))
        session.appID = lowApp
        file.sessions.activity[fnv1a64("LK-1")] = session
        var merged = EvidenceStore()
        merged.merge(file)
        merged.canonicalize()
        XCTAssertEqual(merged.sessions[fnv1a64("LK-1")], SessionEvidence(appID: lowApp, user: nil, steps: []))
        let options = AnalysisOptions(detectionTime: OrgScenario.time(day: 9, hour: 0))
        let grants = GrantAttributor(catalog: AppCatalog(appNames: [:], postures: []), resolver: options.resolver).attribute(store: merged)
        XCTAssertEqual(grants.map(\.method), [.sessionLoginKey])
        XCTAssertEqual(grants.first?.app.ref.id, lowApp.description)
    }

    func testAUsageHourBeyond32BitsIsKeptInFull() {
        let far = UsageKey(user: lowUser, ip: IPAddress(v4: 1), app: lowApp, hour: Int64(Int32.max) + 5)
        var file = EvidenceStore()
        file.usage.sightings[far] = UsageSighting(first: EventTime(millis: 7), last: EventTime(millis: 9), count: 2)
        var merged = EvidenceStore()
        merged.merge(file); merged.merge(file)
        XCTAssertEqual(merged.usage.first(at: far), EventTime(millis: 7))
        XCTAssertEqual(merged.usage.sightings[far]?.count, 4)
        XCTAssertEqual(merged.usage.apps, [lowApp])
    }
}
