import XCTest
@testable import TokenHoundKit

/// `AuthEvent` packs its request id, LOGIN_KEY and address into words and keeps what does not fit
/// in an overflow: every field must read back exactly as written, whichever way it is held.
final class AuthEventLayoutTests: XCTestCase {
    /// A store holds one per grant: a bigger event is a regression (it was 152 bytes).
    func testGrantLayoutSize() {
        XCTAssertLessThanOrEqual(MemoryLayout<AuthEvent>.stride, 80)
    }

    private func event(user: SalesforceID?, rawUser: String? = nil, address: SourceAddress, loginKey: String?,
                       requestID: String) -> AuthEvent {
        AuthEvent(source: .loginEvent, time: EventTime(millis: 1_754_000_000_123), user: user, rawUser: rawUser,
                  userName: "u@x.example", sourceAddress: address, userAgent: "Agent/1.0", loginKey: loginKey,
                  requestID: requestID, flow: .unknownOAuth, loginType: "i", status: "LOGIN_NO_ERROR", succeeded: false,
                  application: "App", tlsProtocol: "TLSv1.3", countryCode: "DE", location: RowLocation(file: 7, line: 99))
    }

    func testFieldsRoundTripHoweverHeld() {
        let tokens = ["", "a", "4x1beNm4gODrU0l3FpwHa-", "4x1beNm4gODrU0l3FpwHa-x", String(repeating: "z", count: 18),
                      String(repeating: "q", count: 19), "lOf/4DzkIeIB/EDL", "h\u{E9}llo", "a\u{0}b", "\u{7F}~ ",
                      String(repeating: "k", count: 40), "e\u{301}"]
        let addresses: [SourceAddress] = [.address(IPAddress("52.4.10.11")!), .address(IPAddress("0.0.0.0")!),
                                          .address(IPAddress("255.255.255.255")!), .address(IPAddress("2001:db8::1")!),
                                          .address(IPAddress("::")!), .salesforceInternal, .empty, .unparsed("w.x.y.z"),
                                          .address(IPAddress(v6High: .max, v6Low: .max))]
        let users: [SalesforceID?] = [SalesforceID("0055j00000AT6I1"), nil]
        for r in tokens {
            for k in tokens.map(Optional.some) + [nil] {
                for a in addresses {
                    for u in users {
                        let e = event(user: u, rawUser: u == nil ? "USER_ID" : nil, address: a, loginKey: k, requestID: r)
                        XCTAssertEqual(Array(e.requestID.utf8), Array(r.utf8))
                        XCTAssertEqual(e.loginKey.map { Array($0.utf8) }, k.map { Array($0.utf8) })
                        XCTAssertEqual(e.sourceAddress, a)
                        XCTAssertEqual(e.user, u)
                        XCTAssertEqual(e.rawUser, u == nil ? "USER_ID" : nil)
                        XCTAssertEqual(e.time.millis, 1_754_000_000_123)
                        XCTAssertEqual(e.location, RowLocation(file: 7, line: 99))
                        XCTAssertEqual(e.source, .loginEvent)
                        XCTAssertEqual(e.flow, .unknownOAuth)
                        XCTAssertFalse(e.succeeded)
                        XCTAssertEqual(e.userAgent, "Agent/1.0")
                        XCTAssertEqual(e.application, "App")
                    }
                }
            }
        }
    }

    func testSettersChangeOneFieldAndKeepTheOthers() {
        var e = event(user: SalesforceID("0055j00000AT6I1"), address: .address(IPAddress("2001:db8::1")!),
                      loginKey: "lOf/4DzkIeIB/EDL", requestID: "4x1beNm4gODrU0l3FpwHa-")
        e.requestID = String(repeating: "r", count: 30)
        XCTAssertEqual(e.requestID, String(repeating: "r", count: 30))
        XCTAssertEqual(e.loginKey, "lOf/4DzkIeIB/EDL")
        e.sourceAddress = .unparsed("anon")
        XCTAssertEqual(e.sourceAddress, .unparsed("anon"))
        XCTAssertEqual(e.requestID, String(repeating: "r", count: 30))
        e.user = nil
        XCTAssertNil(e.user)
        e.loginKey = "k\u{E9}y"
        XCTAssertEqual(e.loginKey, "k\u{E9}y")
        e.requestID = "short"
        e.sourceAddress = .address(IPAddress("10.0.0.1")!)
        XCTAssertEqual(e.requestID, "short")
        XCTAssertEqual(e.sourceAddress, .address(IPAddress("10.0.0.1")!))
        XCTAssertEqual(e.loginKey, "k\u{E9}y")
        XCTAssertEqual(e.userName, "u@x.example")
        XCTAssertEqual(e.location, RowLocation(file: 7, line: 99))
    }

    /// Request ids order as `String`s do whether packed or held as text (the canonical order).
    func testRequestIDsOrderLikeStrings() {
        let ids = ["", "A", "AB", "B", "a", "4x1beNm4gODrU0l3FpwHa-", "4x1beNm4gODrU0l3FpwHa", "4x1beNm4gODrU0l3FpwHa-z",
                   String(repeating: "~", count: 22), String(repeating: "~", count: 23), "\u{7F}", "h\u{E9}", "e\u{301}", "\u{E9}"]
        for x in ids {
            for y in ids {
                let a = event(user: nil, address: .empty, loginKey: nil, requestID: x)
                let b = event(user: nil, address: .empty, loginKey: nil, requestID: y)
                let expected: AuthEvent.ComparisonOrder = x == y ? .same : (x < y ? .before : .after)
                XCTAssertEqual(AuthEvent.requestIDOrder(a, b), expected, "\(x) vs \(y)")
            }
        }
    }

    /// The user id is part of the shared details: events that differ only in it share no box.
    func testUserIsPartOfTheSharedDetails() {
        var store = EvidenceStore()
        store.visit(auth: event(user: SalesforceID("0055j00000AT6I1"), address: .empty, loginKey: nil, requestID: "A"))
        store.visit(auth: event(user: SalesforceID("0055j00000AT6I2"), address: .empty, loginKey: nil, requestID: "B"))
        store.visit(auth: event(user: SalesforceID("0055j00000AT6I1"), address: .empty, loginKey: nil, requestID: "C"))
        XCTAssertFalse(store.auth[0].details === store.auth[1].details)
        XCTAssertTrue(store.auth[0].details === store.auth[2].details)
        XCTAssertEqual(store.auth[1].user, SalesforceID("0055j00000AT6I2"))
    }
}
