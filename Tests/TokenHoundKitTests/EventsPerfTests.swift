import Foundation
import XCTest
@testable import TokenHoundKit

/// Throughput checks, opt-in (`TOKENHOUND_PERF=1 swift test -c release --filter EventsPerf`): they
/// print rates and assert nothing in debug builds, where they would only measure the debugger-friendly code.
final class EventsPerfTests: XCTestCase {
    private func requirePerf() throws {
        guard ProcessInfo.processInfo.environment["TOKENHOUND_PERF"] == "1" else { throw XCTSkip("set TOKENHOUND_PERF=1 to run") }
    }

    private func rate(_ n: Int, _ body: () -> Void) -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        let ns = DispatchTime.now().uptimeNanoseconds - start
        return Double(n) / (Double(ns) / 1e9)
    }

    func testTimestampThroughput() throws {
        try requirePerf()
        let samples = ["20211019050707.13", "2015-07-27T11:32:59.555Z", "2025-07-29T00:14:19.000+0000", "20220803011210"]
        let n = 4_000_000
        for s in samples {
            let bytes = Array(s.utf8)
            var sum: Int64 = 0
            let r = bytes.withUnsafeBytes { b in
                rate(n) { for _ in 0..<n { sum &+= TimestampParser.parse(b)?.millis ?? 0 } }
            }
            print("TimestampParser \(s): \(Int(r / 1e6)) M/s (checksum \(sum))")
        }
    }

    struct CountingVisitor: EventVisitor {
        var n = 0
        var bytes = 0
        mutating func visit(auth: AuthEvent) { n += 1 }
        mutating func visit(apiCall: ApiCallView) { n += 1; bytes &+= apiCall.resource.count &+ Int(apiCall.rowsProcessed) }
        mutating func visit(bulkJob: BulkJobEvent) { n += 1 }
        mutating func visit(logout: LogoutEvent) { n += 1 }
        mutating func visit(tokenHolding: TokenHolding) { n += 1 }
        mutating func visit(appDirectoryID id: SalesforceID, name: String) { n += 1 }
        mutating func visit(privilege: PrivilegeGrant) { n += 1 }
    }

    func testRestApiDecodeThroughput() throws {
        try requirePerf()
        let h = EvHeaders.restApi
        let row = evRow(h, ["EVENT_TYPE": "RestApi", "TIMESTAMP": "20251001110018.123", "REQUEST_ID": "4u6LyuMrDvb_G-l1cJIQk-",
                            "ORGANIZATION_ID": "00D5j00000DgAYG", "USER_ID": "0055j00000AT6I1", "RUN_TIME": "57", "CPU_TIME": "12",
                            "URI": "/services/data/v60.0/query", "SESSION_KEY": "abcdefghijklmnop", "LOGIN_KEY": "bY5Wfv8t/Ith7WVE",
                            "USER_AGENT": "5", "METHOD": "GET", "QUERY": "SELECT Id, Name FROM Account WHERE CreatedDate = TODAY",
                            "ENTITY_NAME": "Account", "ROWS_PROCESSED": "200", "RESPONSE_SIZE": "48213", "STATUS_CODE": "200",
                            "REQUEST_STATUS": "S", "DB_TOTAL_TIME": "1234567", "CONNECTED_APP_ID": "0H45j000000XyZ1",
                            "TIMESTAMP_DERIVED": "2025-10-01T11:00:18.123Z", "USER_ID_DERIVED": "0055j00000AT6I1AAL",
                            "CLIENT_IP": "203.0.113.5", "URI_ID_DERIVED": ""])
        var decoder = EventDecoder(fileID: 1, path: "perf.csv")
        var visitor = CountingVisitor()
        CSVRecord.withRecord(h) { decoder.consume($0, into: &visitor) }
        let n = 2_000_000
        let r = CSVRecord.withRecord(row) { rec in rate(n) { for _ in 0..<n { decoder.consume(rec, into: &visitor) } } }
        print("EventDecoder RestApi rows: \(Int(r / 1e3)) k rows/s (\(visitor.n) events, checksum \(visitor.bytes))")
        XCTAssertEqual(decoder.finish().rowsAccepted, n)
    }
}
