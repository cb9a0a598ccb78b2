import XCTest
@testable import TokenHoundKit

/// End to end through `ScanPipeline.run` with LoginEvent CSV files, one per day.
final class StatePipelineTests: XCTestCase {
    func writeDays(_ days: [[StateFixture.Row]], into dir: String) -> [String] {
        days.enumerated().map { StateFixture.write($0.element, day: $0.offset, into: dir) }
    }

    /// A fresh temporary directory with the Drift scenario written one day per file under `logs/`.
    func driftLogs(_ name: String = #function) throws -> (dir: String, logs: String, files: [String]) {
        let dir = StateFixture.tempDir(name)
        let logs = dir + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        return (dir, logs, writeDays(StateFixture.driftDays(), into: logs))
    }

    func testDailyRunsEqualOneRunAndReportOnce() throws {
        let (dir, logs, files) = try driftLogs()
        let once = StateFixture.run([logs])
        XCTAssertFalse(once.inputDamaged)
        XCTAssertFalse(once.analysis.findings.isEmpty)

        let state = dir + "/s.db"
        var emittedTotal: [String: Level] = [:]
        var last: ScanOutcome!
        for (i, f) in files.enumerated() {
            last = StateFixture.run([f], state: state)
            XCTAssertNil(last.state?.saveError)
            XCTAssertEqual(last.state?.filesRecorded, 1)
            XCTAssertEqual(last.report.inputFiles, 1)
            for e in last.report.findings {
                XCTAssertNil(emittedTotal[e.id], "day \(i) repeated \(e.id) \(e.ruleID)")
                emittedTotal[e.id] = e.level
            }
        }
        XCTAssertEqual(last.analysis.findings, once.analysis.findings,
                       StateFixture.describe(last.analysis.findings) + "\n---\n" + StateFixture.describe(once.analysis.findings))
        XCTAssertEqual(last.report.apps, once.report.apps)
        XCTAssertEqual(last.report.coverage, once.report.coverage, "coverage reflects all history")
        XCTAssertEqual(last.report.rules, once.report.rules)
        // Every finding of the full analysis was emitted exactly once over the days.
        XCTAssertEqual(Set(emittedTotal.keys), Set(once.analysis.findings.map(\.id)))
        XCTAssertTrue(last.report.findings.isEmpty, "the last (harmless) day emits nothing old")

        // A new harmless day: nothing re-emitted, everything held back and said so.
        let extra = StateFixture.write(StateFixture.driftDays(days: 15, attackDay: -1)[14], day: 14, into: logs)
        let quiet = StateFixture.run([extra], state: state)
        XCTAssertTrue(quiet.report.findings.isEmpty, StateFixture.describe(quiet.report.findings))
        XCTAssertEqual(quiet.state?.heldBack, once.analysis.findings.count)
        XCTAssertTrue(quiet.report.diagnostics.contains { $0.message.contains("already reported by earlier runs held back") })
    }

    func testEscalationIsReportedAgain() throws {
        let dir = StateFixture.tempDir()
        let state = dir + "/s.db"
        // Days 0-11: an unknown python client from a new network refreshes Drift's token.
        let days = StateFixture.driftDays(days: 13, attackDay: 11, attackerIP: "203.0.113.77", attackerUA: "python-requests/2.31.0")
        let paths = days.enumerated().map { StateFixture.write($0.element, day: $0.offset, into: dir) }
        let first = StateFixture.run(Array(paths[0...11]), state: state)
        let replay = try XCTUnwrap(first.report.findings.with(rule: "TH-001").first)
        XCTAssertLessThan(replay.level, .critical)
        // Day 12: the same network comes back with the UNC6395 client: the episode escalates.
        var day12 = days[12]
        day12.append(StateFixture.Row(time: OrgScenario.time(day: 11, hour: 9, minute: 30), ip: "203.0.113.78", ua: "python-requests/2.32.4"))
        let p12 = StateFixture.write(day12.sorted { $0.time < $1.time }, day: 12, into: dir)
        let second = StateFixture.run([p12], state: state)
        let again = second.report.findings.with(rule: "TH-001")
        XCTAssertEqual(again.map(\.id), [replay.id], StateFixture.describe(second.analysis.findings))
        let escalated = try XCTUnwrap(again.first)
        XCTAssertGreaterThan(escalated.level, replay.level)
        XCTAssertFalse(escalated.indicators.isEmpty)
        XCTAssertEqual(second.state?.status[replay.id], .escalated)
        XCTAssertTrue(second.report.findings.allSatisfy { second.state?.status[$0.id] != .alreadyReported })
        // ... and is remembered at its new level: the same evidence again is held back.
        let reported = try StateStore(path: state).reportedFindings()
        XCTAssertEqual(reported[replay.id]?.level, escalated.level)
        let third = StateFixture.run([], state: state)
        XCTAssertTrue(third.report.findings.isEmpty)
        XCTAssertEqual(third.state?.status[replay.id], .alreadyReported)
    }

    func testIngestedFilesAreSkippedAndRescanReplacesThem() throws {
        let (dir, logs, _) = try driftLogs()
        let state = dir + "/s.db"
        let first = StateFixture.run([logs], state: state)
        XCTAssertEqual(first.state?.filesRecorded, 14)
        let exportBefore = try StateExport.build(StateStore(path: state))

        // Same download again, plus a copy of one day under another name: nothing is read.
        try FileManager.default.copyItem(atPath: logs + "/LoginEvent-2025-07-30.csv", toPath: logs + "/copy-of-0730.csv")
        let again = StateFixture.run([logs], state: state)
        XCTAssertEqual(again.state?.filesSkipped, 15)
        XCTAssertEqual(again.report.inputFiles, 0)
        XCTAssertEqual(again.report.rowsRead, 0)
        XCTAssertTrue(again.report.diagnostics.contains { $0.message.contains("skipped 15 file(s) already in the state; --rescan") })
        XCTAssertEqual(again.analysis.findings, first.analysis.findings)
        XCTAssertTrue(again.report.findings.isEmpty)

        // --rescan reads them again, replacing (not doubling) their evidence.
        try FileManager.default.removeItem(atPath: logs + "/copy-of-0730.csv")
        let rescan = StateFixture.run([logs], state: state, rescan: true)
        XCTAssertEqual(rescan.report.inputFiles, 14)
        XCTAssertEqual(rescan.state?.filesRecorded, 14)
        XCTAssertEqual(rescan.state?.filesInState, 14)
        XCTAssertEqual(rescan.analysis.findings, first.analysis.findings)
        let exportAfter = try StateExport.build(StateStore(path: state))
        XCTAssertEqual(exportAfter.files, exportBefore.files)
        XCTAssertEqual(exportAfter.apps, exportBefore.apps)
        XCTAssertEqual(exportAfter.grantNetworks, exportBefore.grantNetworks)

        // A damaged file is analysed but not recorded, so a good re-download is read next time.
        let broken = dir + "/broken.csv.gz"
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x01, 0x02]).write(to: URL(fileURLWithPath: broken))
        let damaged = StateFixture.run([broken], state: state)
        XCTAssertTrue(damaged.inputDamaged)
        XCTAssertEqual(damaged.state?.filesNotRecorded, 1)
        XCTAssertEqual(damaged.state?.filesInState, 14)
    }

    func testMergedShardsEqualOneRun() throws {
        let (dir, logs, files) = try driftLogs()
        let once = StateFixture.run([logs], state: dir + "/whole.db")

        // Backfill split by day over three processes; shard 2 also holds a day of shard 1 (overlap).
        _ = StateFixture.run(Array(files[0..<5]), state: dir + "/a.db")
        _ = StateFixture.run(Array(files[5..<10]), state: dir + "/b.db")
        _ = StateFixture.run(Array(files[9..<14]), state: dir + "/c.db")
        let merged = try StateStore(path: dir + "/merged.db")
        var added = 0, dup = 0
        for shard in ["c", "a", "b"] {   // order does not matter
            let s = try merged.merge(from: StateStore(path: dir + "/\(shard).db", create: false, readOnly: true))
            added += s.filesAdded; dup += s.filesAlreadyPresent
        }
        XCTAssertEqual(added, 14); XCTAssertEqual(dup, 1)
        try merged.refreshDerived()

        let snap = try merged.snapshot()
        var options = AnalysisOptions(detectionTime: StateFixture.detection)
        options.learningDays = 7
        let findings = Analyzer.analyze(store: snap.store, postures: [], files: snap.paths, presentKinds: snap.presentKinds, options: options).findings
        XCTAssertEqual(findings, once.analysis.findings, StateFixture.describe(findings) + "\n---\n" + StateFixture.describe(once.analysis.findings))

        let a = try StateExport.build(merged), b = try StateExport.build(StateStore(path: dir + "/whole.db"))
        XCTAssertEqual(a.files, b.files)
        XCTAssertEqual(a.apps, b.apps)
        XCTAssertEqual(a.grantNetworks, b.grantNetworks)
        XCTAssertEqual(a.schemaVersion, b.schemaVersion)
        // Reported findings are the union of what each shard reported (a shard analysed alone may
        // have reported cold-start findings), so they are not compared with one run.

        // A scan over the merged state re-emits nothing already reported by a shard.
        let next = StateFixture.run([], state: dir + "/merged.db")
        XCTAssertEqual(next.analysis.findings, once.analysis.findings)
    }

    func testPruneDropsOldEvidenceButKeepsFilesAndFindings() throws {
        let (dir, logs, _) = try driftLogs()
        let state = dir + "/s.db"
        let first = StateFixture.run([logs], state: state)
        let reported = try StateStore(path: state).reportedFindings()
        XCTAssertEqual(reported.count, first.report.findings.count)

        let cutoff = OrgScenario.time(day: 7, hour: 0)
        let store = try StateStore(path: state)
        let r = try store.prune(before: cutoff)
        try store.refreshDerived()
        try store.vacuum()
        XCTAssertEqual(r.filesAgedOut, 7)
        XCTAssertGreaterThan(r.rowsDeleted, 0)
        let snap = try store.snapshot()
        XCTAssertFalse(snap.store.auth.isEmpty)
        XCTAssertTrue(snap.store.auth.allSatisfy { $0.time >= cutoff })
        XCTAssertEqual(try store.reportedFindings().count, reported.count, "reported findings are kept")
        XCTAssertEqual(try store.files().filter(\.pruned).count, 7)
        let export = try StateExport.build(store)
        XCTAssertEqual(export.apps.first?.firstSeen, cutoff.iso8601)
        XCTAssertEqual(try store.db.integrityCheck(), "ok")

        // The old files are still recognised: re-running the download reads nothing.
        let again = StateFixture.run([logs], state: state)
        XCTAssertEqual(again.state?.filesSkipped, 14)
        XCTAssertEqual(again.report.coverage.first?.rows, 7 * 12 + 4)
    }
}
