import XCTest
@testable import TokenHoundKit

/// Rule 9's daily series, read off the store's per-file hourly tallies (`VolumeSeries`).
final class VolumeSeriesTests: XCTestCase {
    private let etl = SalesforceID("0H45j000000Snw5")!
    private let crm = SalesforceID("0H45j000000Abc1")!
    private let hour0: Int64 = 480_000   // a day boundary: 20,000 days

    private func key(_ app: SalesforceID?, _ kind: LogKind, hour: Int64, file: UInt32) -> VolumeKey {
        VolumeKey(app: app, kind: kind, hour: hour, file: file)
    }

    private func tally(_ calls: Int, _ rows: Int64, bytes: Int64 = 0) -> VolumeTally { VolumeTally(calls: calls, rows: rows, bytes: bytes) }

    func testEachAppCountsItsPreferredTypeOnly() {
        var t = ShardedTable<VolumeKey, VolumeTally>()
        t[key(etl, .apiTotalUsage, hour: hour0, file: 0)] = tally(5, 50)
        t[key(etl, .restApi, hour: hour0, file: 1)] = tally(700, 7000)          // ApiTotalUsage covers it
        t[key(crm, .bulkApiRequest, hour: hour0 + 1, file: 2)] = tally(9, 90)   // RestApi preferred over it
        t[key(crm, .restApi, hour: hour0 + 2, file: 3)] = tally(3, 30)
        t[key(nil, .apiTotalUsage, hour: hour0, file: 0)] = tally(1000, 1)      // no app: never counted
        let other = SalesforceID("0H45j000000Zzz9")!
        t[key(other, .uri, hour: hour0, file: 4)] = tally(4, 4)                 // not an API volume type
        let series = VolumeSeries(t)
        XCTAssertEqual(Set(series.days.keys), [etl, crm])
        XCTAssertEqual(series.days[etl], [20_000: .init(calls: 5, rows: 50)])
        XCTAssertEqual(series.days[crm], [20_000: .init(calls: 3, rows: 30)])
    }

    func testDuplicatedHourCountsTheBusiestFileOnceAndDaysSplitAtMidnight() {
        var t = ShardedTable<VolumeKey, VolumeTally>()
        // One hour read from an hourly and a daily file: the file with more calls, then more rows, stands for it.
        t[key(etl, .apiTotalUsage, hour: hour0 + 23, file: 0)] = tally(10, 100)
        t[key(etl, .apiTotalUsage, hour: hour0 + 23, file: 1)] = tally(10, 120, bytes: 1)
        t[key(etl, .apiTotalUsage, hour: hour0 + 23, file: 2)] = tally(8, 900)
        t[key(etl, .apiTotalUsage, hour: hour0 + 22, file: 0)] = tally(1, 1)
        t[key(etl, .apiTotalUsage, hour: hour0 + 24, file: 0)] = tally(2, 2)    // the next day
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
        var forward = ShardedTable<VolumeKey, VolumeTally>(), backward = ShardedTable<VolumeKey, VolumeTally>()
        for (k, v) in entries { forward[k] = v }
        for (k, v) in entries.reversed() { backward[k] = v }
        let a = VolumeSeries(forward), b = VolumeSeries(backward)
        XCTAssertEqual(a.days, b.days)
        XCTAssertEqual(a.days[etl]?.count, 5)
    }
}
