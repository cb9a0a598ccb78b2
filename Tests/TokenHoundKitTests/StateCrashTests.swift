import XCTest
@testable import TokenHoundKit
#if canImport(Glibc)
import Glibc
#endif

/// A `tokenhound scan --state` killed with SIGKILL in the middle of writing leaves the previous
/// state intact: it opens, passes `PRAGMA integrity_check`, and holds exactly what it held.
final class StateCrashTests: XCTestCase {
    /// A busy integration's day: many refreshes from its usual egress (no findings, lots of rows).
    func bigDay(_ day: Int, rows: Int) -> [StateFixture.Row] {
        (0..<rows).map { i in
            StateFixture.Row(time: OrgScenario.time(day: day, hour: (i / 60) % 24, minute: i % 60, second: (i / 1440) % 60),
                             ip: "52.4.10.\(i % 250 + 1)", ua: "Drift-Salesforce-Sync/4.2",
                             user: String(format: "0055j00000CD%03d", i % 20))
        }
    }

    struct Fingerprint: Equatable {
        var export: StateExport
        var auth: Int
        var integrity: String
    }

    func fingerprint(_ path: String) throws -> Fingerprint {
        let s = try StateStore(path: path, create: false)
        return Fingerprint(export: try StateExport.build(s), auth: try s.snapshot().store.auth.count, integrity: try s.db.integrityCheck())
    }

    func testKilledRunLeavesPreviousStateIntact() throws {
        guard let cli = StateFixture.cliBinary else {
            throw XCTSkip("tokenhound binary not built (.build/debug/tokenhound): run `swift build` first to test crash safety")
        }
        let dir = StateFixture.tempDir()
        let state = dir + "/s.db"
        let days = StateFixture.driftDays(days: 7, attackDay: -1)
        let small = days.enumerated().map { StateFixture.write($0.element, day: $0.offset, into: dir) }
        XCTAssertNil(StateFixture.run(small, state: state).state?.saveError)
        let before = try fingerprint(state)
        XCTAssertEqual(before.integrity, "ok")
        XCTAssertEqual(before.auth, 7 * 12)

        let bigDir = dir + "/big"
        try FileManager.default.createDirectory(atPath: bigDir, withIntermediateDirectories: true)
        for d in 7..<10 { StateFixture.write(bigDay(d, rows: 15_000), day: d, into: bigDir) }

        func launch() throws -> Process {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: cli)
            p.arguments = ["scan", "--state", state, bigDir, "--format", "json", "--quiet"]
            var env = ProcessInfo.processInfo.environment
            env["TOKENHOUND_DETECTION_TIME"] = "2025-09-01T00:00:00Z"
            p.environment = env
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            return p
        }

        // 1. Killed while the write transaction is open (its rollback journal exists).
        var killedMidWrite = 0
        for _ in 0..<3 {
            let p = try launch()
            var sawJournal = false
            while p.isRunning {
                if FileManager.default.fileExists(atPath: state + "-journal") {
                    usleep(UInt32.random(in: 0...20_000))
                    kill(p.processIdentifier, SIGKILL)
                    sawJournal = true
                    break
                }
                usleep(200)
            }
            p.waitUntilExit()
            if sawJournal && p.terminationReason == .uncaughtSignal { killedMidWrite += 1 } else { continue }
            XCTAssertEqual(try fingerprint(state), before, "state changed by a killed run")
        }
        XCTAssertGreaterThan(killedMidWrite, 0, "never caught the run mid-write")

        // 2. Killed at random earlier points (reading, analysing).
        for delay in [50_000, 300_000] as [UInt32] {
            let p = try launch()
            usleep(delay)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            XCTAssertEqual(try fingerprint(state), before)
        }

        // 3. Left alone, the same run commits: the kills above really interrupted a change.
        let p = try launch()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let after = try fingerprint(state)
        XCTAssertEqual(after.integrity, "ok")
        XCTAssertEqual(after.auth, before.auth + 3 * 15_000)
        XCTAssertFalse(FileManager.default.fileExists(atPath: state + "-journal"))
    }
}
