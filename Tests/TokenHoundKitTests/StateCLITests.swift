import XCTest
@testable import TokenHoundKit

/// `tokenhound state show|export|prune|merge` and `scan --state` through the built binary.
final class StateCLITests: XCTestCase {
    func cli(_ args: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let bin = StateFixture.cliBinary else { throw XCTSkip("tokenhound binary not built (.build/debug/tokenhound): run `swift build` first") }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: bin)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["TOKENHOUND_DETECTION_TIME"] = "2025-09-01T00:00:00Z"
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    func testStateCommands() throws {
        let dir = StateFixture.tempDir()
        let logs = dir + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let files = StateFixture.driftDays().enumerated().map { StateFixture.write($0.element, day: $0.offset, into: logs) }
        let state = dir + "/s.db"

        // Daily scans: the attack day emits findings (exit 1), the others nothing; stdout is findings only.
        var lines = 0
        for f in files {
            let r = try cli(["scan", "--state", state, f, "--format", "json"])
            XCTAssertTrue([0, 1].contains(r.status), r.err)
            lines += r.out.split(separator: "\n").count
            XCTAssertTrue(r.err.contains("tokenhound: state \(state):"), r.err)
        }
        XCTAssertGreaterThan(lines, 0)
        let again = try cli(["scan", "--state", state, logs, "--format", "json"])
        XCTAssertEqual(again.status, 0, "held-back findings do not fail the run again")
        XCTAssertEqual(again.out, "")
        XCTAssertTrue(again.err.contains("skipped 14 file(s) already in the state"))

        // Which networks has Drift refreshed from?
        let show = try cli(["state", "show", state, "--app", "drift"])
        XCTAssertEqual(show.status, 0, show.err)
        XCTAssertTrue(show.out.contains("networks refreshed from:"))
        XCTAssertTrue(show.out.contains("52.4.10.0/24       baseline"), show.out)
        XCTAssertTrue(show.out.contains("208.68.36.0/24     new"), show.out)

        let export = try cli(["state", "export", state])
        XCTAssertEqual(export.status, 0)
        XCTAssertEqual(export.out, String(decoding: try StateExport.build(StateStore(path: state)).json(), as: UTF8.self))
        XCTAssertEqual(try cli(["state", "export", state]).out, export.out, "deterministic")

        // Merge refuses to overwrite; prune validates its date.
        let merged = dir + "/m.db"
        XCTAssertEqual(try cli(["state", "merge", merged, state]).status, 0)
        XCTAssertEqual(try cli(["state", "merge", merged, state]).status, 2)
        XCTAssertEqual(try cli(["state", "merge", merged, state, "--force"]).status, 0)
        XCTAssertEqual(try cli(["state", "prune", merged, "--before", "2025-13-01"]).status, 2)
        XCTAssertEqual(try cli(["state", "prune", merged, "--before", "2025-08-04"]).status, 0)
        XCTAssertEqual(try cli(["state", "show", dir + "/absent.db"]).status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/absent.db"))
        XCTAssertEqual(try cli(["scan", "--rescan", logs]).status, 2, "--rescan needs --state")
        let notState = dir + "/notes.txt"
        try "not a database, just some text that is long enough to be a header".write(toFile: notState, atomically: true, encoding: .utf8)
        XCTAssertEqual(try cli(["scan", "--state", notState, logs]).status, 2)

        // summary --state reads everything and writes nothing.
        let before = try Data(contentsOf: URL(fileURLWithPath: state))
        let summary = try cli(["summary", "--state", state, "--format", "json"])
        XCTAssertEqual(summary.status, 0, summary.err)
        XCTAssertTrue(summary.out.contains("\"critical\""))
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: state)), before)
    }
}
