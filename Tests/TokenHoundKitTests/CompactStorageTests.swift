import XCTest
@testable import TokenHoundKit

/// How the evidence store holds what it keeps: inline tokens, shared text, duplicate rows.
final class CompactStorageTests: XCTestCase {
    private func token(bytes text: String) -> InlineToken {
        var t = text
        return t.withUTF8 { InlineToken(bytes: UnsafeRawBufferPointer($0)) }
    }

    func testInlineTokenKeepsTextExactly() {
        let samples = ["", "a", "lOf/4DzkIeIB/EDL", "4x1beNm4gODrU0l3FpwHa-", "12345678", "1234567890123456",
                       String(repeating: "x", count: 24), String(repeating: "y", count: 25), "héllo", "a\u{0}b", "K\u{212A}"]
        for s in samples {
            XCTAssertEqual(InlineToken(s).description, s)
            XCTAssertEqual(token(bytes: s).description, s)
            XCTAssertEqual(InlineToken(s), token(bytes: s))
            XCTAssertEqual(InlineToken(s).isEmpty, s.isEmpty)
        }
        if case .inline = InlineToken(String(repeating: "x", count: 24)).storage {} else { XCTFail("24 ASCII bytes fit inline") }
        if case .text = InlineToken(String(repeating: "x", count: 25)).storage {} else { XCTFail("25 bytes do not fit") }
        if case .text = InlineToken("héllo").storage {} else { XCTFail("non-ASCII falls back to String") }
        if case .text = InlineToken("a\u{0}b").storage {} else { XCTFail("NUL falls back to String") }
    }

    func testInlineTokenComparesLikeString() {
        let samples = ["", "a", "A", "ab", "abc", "abd", "b", "Z", "z", "~", "4x1beNm4gODrU0l3FpwHa-", "4x1beNm4gODrU0l3FpwHa_",
                       "4x1beNm4gODrU0l3FpwHa", String(repeating: "a", count: 24), String(repeating: "a", count: 25),
                       "abcdefgh", "abcdefghi", "abcdefgh\u{7f}", "K", "\u{212A}", "é", "e\u{301}"]
        for x in samples {
            for y in samples {
                let a = InlineToken(x), b = InlineToken(y)
                XCTAssertEqual(a == b, x == y, "\(x) == \(y)")
                XCTAssertEqual(a < b, x < y, "\(x) < \(y)")
                if a == b { XCTAssertEqual(a.hashValue, b.hashValue, "\(x) and \(y) hash alike") }
            }
        }
    }

    func testInternerHandsOutTheFirstCopy() {
        var interner = ValueInterner<ExactText>()
        let first = String(repeating: "SELECT Id FROM Account ", count: 2)
        let second = String(repeating: "SELECT Id FROM Account ", count: 2)
        func storage(_ s: String) -> UnsafePointer<UInt8>? { var t = s; return t.withUTF8 { $0.baseAddress } }
        XCTAssertNotEqual(storage(first), storage(second), "two heap strings to start with")
        let a = interner.shared(ExactText(first)).text
        let b = interner.shared(ExactText(second)).text
        XCTAssertEqual(a, second)
        XCTAssertEqual(storage(a), storage(first))
        XCTAssertEqual(storage(b), storage(first), "the second equal string is replaced by the first")
        XCTAssertEqual(interner.shared(ExactText("other")).text, "other")
        XCTAssertEqual(interner.count, 2)
        // Canonically equivalent but different bytes: String says equal, sharing must not.
        let composed = "caf\u{E9} LIMIT 1", decomposed = "cafe\u{301} LIMIT 1"
        XCTAssertEqual(composed, decomposed)
        XCTAssertEqual(Array(interner.shared(ExactText(composed)).text.utf8), Array(composed.utf8))
        XCTAssertEqual(Array(interner.shared(ExactText(decomposed)).text.utf8), Array(decomposed.utf8))
        XCTAssertEqual(interner.count, 4)
    }

    func testGrantsKeepTheirOwnBytesWhenTextIsOnlyCanonicallyEqual() {
        var store = EvidenceStore()
        store.visit(auth: event(request: "A", agent: "Caf\u{E9}Sync/1.0"))
        store.visit(auth: event(request: "B", agent: "Cafe\u{301}Sync/1.0", line: 2))
        XCTAssertFalse(store.auth[0].details === store.auth[1].details)
        XCTAssertEqual(Array(store.auth[1].userAgent.utf8), Array("Cafe\u{301}Sync/1.0".utf8))
    }

    private func event(request: String, status: String = "Success", agent: String = "Drift-Salesforce-Sync/4.2",
                       file: UInt32 = 0, line: UInt32 = 1) -> AuthEvent {
        AuthEvent(source: .eventLogLogin, time: EventTime(millis: 1_000), user: SalesforceID("0055j00000AT6I1"),
                  userName: "drift.integration@acme.example", sourceAddress: .address(IPAddress("52.4.10.11")!),
                  userAgent: agent, loginKey: "lOf/4DzkIeIB/EDL", requestID: request, flow: .refreshToken, loginType: "i",
                  status: status, succeeded: status == "Success", location: RowLocation(file: file, line: line))
    }

    func testStoreSharesGrantDetailsAndSettersStayPerEvent() {
        var store = EvidenceStore()
        store.visit(auth: event(request: "4x1beNm4gODrU0l3FpwHa-"))
        store.visit(auth: event(request: "4j2RYmGJac1tk6l2aHKYr-", line: 2))
        XCTAssertTrue(store.auth[0].details === store.auth[1].details)
        store.auth[0].userAgent = "python-requests/2.32.4"
        store.auth[0].status = "Failed"
        XCTAssertEqual(store.auth[0].userAgent, "python-requests/2.32.4")
        XCTAssertEqual(store.auth[0].status, "Failed")
        XCTAssertEqual(store.auth[1].userAgent, "Drift-Salesforce-Sync/4.2")
        XCTAssertEqual(store.auth[1].status, "Success")
        XCTAssertEqual(store.auth[1].requestID, "4j2RYmGJac1tk6l2aHKYr-")
        XCTAssertEqual(store.auth[1].loginKey, "lOf/4DzkIeIB/EDL")
        store.auth[1].loginKey = nil
        XCTAssertNil(store.auth[1].loginKey)
    }

    func testCanonicalizeDropsExactDuplicateRowsOnly() {
        var store = EvidenceStore()
        // The same row in an hourly (file 1) and a daily file (file 0), a row differing only in
        // status, and rows with other request ids, given out of order.
        store.visit(auth: event(request: "B", file: 1, line: 7))
        store.visit(auth: event(request: "A", file: 0, line: 3))
        store.visit(auth: event(request: "B", file: 0, line: 9))
        store.visit(auth: event(request: "B", status: "Failed", file: 0, line: 10))
        store.visit(auth: event(request: "C", file: 0, line: 11))
        store.visit(auth: event(request: "B", file: 2, line: 1))
        store.canonicalize()
        XCTAssertEqual(store.auth.map(\.requestID), ["A", "B", "B", "C"])
        XCTAssertEqual(store.auth.map(\.location), [RowLocation(file: 0, line: 3), RowLocation(file: 0, line: 9),
                                                   RowLocation(file: 0, line: 10), RowLocation(file: 0, line: 11)])
        XCTAssertEqual(store.auth.map(\.status), ["Success", "Success", "Failed", "Success"])
    }

    /// Fields are compared one by one: a `|` inside free text (status, user agent, job id) must not
    /// stand in for the boundary between two fields, as it could when identities were joined strings.
    func testCanonicalizeKeepsRowsThatDifferOnlyWhereAFieldBoundaryIs() {
        var store = EvidenceStore()
        store.visit(auth: event(request: "A", status: "Failed|x", agent: "curl", line: 1))
        store.visit(auth: event(request: "A", status: "Failed", agent: "x|curl", line: 2))
        store.visit(auth: event(request: "A", status: "Failed", agent: "x|curl", file: 1, line: 5))   // a true copy
        func job(_ id: String, _ status: String, line: UInt32) -> BulkJobEvent {
            BulkJobEvent(time: EventTime(millis: 5_000), user: nil, loginKey: nil, clientAddress: .address(IPAddress("52.4.10.11")!),
                         jobID: id, status: status, operation: "query", entity: "Account", recordsProcessed: 1,
                         location: RowLocation(file: 0, line: line))
        }
        store.bulkJobs = [job("750x|jobcomplete", "deleted", line: 1), job("750x", "jobcomplete|deleted", line: 2),
                          job("750x", "jobcomplete|deleted", line: 3)]
        store.canonicalize()
        XCTAssertEqual(store.auth.map(\.location.line), [1, 2])
        XCTAssertEqual(store.bulkJobs.map(\.location.line), [2, 1])
    }
}

/// The word-at-a-time id parser against the character-by-character definition.
final class SalesforceIDParsingTests: XCTestCase {
    /// The documented algorithm: for each group of five characters, a bit per uppercase letter,
    /// read as an index into A-Z0-5.
    private func reference(_ s: String) -> String? {
        let chars = Array(s.utf8)
        guard chars.count == 15 || chars.count == 18,
              chars.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else { return nil }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)
        var out = Array(chars[0..<15])
        for group in 0..<3 {
            var v = 0
            for k in 0..<5 where chars[group * 5 + k] >= 65 && chars[group * 5 + k] <= 90 { v |= 1 << k }
            out.append(alphabet[v])
        }
        return String(decoding: out, as: UTF8.self)
    }

    func testMatchesReferenceOnRandomAndBoundaryInput() {
        var rng = SystemRandomNumberGenerator()
        let alnum = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        // Bytes just outside each range, and non-ASCII.
        let bad: [UInt8] = [0x2F, 0x3A, 0x40, 0x5B, 0x60, 0x7B, 0x00, 0x7F, 0x80, 0xC3, 0xFF, 0x20, 0x2C]
        var ids: [(String, SalesforceID)] = []
        for trial in 0..<3000 {
            let length = [15, 18, 14, 16, 17, 19][trial % 6]
            var bytes = (0..<length).map { _ in alnum.randomElement(using: &rng)! }
            if trial % 4 == 3 { bytes[Int.random(in: 0..<length, using: &rng)] = bad.randomElement(using: &rng)! }
            let parsed = bytes.withUnsafeBytes { SalesforceID(bytes: $0) }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = bytes.allSatisfy({ $0 < 0x80 }) ? reference(text) : nil
            XCTAssertEqual(parsed?.description, expected, text)
            if let parsed, let expected { ids.append((expected, parsed)) }
        }
        for _ in 0..<3000 {
            let (a, x) = ids.randomElement(using: &rng)!, (b, y) = ids.randomElement(using: &rng)!
            XCTAssertEqual(x < y, a < b, "\(a) < \(b)")
            XCTAssertEqual(x == y, a == b)
            if x == y { XCTAssertEqual(x.hashValue, y.hashValue) }
        }
    }
}

/// Table slots for the keys probed on every API row (`seededSlotHash`).
final class SlotHashTests: XCTestCase {
    func testEqualKeysShareASlotAndSlotsSpread() {
        let a = SalesforceID("0055j00000AT6I1")!, b = SalesforceID("0055j00000AT6I1AAL")!
        let ip = IPAddress("52.4.10.11")!
        XCTAssertEqual(a._rawHashValue(seed: 42), b._rawHashValue(seed: 42))
        XCTAssertEqual(UsageKey(user: a, ip: ip, app: b, hour: 7)._rawHashValue(seed: 9),
                       UsageKey(user: b, ip: ip, app: a, hour: 7)._rawHashValue(seed: 9))
        XCTAssertNotEqual(a._rawHashValue(seed: 1), a._rawHashValue(seed: 2), "the seed takes part")

        // Keys that differ in one field only (the hour, the last IP octet) spread over the low bits
        // a table of 4096 slots uses.
        var load = [Int](repeating: 0, count: 4096)
        for hour in 0..<64 {
            for host in 0..<128 {
                let key = UsageKey(user: a, ip: IPAddress(v4: 0x3404_0A00 | UInt32(host)), app: b, hour: Int64(hour))
                load[key._rawHashValue(seed: 12345) & 4095] += 1
            }
        }
        XCTAssertLessThan(load.max()!, 12, "8192 keys in 4096 slots")
        var volume: [VolumeKey: Int] = [:]
        for hour in 0..<5000 { volume[VolumeKey(app: a, kind: .restApi, hour: Int64(hour), file: 3), default: 0] += 1 }
        XCTAssertEqual(volume.count, 5000)
    }
}
