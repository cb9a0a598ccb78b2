import XCTest
@testable import TokenHoundKit

/// Rule 9's daily series, read off the store's hourly tallies (`VolumeSeries`), and the merged
/// form of those tallies (`VolumeTable`), which keeps each hour's busiest file as files arrive.
final class VolumeSeriesTests: XCTestCase {
    private let etl = SalesforceID("0H45j000000Snw5")!
    private let crm = SalesforceID("0H45j000000Abc1")!
    private let hour0: Int64 = 480_000   // a day boundary: 20,000 days

    private func key(_ app: SalesforceID?, _ kind: LogKind, hour: Int64, file: UInt32) -> VolumeKey {
        VolumeKey(app: app, kind: kind, hour: hour, file: file)
    }

    private func tally(_ calls: Int, _ rows: Int64, bytes: Int64 = 0) -> VolumeTally { VolumeTally(calls: calls, rows: rows, bytes: bytes) }

    func testEachAppCountsItsPreferredTypeOnly() {
        var t = VolumeTable()
        t.tallies[key(etl, .apiTotalUsage, hour: hour0, file: 0)] = tally(5, 50)
        t.tallies[key(etl, .restApi, hour: hour0, file: 1)] = tally(700, 7000)          // ApiTotalUsage covers it
        t.tallies[key(crm, .bulkApiRequest, hour: hour0 + 1, file: 2)] = tally(9, 90)   // RestApi preferred over it
        t.tallies[key(crm, .restApi, hour: hour0 + 2, file: 3)] = tally(3, 30)
        t.tallies[key(nil, .apiTotalUsage, hour: hour0, file: 0)] = tally(1000, 1)      // no app: never counted
        let other = SalesforceID("0H45j000000Zzz9")!
        t.tallies[key(other, .uri, hour: hour0, file: 4)] = tally(4, 4)                 // not an API volume type
        let series = VolumeSeries(t)
        XCTAssertEqual(Set(series.days.keys), [etl, crm])
        XCTAssertEqual(series.days[etl], [20_000: .init(calls: 5, rows: 50)])
        XCTAssertEqual(series.days[crm], [20_000: .init(calls: 3, rows: 30)])
    }

    func testDuplicatedHourCountsTheBusiestFileOnceAndDaysSplitAtMidnight() {
        var t = VolumeTable()
        // One hour read from an hourly and a daily file: the file with more calls, then more rows, stands for it.
        t.tallies[key(etl, .apiTotalUsage, hour: hour0 + 23, file: 0)] = tally(10, 100)
        t.tallies[key(etl, .apiTotalUsage, hour: hour0 + 23, file: 1)] = tally(10, 120, bytes: 1)
        t.tallies[key(etl, .apiTotalUsage, hour: hour0 + 23, file: 2)] = tally(8, 900)
        t.tallies[key(etl, .apiTotalUsage, hour: hour0 + 22, file: 0)] = tally(1, 1)
        t.tallies[key(etl, .apiTotalUsage, hour: hour0 + 24, file: 0)] = tally(2, 2)    // the next day
        let series = VolumeSeries(t)
        XCTAssertEqual(series.days[etl], [20_000: .init(calls: 11, rows: 121), 20_001: .init(calls: 2, rows: 2)])
    }

    func testSeriesDoNotDependOnInsertionOrder() {
        var entries: [(VolumeKey, VolumeTally)] = []
        for app in [etl, crm] {
            for h in 0..<100 {
                for f in 0..<3 {
                    entries.append((key(app, h % 7 == 0 ? .restApi : .apiTotalUsage, hour: hour0 + Int64(h), file: UInt32(f)),
                                    tally((h * 7 + f * 3) % 11, Int64((h + f) % 5))))
                }
            }
        }
        var forward = VolumeTable(), backward = VolumeTable()
        for (k, v) in entries { forward.tallies[k] = v }
        for (k, v) in entries.reversed() { backward.tallies[k] = v }
        let a = VolumeSeries(forward), b = VolumeSeries(backward)
        XCTAssertEqual(a.days, b.days)
        XCTAssertEqual(a.days[etl]?.count, 5)
    }

    /// Per-file tables, one per file as the ingest builds them.
    private func perFileTables() -> [VolumeTable] {
        var g = SystemRandomNumberGenerator()
        var files: [VolumeTable] = []
        for f in 0..<12 {
            var t = VolumeTable()
            for _ in 0..<60 {
                let app: SalesforceID? = [etl, crm, nil].randomElement(using: &g)!
                let kind: LogKind = [.apiTotalUsage, .restApi, .api, .bulkApiRequest].randomElement(using: &g)!
                // Few hours and small counts: many hours covered by several files, and ties on calls.
                let k = key(app, kind, hour: hour0 + Int64.random(in: 0..<30, using: &g), file: UInt32(f))
                t.tallies.add(tally(Int.random(in: 0..<4, using: &g), Int64.random(in: 0..<3, using: &g), bytes: 7), at: k) { $0.merge($1) }
            }
            // A time beyond what the merged key's 32-bit hour holds stays in the per-file form.
            t.tallies[key(etl, .apiTotalUsage, hour: Int64(Int32.max) + 10, file: UInt32(f))] = tally(1, Int64(f))
            files.append(t)
        }
        return files
    }

    func testMergedFormGivesTheSeriesOfTheFilesWhateverTheMergeOrder() {
        for _ in 0..<20 {
            let files = perFileTables()
            var all = VolumeTable()   // every file's tallies, unmerged: the series as rule 9 defines it
            for t in files { for (k, v) in t.tallies { all.tallies[k] = v } }
            var forward = VolumeTable(), shuffled = VolumeTable()
            for t in files { forward.merge(t) }
            // Merged stores merged again, in another order (a store of stores, as `--state` merges them).
            var left = VolumeTable(), right = VolumeTable()
            for (i, t) in files.shuffled().enumerated() { if i % 2 == 0 { left.merge(t) } else { right.merge(t) } }
            shuffled.merge(right)
            shuffled.merge(left)
            XCTAssertTrue(forward.holdsMergedForm)
            XCTAssertEqual(forward, shuffled)
            XCTAssertLessThan(forward.count, all.count)   // one key per hour, none for unknown apps
            let expected = VolumeSeries(all).days
            XCTAssertEqual(VolumeSeries(forward).days, expected)
            XCTAssertEqual(VolumeSeries(shuffled).days, expected)
        }
    }

    func testMergedFormKeepsTheBusierOfEqualCalls() {
        var a = VolumeTable(), b = VolumeTable(), merged = VolumeTable()
        a.tallies[key(etl, .restApi, hour: hour0, file: 1)] = tally(5, 9)
        b.tallies[key(etl, .restApi, hour: hour0, file: 2)] = tally(5, 11)
        merged.merge(b)
        merged.merge(a)
        XCTAssertEqual(VolumeSeries(merged).days[etl], [20_000: .init(calls: 5, rows: 11)])
    }
}
