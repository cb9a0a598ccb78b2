import XCTest
import Foundation

/// The command-line contract: exit codes, stdout carries results only, -o never clobbers.
final class CLITests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    struct Run { var code: Int32; var out: String; var err: String }

    func binary() throws -> URL {
        for dir in [".build/debug", ".build/x86_64-unknown-linux-gnu/debug", ".build/release"] {
            let u = Self.root.appendingPathComponent(dir).appendingPathComponent("tokenhound")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        throw XCTSkip("tokenhound binary not built (run `swift build` first); CLI tests skipped")
    }

    func run(_ args: [String], env: [String: String] = [:]) throws -> Run {
        let p = Process()
        p.executableURL = try binary()
        p.arguments = args
        p.currentDirectoryURL = Self.root
        var e = ProcessInfo.processInfo.environment
        for (k, v) in env { e[k] = v }
        p.environment = e
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let r = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Run(code: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: r, as: UTF8.self))
    }

    let time = ["--detection-time", "2025-09-01T00:00:00Z"]

    func testScanSampleLogsExitsOneWithJSONOnStdoutOnly() throws {
        let r = try run(["scan", "SampleLogs", "--format", "json", "--quiet"] + time)
        XCTAssertEqual(r.code, 1, r.err)
        XCTAssertEqual(r.err, "", "--quiet: nothing on stderr without errors")
        let lines = r.out.split(separator: "\n")
        XCTAssertFalse(lines.isEmpty)
        for l in lines { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(l.utf8)), String(l.prefix(80))) }
        XCTAssertTrue(r.out.contains("\"level\":\"critical\""))
    }

    func testFailLevelAndFiltersDecideExitZero() throws {
        let r = try run(["scan", "SampleLogs", "--format", "json", "--quiet", "--rule", "TH-012", "--fail-level", "critical"] + time)
        XCTAssertEqual(r.code, 0, r.err)
        XCTAssertTrue(r.out.split(separator: "\n").allSatisfy { $0.contains("\"rule_id\":\"TH-012\"") })
    }

    func testUsageErrorsExitTwo() throws {
        XCTAssertEqual(try run(["scan"]).code, 2)
        XCTAssertEqual(try run(["scan", "SampleLogs", "--format", "nope"]).code, 2)
        XCTAssertEqual(try run(["scan", "SampleLogs", "--min-level", "severe"]).code, 2)
        XCTAssertEqual(try run(["scan", "SampleLogs", "--config", "/nonexistent.yaml"]).code, 2)
        XCTAssertEqual(try run(["frobnicate"]).code, 2)
    }

    func testOutputFileIsNeverSilentlyOverwritten() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("th-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let out = dir.appendingPathComponent("f.jsonl").path
        try "keep me".write(toFile: out, atomically: true, encoding: .utf8)
        let refused = try run(["scan", "SampleLogs", "--quiet", "-o", out] + time)
        XCTAssertEqual(refused.code, 2)
        XCTAssertEqual(try String(contentsOfFile: out, encoding: .utf8), "keep me")
        let forced = try run(["scan", "SampleLogs", "--quiet", "--format", "csv", "-o", out, "--force"] + time)
        XCTAssertEqual(forced.code, 1)
        XCTAssertTrue(try String(contentsOfFile: out, encoding: .utf8).hasPrefix("first_seen"))
        XCTAssertEqual(forced.out, "", "with -o nothing goes to stdout")
    }

    func testDamagedInputExitsThreeAndKeepsTheRest() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("th-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let good = Self.root.appendingPathComponent("SampleLogs/LoginHistory.csv")
        try FileManager.default.copyItem(at: good, to: dir.appendingPathComponent("LoginHistory.csv"))
        let gz = try Data(contentsOf: Self.root.appendingPathComponent("SampleLogs/EventLogFile/2025-08-08_Login.csv.gz"))
        try gz.prefix(gz.count / 2).write(to: dir.appendingPathComponent("truncated.csv.gz"))
        try Data().write(to: dir.appendingPathComponent("empty.csv"))
        let r = try run(["scan", dir.path, "--format", "json", "--min-level", "informational"] + time)
        XCTAssertEqual(r.code, 3, r.err)
        XCTAssertTrue(r.err.contains("truncated.csv.gz"), r.err)
        XCTAssertTrue(r.err.contains("empty.csv"), r.err)
        XCTAssertTrue(r.err.contains("byte"), "the gzip error names its byte offset: \(r.err)")
        XCTAssertFalse(r.out.isEmpty, "findings from the readable LoginHistory still printed")
        let inspect = try run(["inspect", dir.path])
        XCTAssertEqual(inspect.code, 3)
        XCTAssertTrue(inspect.out.contains("DAMAGED"))
    }

    func testTextIsColourlessUnderNoColorAndRulesPostureSummaryWork() throws {
        let text = try run(["scan", "SampleLogs", "--format", "text", "--quiet"] + time, env: ["NO_COLOR": "1"])
        XCTAssertFalse(text.out.contains("\u{1b}["))
        XCTAssertTrue(text.out.contains("Drift"))
        let rules = try run(["rules", "--format", "json"])
        XCTAssertEqual(rules.code, 0)
        let parsed = try JSONSerialization.jsonObject(with: Data(rules.out.utf8)) as? [[String: Any]]
        XCTAssertEqual(parsed?.count, 14)
        let posture = try run(["posture", "--posture", "SampleLogs/force-app", "SampleLogs"])
        XCTAssertEqual(posture.code, 0, posture.err)
        XCTAssertTrue(posture.out.contains("Drift"))
        XCTAssertTrue(posture.out.contains("Salesforce for iOS"), "apps seen in logs without metadata are listed")
        let md = try run(["summary", "SampleLogs", "--format", "markdown", "--quiet"] + time)
        XCTAssertEqual(md.code, 0, md.err)
        XCTAssertTrue(md.out.contains("| Drift") || md.out.contains("Drift |"), md.out.prefix(400).description)
    }
}
