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
        var interner = ValueInterner<String>()
        let first = String(repeating: "SELECT Id FROM Account ", count: 2)
        let second = String(repeating: "SELECT Id FROM Account ", count: 2)
        func storage(_ s: String) -> UnsafePointer<UInt8>? { var t = s; return t.withUTF8 { $0.baseAddress } }
        XCTAssertNotEqual(storage(first), storage(second), "two heap strings to start with")
        let a = interner.shared(first)
        let b = interner.shared(second)
        XCTAssertEqual(a, second)
        XCTAssertEqual(storage(a), storage(first))
        XCTAssertEqual(storage(b), storage(first), "the second equal string is replaced by the first")
        XCTAssertEqual(interner.shared("other"), "other")
        XCTAssertEqual(interner.count, 2)
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
}
