import XCTest
@testable import TokenHoundKit

/// `ParseMemo` hands back exactly what its parser makes of the bytes (`ParseMemoKey` determines
/// them), however full its table, and the decoder's ids and IPs through it are the parsers' own.
final class ParseMemoTests: XCTestCase {
    private typealias RNG = ReadingTestSupport.SplitMix64

    /// Equal keys for equal bytes, wherever they lie, and different keys when any byte or the
    /// length differs; read from buffers whose bytes past the value are set (a read past its end
    /// would show as a key that depends on them).
    func testKeysAreEqualExactlyWhenTheBytesAre() {
        var rng = RNG(seed: 31)
        func key(_ bytes: [UInt8], padding: UInt8) -> ParseMemoKey? {
            let buffer = bytes + [UInt8](repeating: padding, count: 24)
            return buffer.withUnsafeBytes { ParseMemoKey(UnsafeRawBufferPointer(rebasing: $0[..<bytes.count])) }
        }
        for count in 1...24 {
            for _ in 0..<100 {
                let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let k = try! XCTUnwrap(key(bytes, padding: 0xFF))
                XCTAssertEqual(key(bytes, padding: 0x00), k, "count \(count)")
                for i in 0..<count {
                    var other = bytes
                    other[i] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
                    XCTAssertNotEqual(key(other, padding: 0xFF), k, "count \(count), byte \(i)")
                }
                if count < 24 { XCTAssertNotEqual(key(bytes + [0], padding: 0xFF), k, "a trailing zero byte counts") }
                XCTAssertNotEqual(k, .empty)
            }
        }
        XCTAssertNil(key([], padding: 0xFF))
        XCTAssertNil(key([UInt8](repeating: 0x41, count: 25), padding: 0xFF))
    }

    /// Random ids (valid in either length, with bad characters, wrong lengths) drawn again and
    /// again from pools small and far larger than the table holds: every answer is the parser's.
    func testIDsThroughTheMemoAreTheParsersOwn() {
        var rng = RNG(seed: 32)
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
        func randomID() -> [UInt8] {
            let count = [15, 18, 18, 15, 17, 14, 19][Int(rng.next() % 7)]
            var b = (0..<count).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            if rng.next() % 10 == 0 { b[Int(rng.next() % UInt64(count))] = UInt8(ascii: "-") }
            return b
        }
        for poolSize in [1, 50, 3_000, 20_000] {
            let pool = (0..<poolSize).map { _ in randomID() }
            var memo = ParseMemo<SalesforceID>()
            for _ in 0..<(poolSize * 3 + 100) {
                let b = pool[Int(rng.next() % UInt64(poolSize))]
                b.withUnsafeBytes { raw in
                    XCTAssertEqual(memo.parsed(raw), EventBytes.salesforceID(raw), String(decoding: b, as: UTF8.self))
                }
            }
            XCTAssertLessThanOrEqual(memo.count, ParseMemo<SalesforceID>.maxCapacity * 3 / 4)
        }
    }

    /// The same for client IPs: IPv4 and IPv6 text, near-addresses and placeholders.
    func testIPsThroughTheMemoAreTheParsersOwn() {
        var rng = RNG(seed: 33)
        func randomIP() -> String {
            switch rng.next() % 6 {
            case 0: return "2001:db8::\(String(rng.next() % 0xFFFF, radix: 16))"
            case 1: return "\(rng.next() % 300).\(rng.next() % 300).\(rng.next() % 10).\(rng.next() % 1000)"
            case 2: return ["Salesforce.com IP", "::1", "1.2.3", "01.2.3.4", "1.2.3.4.5", " 1.2.3.4"][Int(rng.next() % 6)]
            default: return "\(rng.next() % 256).\(rng.next() % 256).\(rng.next() % 256).\(rng.next() % 256)"
            }
        }
        for poolSize in [1, 40, 2_500, 20_000] {
            let pool = (0..<poolSize).map { _ in Array(randomIP().utf8) }
            var memo = ParseMemo<IPAddress>()
            for _ in 0..<(poolSize * 3 + 100) {
                let b = pool[Int(rng.next() % UInt64(poolSize))]
                b.withUnsafeBytes { raw in
                    XCTAssertEqual(memo.parsed(raw), IPAddress.parse(raw), String(decoding: b, as: UTF8.self))
                }
            }
        }
    }

    /// A full table keeps what it holds and finds it, and parses the rest every time.
    func testTheTableStopsGrowingAndStillAnswers() {
        var memo = ParseMemo<IPAddress>()
        let texts = (0..<20_000).map { "10.\($0 / 65536).\($0 / 256 % 256).\($0 % 256)" }
        for t in texts { Array(t.utf8).withUnsafeBytes { _ = memo.parsed($0) } }
        XCTAssertLessThanOrEqual(memo.count, ParseMemo<IPAddress>.maxCapacity * 3 / 4)
        XCTAssertGreaterThan(memo.count, 1_000)
        for t in texts.shuffled() {
            Array(t.utf8).withUnsafeBytes { XCTAssertEqual(memo.parsed($0), IPAddress(t)) }
        }
    }

    /// Decoded API rows whose users, apps and IPs repeat (as real files' do) carry the ids and IPs
    /// the parsers make of each row's own bytes, and the same unparsed counts as parsing each row.
    func testDecodedRowsCarryEachRowsOwnValues() {
        var rng = RNG(seed: 34)
        let hh = EvHeaders.apiTotalUsage
        let users = ["0055j00000ljGXa", "0055j00000ljGXaAAM", "0055j00000odHIA", "0055j00000odHIAAA2", "0055j00000odHIAxyz",
                     "0055j00000odHIa", "0055j0000-odHIA", "005"]
        let apps = ["0H45j00000OBuIG", "0H45j00000OBuIGCA1", "0H45j000006CFv1", "0H45j000006CFV1", "not-an-id"]
        let ips = ["54.49.53.28", "41.198.7.129", "2001:db8::1", "Salesforce.com IP", "1.2.3.999", "54.49.53.2"]
        var rows: [[String]] = [hh]
        var expected: [(SalesforceID?, SalesforceID?, IPAddress?)] = []
        for i in 0..<600 {
            let u = users[Int(rng.next() % UInt64(users.count))], a = apps[Int(rng.next() % UInt64(apps.count))]
            let ip = ips[Int(rng.next() % UInt64(ips.count))]
            rows.append(evRow(hh, ["EVENT_TYPE": "ApiTotalUsage", "TIMESTAMP": "20251001110018.\(i % 10)", "USER_ID": u,
                                   "CONNECTED_APP_ID": a, "CLIENT_IP": ip]))
            expected.append((SalesforceID(u), SalesforceID(a), IPAddress(ip)))
        }
        let (v, r) = evDecodeRows(rows)
        XCTAssertEqual(v.apiCalls.count, expected.count)
        for (c, e) in zip(v.apiCalls, expected) {
            XCTAssertEqual(c.user, e.0)
            XCTAssertEqual(c.connectedAppID, e.1)
            XCTAssertEqual(c.clientAddress.ip, e.2)
        }
        func bad(_ column: String, _ values: [String], _ isBad: (String) -> Bool) -> Int {
            let c = hh.firstIndex(of: column)!
            return rows.dropFirst().filter { values.contains($0[c]) && isBad($0[c]) }.count
        }
        XCTAssertEqual(r.unparsedValues["USER_ID"] ?? 0, bad("USER_ID", users) { SalesforceID($0) == nil })
        XCTAssertEqual(r.unparsedValues["CONNECTED_APP_ID"] ?? 0, bad("CONNECTED_APP_ID", apps) { SalesforceID($0) == nil })
        XCTAssertEqual(r.unparsedValues["CLIENT_IP"] ?? 0, bad("CLIENT_IP", ips) { IPAddress($0) == nil && $0 != "Salesforce.com IP" })
    }
}
