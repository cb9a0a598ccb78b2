import XCTest
@testable import TokenHoundKit

/// The repository's SampleLogs (ELF Login/RestApi/ApiTotalUsage/BulkApi2/Logout/UniqueQuery,
/// hourly copies of a daily file, and exports) read one day per run with a state give the same
/// analysis as one run over the folder, and report each episode once (unless it escalates).
final class StateSampleLogsTests: XCTestCase {
    func testSampleLogsDayByDayEqualsOneRun() throws {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        let samples = root.appendingPathComponent("SampleLogs").path
        guard FileManager.default.fileExists(atPath: samples + "/EventLogFile") else { throw XCTSkip("SampleLogs not present") }
        let once = StateFixture.run([samples])
        XCTAssertFalse(once.analysis.findings.isEmpty)

        let state = StateFixture.tempDir() + "/sample.db"
        let fm = FileManager.default
        let elf = try fm.contentsOfDirectory(atPath: samples + "/EventLogFile").filter { $0.hasPrefix("2025") }.sorted()
        let hourly = try fm.contentsOfDirectory(atPath: samples + "/EventLogFile/hourly").sorted()
        let exports = try fm.contentsOfDirectory(atPath: samples).filter { $0.hasSuffix(".csv") }.sorted().map { samples + "/" + $0 }
        let days = Set(elf.map { String($0.prefix(10)) }).sorted()

        var emitted: [(Finding, FindingStatus)] = []
        var last: ScanOutcome!
        func run(_ paths: [String]) {
            var r = StateFixture.request(paths, state: state)
            r.posturePaths = [samples + "/force-app"]
            last = ScanPipeline.run(r)
            XCTAssertNil(last.state?.saveError)
            for f in last.report.findings { emitted.append((f, last.state!.status[f.id]!)) }
        }
        run(exports)   // the exports first: they span every day
        for d in days {
            run(elf.filter { $0.hasPrefix(d) }.map { samples + "/EventLogFile/" + $0 }
                + hourly.filter { $0.hasPrefix(d) }.map { samples + "/EventLogFile/hourly/" + $0 })
        }
        XCTAssertEqual(last.analysis.findings, once.analysis.findings,
                       StateFixture.describe(last.analysis.findings) + "\n---\n" + StateFixture.describe(once.analysis.findings))
        XCTAssertEqual(last.report.apps, once.report.apps)
        XCTAssertEqual(last.report.coverage, once.report.coverage)
        XCTAssertEqual(last.report.rules, once.report.rules)

        // Every final finding was passed on at some point (under its id, or as the same episode).
        let final = last.state!.status
        XCTAssertTrue(once.analysis.findings.allSatisfy { final[$0.id] == .alreadyReported }, "\(final)")
        // An episode is emitted again only when it escalates.
        var best: [String: Level] = [:]
        for (f, status) in emitted {
            let key = "\(f.ruleID)|\(f.app.display)|\(f.user.id ?? "")|\(f.network ?? "")"
            if let prior = best[key], status == .escalated { XCTAssertGreaterThan(f.level, prior, key) }
            best[key] = max(best[key] ?? f.level, f.level)
        }
    }
}
