import XCTest
@testable import TokenHoundKit

/// `ChainCollector.chain(for:)` reads each session and address-day once for all of an episode's
/// grants (`TimeWindowUnion`) and drops repeated steps by sorting (`sortedDistinct`): it must
/// collect what reading them once per grant and deduplicating through a `Set` collected.
final class ChainCollectorTests: XCTestCase {
    func testTimeWindowUnionHoldsWhatAnyOfItsWindowsHolds() {
        var rng = ReadingTestSupport.SplitMix64(seed: 21)
        for _ in 0..<300 {
            var union = TimeWindowUnion()
            var windows: [(Int64, Int64)] = []
            for _ in 0..<Int(rng.next() % 8) {
                let start = Int64(rng.next() % 200), length = Int64(rng.next() % 40) - 5   // some empty (end < start)
                windows.append((start, start + length))
                union.add(from: EventTime(millis: start), through: EventTime(millis: start + length))
            }
            union.normalize()
            XCTAssertEqual(union.isEmpty, !windows.contains { $0.0 <= $0.1 })
            for t in Int64(-5)...250 {
                XCTAssertEqual(union.contains(EventTime(millis: t)), windows.contains { $0.0 <= t && t <= $0.1 }, "\(windows) at \(t)")
            }
        }
    }

    func testSortedDistinctIsTheSetOfStepsSorted() {
        var rng = ReadingTestSupport.SplitMix64(seed: 22)
        // Steps that tie on time, place and detail but differ in kind or request id: told apart by
        // `==`, not by the sort.
        var pool: [ActivityStep] = []
        for n in 0..<30 {
            let kind: ChainStep.Kind = n % 4 == 0 ? .secretSearch : .recon
            let location = RowLocation(file: UInt32(n % 2), line: UInt32(n % 6))
            pool.append(ActivityStep(time: EventTime(millis: Int64(n % 7)), kind: kind, detail: "q\(n % 3)", requestID: "R\(n % 5)",
                                     location: location))
        }
        for _ in 0..<500 {
            var steps: [ActivityStep] = []
            for _ in 0..<Int(rng.next() % 40) { steps.append(pool[Int(rng.next() % UInt64(pool.count))]) }
            let distinct = steps.sortedDistinct()
            XCTAssertEqual(distinct.count, Set(steps).count)
            XCTAssertEqual(Set(distinct), Set(steps))
            XCTAssertTrue(zip(distinct, distinct.dropFirst()).allSatisfy { !($1 < $0) }, "sorted")
        }
    }

    /// Grants carry their LOGIN_KEY's hash (`GrantEvents`), read by the chain and the openers of
    /// sessions in place of the key: it must be the key's `fnv1a64`, and nil for no or an empty key.
    func testGrantLoginKeyHashIsTheHashOfItsKey() {
        var scenario = OrgScenario()
        let keys: [String?] = ["LK1", nil, "", "0123456789ABCDEFGH", "a LOGIN_KEY longer than eighteen bytes", "clé-非ASCII"]
        for (n, key) in keys.enumerated() {
            scenario.store.visit(auth: AuthEvent(
                source: .loginEvent, time: OrgScenario.time(day: 0, hour: n), user: OrgScenario.user(1), userName: "u@acme.example",
                sourceAddress: .address(IPAddress("52.4.10.11")!), userAgent: "Drift/1", loginKey: key, requestID: "REQ\(n)",
                flow: .refreshToken, loginType: "Remote Access 2.0", status: "Success", succeeded: true,
                application: "Drift", location: RowLocation(file: 0, line: UInt32(n + 1))))
        }
        scenario.store.canonicalize()
        let options = AnalysisOptions(detectionTime: OrgScenario.time(day: 30, hour: 0))
        let grants = GrantAttributor(catalog: AppCatalog(appNames: [:], postures: []), resolver: options.resolver).attribute(store: scenario.store)
        XCTAssertEqual(grants.count, keys.count)
        for g in grants {
            let expected = g.event.loginKey.flatMap { $0.isEmpty ? nil : fnv1a64($0) }
            XCTAssertEqual(g.loginKeyHash, expected, "\(String(describing: g.event.loginKey))")
        }
        XCTAssertEqual(grants.filter { $0.loginKeyHash != nil }.count, 4)
    }

    /// Keys hashed in pieces on two threads land at their events' positions, across pieces.
    func testGrantLoginKeyHashesOnTwoThreadsAreTheKeysHashes() {
        let keys: [String?] = ["LK1", nil, "", "0123456789ABCDEFGH", "a LOGIN_KEY longer than eighteen bytes"]
        let events = (0..<40_000).map { n in
            AuthEvent(source: .eventLogLogin, time: OrgScenario.time(day: 0, hour: 0), user: OrgScenario.user(1), userName: nil,
                      sourceAddress: .empty, userAgent: "", loginKey: keys[n % keys.count].map { "\($0)\(n % 7 == 0 ? "" : "-\(n)")" },
                      requestID: "R", flow: .refreshToken, loginType: "", status: "Success", succeeded: true,
                      application: nil, location: RowLocation(file: 0, line: UInt32(n)))
        }
        let parallel = GrantEvents(events, threads: 2)
        for i in events.indices {
            let expected = events[i].loginKey.flatMap { $0.isEmpty ? nil : fnv1a64($0) }
            if parallel.loginKeyHash(i) != expected { return XCTFail("event \(i)") }
        }
        XCTAssertEqual(GrantEvents([], threads: 2).list.count, 0)
    }

    func testChainCollectsWhatReadingPerGrantCollected() {
        var rng = ReadingTestSupport.SplitMix64(seed: 23)
        var scenario = OrgScenario()
        let users = [OrgScenario.user(1), OrgScenario.user(2)]
        let ips = ["52.4.10.11", "52.4.10.12", "203.0.113.7"]
        // Grants over three days, around midnight too (a window then spans two address-days);
        // some share a login key, some have none of their own session.
        for _ in 0..<120 {
            let time = OrgScenario.time(day: Int(rng.next() % 3), hour: [0, 7, 13, 22, 23][Int(rng.next() % 5)], minute: Int(rng.next() % 60))
            scenario.grant(app: "Drift", user: users[Int(rng.next() % 2)], ip: ips[Int(rng.next() % 3)], ua: "Drift/1",
                           at: time, loginKey: "LK\(rng.next() % 40)")
        }
        // Bulk jobs: some under a grant's login key, some only by user and IP, some neither.
        for n in 0..<60 {
            let time = OrgScenario.time(day: Int(rng.next() % 3), hour: [0, 7, 8, 13, 22, 23][Int(rng.next() % 6)], minute: Int(rng.next() % 60))
            let loginKey: String? = rng.next() % 3 == 0 ? nil : "LK\(rng.next() % 50)"
            for (k, status) in ["open", "jobcomplete", "deleted"].enumerated() {
                scenario.store.bulkJobs.append(BulkJobEvent(
                    time: time.adding(millis: Int64(k) * 60_000), user: users[Int(rng.next() % 2)], loginKey: loginKey,
                    clientAddress: .address(IPAddress(ips[Int(rng.next() % 3)])!), jobID: "J\(n)", status: status,
                    operation: n % 2 == 0 ? "query" : "insert", entity: "Account", recordsProcessed: 10,
                    location: RowLocation(file: 1, line: UInt32(n * 3 + k))))
            }
        }
        // Activity in two files' stores, merged as a scan merges them (the packed form).
        var files = [EvidenceStore(), EvidenceStore()]
        for (f, _) in files.enumerated() {
            for n in 0..<40 where n % 3 != 0 {
                var a = SessionActivity(time: OrgScenario.time(day: 0, hour: 0))
                a.steps = (0..<Int(rng.next() % 12)).map { _ in randomStep(&rng, file: f) }
                files[f].sessions.activity[fnv1a64("LK\(n)")] = a
            }
            for user in users {
                for ip in ips.dropLast() {
                    for day in 0..<4 {
                        var a = SessionActivity(time: OrgScenario.time(day: day, hour: 0))
                        a.steps = (0..<Int(rng.next() % 20)).map { _ in randomStep(&rng, file: f, day: day) }
                        files[f].addressActivity.activity[AddressDayKey(user: user, ip: IPAddress(ip)!, day: OrgScenario.time(day: day, hour: 0).dayIndex)] = a
                    }
                }
            }
        }
        var store = scenario.store
        for f in files { store.merge(f) }
        store.canonicalize()
        let options = AnalysisOptions(detectionTime: OrgScenario.time(day: 30, hour: 0))
        let grants = GrantAttributor(catalog: AppCatalog(appNames: [:], postures: []), resolver: options.resolver).attribute(store: store)
        let collector = ChainCollector(store: store, options: options)
        var nonEmpty = 0, withJobs = 0
        for _ in 0..<200 {
            // An episode: grants in time order, as the rules pass them.
            let episode = grants.filter { _ in rng.next() % 4 == 0 }
            let chain = collector.chain(for: episode)
            let reference = referenceChain(store: store, options: options, jobs: collector, grants: episode)
            XCTAssertEqual(chain.steps, reference.steps)
            XCTAssertEqual(chain.sessionKeys, reference.sessionKeys)
            XCTAssertEqual(chain.addressKeys, reference.addressKeys)
            XCTAssertEqual(chain.bulkExports.map(\.jobID) + chain.quickDeletes.map(\.jobID), reference.jobIDs)
            XCTAssertEqual(collector.hasChain(for: episode), !chain.isEmpty)
            if !chain.steps.isEmpty { nonEmpty += 1 }
            if !chain.bulkExports.isEmpty { withJobs += 1 }
        }
        XCTAssertGreaterThan(nonEmpty, 100, "the episodes reach activity")
        XCTAssertGreaterThan(withJobs, 50, "the episodes reach bulk jobs")
        // `hasChain` asks rule 1's question without building the chain: alike for one grant at a
        // time and for none, where many chains are empty.
        var empty = 0
        for g in grants {
            let chain = collector.chain(for: [g])
            XCTAssertEqual(collector.hasChain(for: [g]), !chain.isEmpty, "grant at \(g.time.millis)")
            if chain.isEmpty { empty += 1 }
        }
        XCTAssertGreaterThan(empty, 0, "some grants reach no activity")
        XCTAssertLessThan(empty, grants.count, "some grants reach activity")
        XCTAssertFalse(collector.hasChain(for: []))
    }

    private func randomStep(_ rng: inout ReadingTestSupport.SplitMix64, file: Int, day: Int? = nil) -> ActivityStep {
        let time = OrgScenario.time(day: day ?? Int(rng.next() % 3), hour: [0, 1, 7, 8, 13, 22, 23][Int(rng.next() % 7)],
                                    minute: Int(rng.next() % 60))
        // Lines from a small range, so the two files share some rows (the same row read twice).
        let line = UInt32(rng.next() % 500)
        return ActivityStep(time: time, kind: line % 3 == 0 ? .secretSearch : .recon, detail: "SELECT \(line % 17)",
                            requestID: "R\(line)", location: RowLocation(file: 0, line: line))
    }

    /// The collection as first written: every grant reads its session and address-days itself.
    private func referenceChain(store: EvidenceStore, options: AnalysisOptions, jobs collector: ChainCollector, grants: [AttributedGrant])
        -> (steps: [ActivityStep], sessionKeys: Set<UInt64>, addressKeys: Set<AddressDayKey>, jobIDs: [String]) {
        let window = Int64(options.chainWindowMinutes) * EventTime.minuteMillis
        var steps: [ActivityStep] = [], sessionKeys = Set<UInt64>(), addressKeys = Set<AddressDayKey>()
        var jobIdx = Set<Int>()
        for g in grants.prefix(500) {
            let start = g.time.adding(millis: -EventTime.minuteMillis), end = g.time.adding(millis: window)
            if let key = g.event.loginKey, !key.isEmpty {
                if let s = store.sessions[fnv1a64(key)] {
                    sessionKeys.insert(fnv1a64(key))
                    steps += s.steps.filter { $0.time >= start && $0.time <= end }
                }
                for (i, j) in collector.jobs.enumerated() where j.loginKey == key { jobIdx.insert(i) }
            }
            if let user = g.event.user, let ip = g.event.sourceAddress.ip {
                for (i, j) in collector.jobs.enumerated() where j.user == user && j.address.ip == ip && j.firstTime >= start && j.firstTime <= end {
                    jobIdx.insert(i)
                }
                for day in [g.time.dayIndex, end.dayIndex] {
                    let k = AddressDayKey(user: user, ip: ip, day: day)
                    if let s = store.addressActivity[k] {
                        addressKeys.insert(k)
                        steps += s.steps.filter { $0.time >= start && $0.time <= end }
                    }
                }
            }
        }
        let picked = jobIdx.sorted().map { collector.jobs[$0] }
        let jobIDs = picked.filter(\.isExport).map(\.jobID) + picked.filter(collector.isQuickDelete).map(\.jobID)
        return (Array(Set(steps)).sorted(), sessionKeys, addressKeys, jobIDs)
    }
}
