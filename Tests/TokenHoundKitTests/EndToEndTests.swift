import XCTest
@testable import TokenHoundKit

/// The whole pipeline over the bundled sample org and, when present, the real published fixtures.
final class EndToEndTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleLogs = root.appendingPathComponent("SampleLogs").path
    static let detectionTime = CivilTime(year: 2025, month: 9, day: 1).eventTime

    static func scan(threads: Int = 2, config: TokenhoundConfig = TokenhoundConfig()) -> ScanOutcome {
        var r = ScanRequest(paths: [sampleLogs], detectionTime: detectionTime)
        r.ingest.threads = threads
        r.config = config
        return ScanPipeline.run(r)
    }

    func testSampleLogsIncidentIsCriticalWithItsChain() throws {
        let out = Self.scan()
        XCTAssertFalse(out.inputDamaged, out.report.diagnostics.map(\.rendered).joined(separator: "\n"))
        let replay = out.report.findings.filter { $0.ruleID == "TH-001" && $0.app.name == "Drift" }
        XCTAssertEqual(Set(replay.compactMap(\.network)), ["208.68.36.0/24", "44.215.108.0/24"])
        XCTAssertTrue(replay.allSatisfy { $0.level == .critical })
        let exfil = try XCTUnwrap(replay.first { $0.network == "208.68.36.0/24" })
        let kinds = Set(exfil.chain.map(\.kind))
        XCTAssertTrue(kinds.isSuperset(of: [.grant, .bulkExport, .bulkDelete]), "\(kinds)")
        XCTAssertTrue(exfil.chain.contains { $0.kind == .bulkDelete && $0.detail.contains("24 s") })
        XCTAssertEqual(exfil.user.id, "0055j00000DrfAQAAZ")
        XCTAssertTrue(exfil.postureFacts.contains { $0.contains("secret required for refresh: NO") })
        let recon = try XCTUnwrap(replay.first { $0.network == "44.215.108.0/24" })
        XCTAssertTrue(recon.chain.contains { $0.kind == .recon && $0.detail.contains("/sobjects") })
    }

    func testNothingBenignReachesHigh() {
        let out = Self.scan()
        let loud = out.report.findings.filter { $0.level >= .high && $0.app.name != "Drift" }
        XCTAssertTrue(loud.isEmpty, loud.map { "\($0.ruleID) \($0.app.display) \($0.level) \($0.summary)" }.joined(separator: "\n"))
        for benign in ["Salesforce for iOS", "Outreach", "Snowflake ETL", "Tableau CRM Sync", "Zendesk"] {
            let f = out.report.findings.filter { $0.app.name == benign && $0.level >= .medium }
            XCTAssertTrue(f.isEmpty, "\(benign): " + f.map { "\($0.ruleID) \($0.level)" }.joined(separator: ", "))
        }
    }

    func testResultsIdenticalWhateverTheThreadCount() {
        let one = Self.scan(threads: 1).report.findings
        let two = Self.scan(threads: 2).report.findings
        let four = Self.scan(threads: 4).report.findings
        XCTAssertFalse(one.isEmpty)
        XCTAssertEqual(one, two)
        XCTAssertEqual(one, four)
    }

    func testCoverageSeesDuplicatesAndHeaderDrift() throws {
        let out = Self.scan()
        let login = try XCTUnwrap(out.report.coverage.first { $0.kind == .login })
        XCTAssertGreaterThan(login.duplicateRowsDropped, 0, "the sample has one day as daily + hourly files")
        XCTAssertEqual(login.headerGenerations.count, 2)
        XCTAssertTrue(out.report.rules.contains { $0.ruleID == "TH-004" && !$0.canRun })
        XCTAssertTrue(out.report.rules.contains { $0.ruleID == "TH-001" && $0.canRun })
    }

    func testSuppressionsAreCountedAndExpiredOnesReported() throws {
        var config = TokenhoundConfig()
        config.suppressions = [
            Suppression(rule: "TH-012", app: "Data Loader", user: nil, network: nil, reason: "known admin travel", by: "alice", until: "2025-12-31"),
            Suppression(rule: "TH-011", app: nil, user: nil, network: nil, reason: "old", by: nil, until: "2025-01-01"),
        ]
        let out = Self.scan(config: config)
        XCTAssertEqual(out.report.suppressedFindings, 1)
        XCTAssertFalse(out.report.findings.contains { $0.ruleID == "TH-012" && $0.app.name == "Data Loader" })
        XCTAssertTrue(out.report.findings.contains { $0.ruleID == "TH-011" }, "expired suppression must not apply")
        XCTAssertTrue(out.report.diagnostics.contains { $0.message.contains("suppression expired") })
    }

    func testSharedFixturesParseWithRightCounts() throws {
        let fixtures = Self.root.deletingLastPathComponent().appendingPathComponent("shared/fixtures").path
        guard FileManager.default.fileExists(atPath: fixtures) else { throw XCTSkip("../shared/fixtures not present") }
        let out = ScanPipeline.run(ScanRequest(paths: [fixtures], detectionTime: Self.detectionTime))
        XCTAssertFalse(out.inputDamaged)
        let login = try XCTUnwrap(out.report.coverage.first { $0.kind == .login })
        XCTAssertEqual(login.rows, 4)
        XCTAssertEqual(login.headerGenerations.count, 3)
        XCTAssertEqual(out.report.coverage.first { $0.kind == .logout }?.rows, 0)
        let grants = Ingestor.storedGrants([fixtures])
        XCTAssertEqual(grants.count, 4)
        let g2023 = try XCTUnwrap(grants.first { $0.userAgent == "Go-http-client/1.1" })
        XCTAssertEqual(g2023.user?.description, "0055j00000AT6I1AAL")
        XCTAssertEqual(g2023.sourceAddress, .address(IPAddress("103.108.207.58")!))
        XCTAssertEqual(g2023.flow, .unknownOAuth)
        XCTAssertTrue(grants.contains { $0.flow == .refreshToken && $0.userAgent == "Gearset/1.0" })
        XCTAssertTrue(grants.contains { $0.flow == .otherOAuth })
    }
}
