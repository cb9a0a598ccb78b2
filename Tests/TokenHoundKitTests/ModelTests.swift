import XCTest
@testable import TokenHoundKit

final class ModelTests: XCTestCase {
    func testSalesforceIDChecksumMatchesRealPairs() {
        XCTAssertEqual(SalesforceID("0055j00000AT6I1")?.description, "0055j00000AT6I1AAL")
        XCTAssertEqual(SalesforceID("0055j000000utlP")?.description, "0055j000000utlPAAQ")
        XCTAssertEqual(SalesforceID("0055j000000utlPAAQ"), SalesforceID("0055j000000utlP"))
        XCTAssertNil(SalesforceID("USER_ID"))
        XCTAssertNil(SalesforceID("0055j000000utl"))
    }

    func testIPParsingAndNetworks() {
        XCTAssertEqual(IPAddress("208.68.36.90")?.description, "208.68.36.90")
        XCTAssertEqual(IPAddress("208.68.36.90")?.defaultNetwork.description, "208.68.36.0/24")
        XCTAssertNil(IPAddress("w.x.y.z"))
        XCTAssertNil(IPAddress("256.1.1.1"))
        XCTAssertNil(IPAddress("Salesforce.com IP"))
        XCTAssertEqual(IPAddress("2001:db8::1")?.description, "2001:db8::1")
        XCTAssertEqual(IPAddress("2001:db8:1234:5678::1")?.defaultNetwork.description, "2001:db8:1234::/48")
        XCTAssertEqual(IPAddress("::ffff:1.2.3.4")?.description, "::ffff:102:304")
        XCTAssertNil(IPAddress("1::2::3"))
    }

    func testCivilTimeRoundTrip() {
        let t = CivilTime(year: 2025, month: 8, day: 8, hour: 12, minute: 34, second: 56, millisecond: 789).eventTime
        XCTAssertEqual(t.iso8601, "2025-08-08T12:34:56.789Z")
        XCTAssertEqual(CivilTime(epochMillis: t.millis), CivilTime(year: 2025, month: 8, day: 8, hour: 12, minute: 34, second: 56, millisecond: 789))
        XCTAssertEqual(Level(riskScore: 73), .high)
        XCTAssertEqual(Level(riskScore: 99), .critical)
        XCTAssertEqual(Level(riskScore: 20), .informational)
    }
}

final class ModelRepairTests: XCTestCase {
    func testDamagedSuffixIsRecomputedNotGarbled() {
        XCTAssertEqual(SalesforceID("0H45j000000XyZ1CAY")?.description, SalesforceID("0H45j000000XyZ1")?.description)
        XCTAssertEqual(SalesforceID("0055j00000AT6I1ZZZ")?.description, "0055j00000AT6I1AAL")
        XCTAssertNil(SalesforceID("0055j00000AT6I1AA!"))
    }

    func testIPv6CompressionPositions() {
        for (text, canonical) in [("::1", "::1"), ("1::", "1::"), ("1:2::7:8", "1:2::7:8"), ("fe80::1:2:3:4", "fe80::1:2:3:4"),
                                  ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("::", "::"), ("2001:db8::ffff:1.2.3.4", "2001:db8::ffff:102:304")] {
            XCTAssertEqual(IPAddress(text)?.description, canonical, text)
        }
        XCTAssertNil(IPAddress("1:2:3:4:5:6:7:8:9"))
        XCTAssertNil(IPAddress("1:2:3:4:5:6:7::8:9"))
    }
}

final class RefMatchingTests: XCTestCase {
    func testAppAndUserMatchingUsedByFiltersAndSuppressions() {
        let app = AppRef(id: "0H45j000000Drf1CAC", name: "Drift")
        XCTAssertTrue(app.matches("drift"))
        XCTAssertTrue(app.matches("0h45j000000drf1cac"))
        XCTAssertFalse(app.matches("Drif"))
        let user = UserRef(id: "0055j00000DrfAQAAZ", name: "drift.integration@acme.example")
        XCTAssertTrue(user.matches("DRIFT.integration@acme.example"))
        XCTAssertTrue(user.matches("0055J00000DRFAQAAZ"), "an 18-char id typed in any case")
        XCTAssertTrue(user.matches("0055j00000DrfAQ"), "the 15-char form, normalised")
        XCTAssertFalse(user.matches("0055j00000DRFAQ"), "a 15-char id with the wrong case is another record")
        XCTAssertFalse(UserRef(id: nil, name: nil).matches("0055j00000DrfAQ"))
    }
}

final class UserAgentFamilyTests: XCTestCase {
    func testFamilies() {
        XCTAssertEqual(UserAgentFamily.family(of: "python-requests/2.32.4"), "python-requests")
        XCTAssertEqual(UserAgentFamily.family(of: "Python/3.11 aiohttp/3.12.15"), "aiohttp")
        XCTAssertEqual(UserAgentFamily.family(of: " \"Drift-Salesforce-Sync/4.2 (+https://drift.com)\"\t"), "drift-salesforce-sync")
        XCTAssertEqual(UserAgentFamily.family(of: "  "), "(none)")
        XCTAssertTrue(UserAgentFamily.isScripting("go-http-client"))
        XCTAssertFalse(UserAgentFamily.isScripting("gearset"))
    }
}
