import XCTest
@testable import TokenHoundKit

/// Results never depend on file order, row order or how work is split across threads.
final class DetectionInvariantTests: XCTestCase {
    struct SplitMix { var s: UInt64; mutating func next() -> UInt64 { s &+= 0x9E37_79B9_7F4A_7C15; var z = s; z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9; z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB; return z ^ (z >> 31) } }

    func testFindingsIndependentOfHowEvidenceIsSplitAndMerged() {
        let base = OrgScenario.drift()
        var reference = base.store
        reference.canonicalize()
        let opts = AnalysisOptions(detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime)
        let expected = Analyzer.analyze(store: reference, postures: base.postures, files: ["a", "b", "c", "d"], presentKinds: [.login], options: opts).findings
        XCTAssertFalse(expected.isEmpty)
        for seed in UInt64(1)...12 {
            var rng = SplitMix(s: seed)
            let parts = Int(rng.next() % 4) + 1
            var stores = [EvidenceStore](repeating: EvidenceStore(), count: parts)
            var events = base.store.auth
            // Shuffle rows, deal them to "files/threads", merge in a random order.
            for i in stride(from: events.count - 1, to: 0, by: -1) { events.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for e in events { stores[Int(rng.next() % UInt64(parts))].visit(auth: e) }
            for i in stride(from: parts - 1, to: 0, by: -1) { stores.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            var merged = EvidenceStore()
            for s in stores { merged.merge(s) }
            merged.canonicalize()
            let got = Analyzer.analyze(store: merged, postures: base.postures, files: ["a", "b", "c", "d"], presentKinds: [.login], options: opts).findings
            XCTAssertEqual(got, expected, "seed \(seed), \(parts) parts")
        }
    }

    func testDuplicateRowsFromHourlyAndDailyFilesCountOnce() {
        var s = OrgScenario()
        let u = OrgScenario.user(9)
        s.grant(app: "Drift", user: u, ip: "52.4.10.11", ua: "x", at: OrgScenario.time(day: 0, hour: 1), file: 0, loginKey: "K1")
        var copy = s.store.auth[0]
        copy.location = RowLocation(file: 3, line: 77)
        s.store.visit(auth: copy)
        s.store.canonicalize()
        XCTAssertEqual(s.store.auth.count, 1)
        XCTAssertEqual(s.store.auth[0].location.file, 0, "the copy in the lowest file id is kept")
    }

    func testSeverityBandsAndCorroborationGate() {
        var c = ConfidenceBuilder(base: 100, reason: "test")
        var a = SeverityModel.assess(impact: 100, impactReasons: [], confidence: c)
        XCTAssertEqual(a.risk, 98)
        XCTAssertEqual(a.level, .high)
        c.corroborate(0, "indicator")
        a = SeverityModel.assess(impact: 100, impactReasons: [], confidence: c)
        XCTAssertEqual(a.risk, 100)
        XCTAssertEqual(a.level, .critical)
        c = ConfidenceBuilder(base: 50, reason: "x")
        XCTAssertEqual(SeverityModel.assess(impact: 92, impactReasons: [], confidence: c).risk, 46)
        XCTAssertEqual(SeverityModel.assess(impact: 92, impactReasons: [], confidence: c).level, .low)
    }
}
