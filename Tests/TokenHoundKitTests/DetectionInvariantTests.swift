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

    func testResultsIndependentOfAnalysisThreads() {
        var s = OrgScenario.drift()
        let u2 = OrgScenario.user(2)
        s.cadence(app: "Gong", user: u2, ips: ["34.1.2.3"], ua: "Gong/1.0", days: 0..<14)
        s.grant(app: "Gong", user: u2, ip: "203.0.113.9", ua: "curl/8.0", at: OrgScenario.time(day: 12, hour: 4))
        var one = AnalysisOptions(detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime)
        one.threads = 1
        var four = one
        four.threads = 4
        let expected = s.analyze(options: one)
        XCTAssertGreaterThan(Set(expected.findings.map(\.app)).count, 1, "findings from more than one app")
        for _ in 0..<5 {   // threads are scheduled differently every time
            let got = s.analyze(options: four)
            XCTAssertEqual(got.findings, expected.findings)
            XCTAssertEqual(got.apps, expected.apps)
            XCTAssertEqual(got.refreshUsage, expected.refreshUsage)
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

/// Issue 7 invariants on real files: the sample org rewritten with its files renamed (so file ids
/// permute), rows shuffled inside every file, re-compressed or not, read with random thread counts
/// and random read-buffer sizes (chunking), gives the same findings.
final class DetectionFileInvariantTests: XCTestCase {
    static let sampleLogs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("SampleLogs")

    /// What a finding says, without where its evidence sits (row order moves evidence lines, renames move files).
    struct Gist: Hashable, CustomStringConvertible {
        var rule: String, level: Level, risk: Int, app: String, user: String?, network: String?, ip: String?, ua: String?
        var count: Int, first: EventTime, last: EventTime, chain: [String]
        init(_ f: Finding) {
            rule = f.ruleID; level = f.level; risk = f.riskScore; app = f.app.display; user = f.user.id; network = f.network
            ip = f.sourceIP; ua = f.userAgent; count = f.eventCount; first = f.firstSeen; last = f.lastSeen
            chain = f.chain.map { "\($0.time.millis) \($0.kind) \($0.detail)" }
        }
        var description: String { "\(rule) \(app) \(network ?? "-") \(level) \(risk) n=\(count)" }
    }

    static func records(_ bytes: [UInt8]) -> [[String]] {
        var out: [[String]] = []
        let reader = CSVRecordReader()
        bytes.withUnsafeBytes { raw in reader.readAll(raw) { r in out.append((0..<r.count).map { r.string(at: $0) }) } }
        return out
    }

    static func csv(_ rows: [[String]]) -> [UInt8] {
        var s = ""
        for r in rows { s += r.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\r\n" }
        return Array(s.utf8)
    }

    func scan(_ dir: URL, threads: Int, bufferSize: Int) -> ScanOutcome {
        var r = ScanRequest(paths: [dir.path], detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime)
        r.ingest.threads = threads
        r.ingest.readLimits = ReadLimits(bufferSize: bufferSize)
        return ScanPipeline.run(r)
    }

    func testFindingsIndependentOfFileNamesRowOrderThreadsAndChunking() throws {
        let reference = scan(Self.sampleLogs, threads: 2, bufferSize: 256 * 1024)
        let expected = reference.report.findings.map(Gist.init)
        XCTAssertTrue(expected.contains { $0.rule == "TH-001" && $0.level == .critical })
        let files = try XCTUnwrap(FileManager.default.enumerator(at: Self.sampleLogs, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { !$0.hasDirectoryPath && ($0.pathExtension == "csv" || $0.pathExtension == "gz" || $0.pathExtension == "xml") }
        for seed in UInt64(1)...3 {
            var rng = ReadingTestSupport.SplitMix64(seed: seed)
            let dir = try ReadingTestSupport.tempDir(self)
            for f in files {
                let rel = f.path.dropFirst(Self.sampleLogs.path.count + 1)
                var target = dir.appendingPathComponent(String(rel))
                try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
                if f.pathExtension == "xml" { try FileManager.default.copyItem(at: f, to: target); continue }
                // A random prefix reorders the sorted input list, so every file gets another id.
                target = target.deletingLastPathComponent().appendingPathComponent("p\(rng.next() % 1000)-" + f.lastPathComponent)
                let decoded = ReadingTestSupport.decode(path: f.path)
                XCTAssertNil(decoded.error)
                var rows = Self.records(decoded.bytes)
                var body = Array(rows.dropFirst())
                body.shuffle(using: &rng)
                rows = [rows[0]] + body
                let bytes = Self.csv(rows)
                try Data(f.pathExtension == "gz" ? GzipEncoder.compress(bytes) : bytes).write(to: target)
            }
            let threads = Int(rng.next() % 3) + 1
            let buffer = [4096, 65_537, 256 * 1024][Int(rng.next() % 3)]
            let got = scan(dir, threads: threads, bufferSize: buffer)
            XCTAssertFalse(got.inputDamaged, got.report.diagnostics.map(\.rendered).joined(separator: "\n"))
            XCTAssertEqual(got.report.rowsRead, reference.report.rowsRead, "seed \(seed)")
            let gists = got.report.findings.map(Gist.init)
            XCTAssertEqual(Set(gists), Set(expected), "seed \(seed), threads \(threads), buffer \(buffer)")
            XCTAssertEqual(gists.count, expected.count, "seed \(seed)")
        }
    }
}
