import Foundation
import XCTest
@testable import TokenHoundKit

/// Decodes the committed fixtures (real header lines, hand-written rows) and the real public files in
/// `/work/shared/fixtures` (`../shared/fixtures` from the package root) when present.
final class EventsFixtureTests: XCTestCase {
    private static let testsDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    private static let fixturesDir = testsDir.appendingPathComponent("Fixtures/events")
    private static let packageRoot = testsDir.deletingLastPathComponent().deletingLastPathComponent()
    private static let sharedDir = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")

    private func decodeFile(_ url: URL) throws -> (EvRecordingVisitor, FileDecodeReport) {
        let text = try String(contentsOf: url, encoding: .utf8)
        return evDecodeCSV(text, path: url.lastPathComponent)
    }

    private func fixture(_ name: String) throws -> (EvRecordingVisitor, FileDecodeReport) {
        try decodeFile(Self.fixturesDir.appendingPathComponent(name))
    }

    private func sharedFile(_ name: String) throws -> (EvRecordingVisitor, FileDecodeReport) {
        let url = Self.sharedDir.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw XCTSkip("real fixture \(url.path) not present")
        }
        return try decodeFile(url)
    }

    private func firstLine(_ url: URL) throws -> Data {
        let d = try Data(contentsOf: url)
        return d.prefix(while: { $0 != 0x0A })
    }

    func testCommittedHeadersAreByteIdenticalToTheRealOnes() throws {
        let pairs = [("login-2021-26col.csv", "elf-login-2021-26col.csv"), ("login-2023-28col.csv", "elf-login-2023-28col.csv"),
                     ("login-2025-34col.csv", "elf-login-2025-34col.csv"), ("logout.csv", "elf-logout-header.csv")]
        guard FileManager.default.fileExists(atPath: Self.sharedDir.path) else { throw XCTSkip("\(Self.sharedDir.path) not present") }
        for (ours, real) in pairs {
            XCTAssertEqual(try firstLine(Self.fixturesDir.appendingPathComponent(ours)),
                           try firstLine(Self.sharedDir.appendingPathComponent(real)), ours)
        }
    }

    // MARK: Committed fixtures

    func testLogin2021Fixture() throws {
        let (v, r) = try fixture("login-2021-26col.csv")
        XCTAssertEqual(r.kind, .login)
        XCTAssertEqual(r.headerGeneration, "Login 2021 (26 columns, no LOGIN_TYPE/LOGIN_SUB_TYPE)")
        XCTAssertEqual(r.rows, 3)
        XCTAssertEqual(r.rowsAccepted, 3)
        XCTAssertEqual(r.nonOAuthLogins, 1)
        XCTAssertEqual(v.auths.count, 2)
        XCTAssertEqual(v.auths.map(\.flow), [.unknownOAuth, .unknownOAuth])
        let a = v.auths[0]
        XCTAssertEqual(a.time, evTime(2021, 11, 2, 12, 10, 44, 225))
        XCTAssertEqual(a.sourceAddress.ip, IPAddress("35.168.189.83"), "SOURCE_IP, not CLIENT_IP=Salesforce.com IP")
        XCTAssertEqual(a.user?.description, "0055j000000utlPAAQ")
        XCTAssertEqual(a.userAgent, "Jakarta Commons-HttpClient/3.1")
        XCTAssertTrue(a.succeeded)
        let b = v.auths[1]
        XCTAssertEqual(b.time, evTime(2021, 10, 19, 5, 7, 7, 130), "TIMESTAMP with 2 fraction digits, no TIMESTAMP_DERIVED")
        XCTAssertEqual(b.user?.description, "0055j000000utlPAAQ", "15-char USER_ID normalised")
        XCTAssertEqual(b.sourceAddress.ip, IPAddress("35.168.189.84"), "empty SOURCE_IP falls back to CLIENT_IP")
        XCTAssertFalse(b.succeeded)
        XCTAssertEqual(b.status, "LOGIN_OAUTH_INVALID_TOKEN")
        XCTAssertEqual(a.location.line, 2)
        XCTAssertEqual(b.location.line, 3)
    }

    func testLogin2023Fixture() throws {
        let (v, r) = try fixture("login-2023-28col.csv")
        XCTAssertEqual(r.kind, .login)
        XCTAssertEqual(r.headerGeneration, "Login 2023 (28 columns)")
        XCTAssertEqual(r.rows, 4)
        XCTAssertEqual(r.nonOAuthLogins, 1)
        XCTAssertEqual(v.auths.map(\.flow), [.refreshToken, .unknownOAuth, .refreshToken])
        XCTAssertEqual(v.auths.map(\.time), [evTime(2023, 12, 18, 5, 48, 31), evTime(2023, 12, 18, 5, 48, 32, 500),
                                             evTime(2023, 12, 18, 5, 48, 33, 70)])
        XCTAssertEqual(v.auths[0].sourceAddress.ip, IPAddress("103.108.207.58"))
        XCTAssertEqual(v.auths[0].userName, "integration@example.com")
        XCTAssertEqual(v.auths[1].userAgent, "Mozilla/5.0 \"quoted\" agent")
        XCTAssertEqual(v.auths[1].sourceAddress.ip, IPAddress("2001:db8::1"))
        XCTAssertEqual(v.auths.map(\.succeeded), [true, true, false])
        XCTAssertEqual(r.hours.count, 2)
        XCTAssertEqual(r.firstTime, evTime(2023, 12, 18, 5, 48, 31))
        XCTAssertEqual(r.lastTime, evTime(2023, 12, 18, 6))
        XCTAssertTrue(r.unparsedValues.isEmpty)
        XCTAssertTrue(r.unknownColumns.isEmpty)
    }

    func testLogin2025FixtureWithPlaceholders() throws {
        let (v, r) = try fixture("login-2025-34col.csv")
        XCTAssertEqual(r.headerGeneration, "Login 2025 (34 columns)")
        XCTAssertEqual(v.auths.map(\.flow), [.refreshToken, .otherOAuth, .refreshToken])
        XCTAssertEqual(v.auths[0].rawUser, "USER_ID")
        XCTAssertEqual(v.auths[0].sourceAddress, .unparsed("w.x.y.z"))
        XCTAssertEqual(v.auths[0].countryCode, "US")
        XCTAssertEqual(v.auths[2].countryCode, "NL")
        XCTAssertEqual(v.auths[2].time, evTime(2025, 10, 1, 12, 0, 0, 100))
        XCTAssertEqual(v.auths[2].sourceAddress.ip, IPAddress("203.0.113.5"))
        XCTAssertFalse(v.auths[2].succeeded)
        XCTAssertEqual(r.unparsedValues["USER_ID_DERIVED"], 2)
        XCTAssertEqual(r.unparsedValues["USER_ID"], 2)
        XCTAssertEqual(r.unparsedValues["SOURCE_IP"], 2)
        XCTAssertEqual(r.rowsAccepted, 3)
    }

    func testLogoutFixture() throws {
        let (v, r) = try fixture("logout.csv")
        XCTAssertEqual(r.kind, .logout)
        XCTAssertEqual(r.headerGeneration, "Logout 21 columns")
        XCTAssertEqual(v.logouts.map(\.isOAuth), [true, false, true])
        XCTAssertEqual(v.logouts[0].user?.description, "0055j00000AT6I1AAL")
        XCTAssertNil(v.logouts[2].user, "batch revocation: no user")
        XCTAssertEqual(v.logouts[1].time, evTime(2025, 10, 1, 13, 5))
    }

    // MARK: Real public files

    func testRealLogin2021() throws {
        let (v, r) = try sharedFile("elf-login-2021-26col.csv")
        XCTAssertEqual(r.kind, .login)
        XCTAssertEqual(r.headerGeneration, "Login 2021 (26 columns, no LOGIN_TYPE/LOGIN_SUB_TYPE)")
        XCTAssertEqual(r.rows, 1)
        let a = try XCTUnwrap(v.auths.first)
        XCTAssertEqual(a.flow, .unknownOAuth)
        XCTAssertEqual(a.user?.description, "0055j000000utlPAAQ")
        XCTAssertEqual(a.sourceAddress.ip, IPAddress("35.168.189.83"))
        XCTAssertEqual(a.userAgent, "Jakarta Commons-HttpClient/3.1")
        XCTAssertEqual(a.time, evTime(2021, 11, 2, 12, 10, 44, 225))
        XCTAssertEqual(a.loginKey, "UsK4oAHW1UESFBIQ")
        XCTAssertTrue(a.succeeded)
    }

    func testRealLogin2023() throws {
        let (v, r) = try sharedFile("elf-login-2023-28col.csv")
        XCTAssertEqual(r.headerGeneration, "Login 2023 (28 columns)")
        XCTAssertEqual(r.rows, 1)
        let a = try XCTUnwrap(v.auths.first)
        XCTAssertEqual(a.user?.description, "0055j00000AT6I1AAL")
        XCTAssertEqual(a.sourceAddress.ip, IPAddress("103.108.207.58"))
        XCTAssertEqual(a.userAgent, "Go-http-client/1.1")
        XCTAssertTrue(a.succeeded)
        XCTAssertEqual(a.flow, .unknownOAuth, "LOGIN_SUB_TYPE is empty in the real row")
        XCTAssertEqual(a.loginType, "i")
        XCTAssertEqual(a.userName, "salesforceinstance@devtest.in")
        XCTAssertEqual(a.time, evTime(2023, 12, 18, 5, 48, 31, 655))
    }

    func testRealLogin2025() throws {
        let (v, r) = try sharedFile("elf-login-2025-34col.csv")
        XCTAssertEqual(r.headerGeneration, "Login 2025 (34 columns)")
        XCTAssertEqual(r.rows, 2)
        XCTAssertEqual(v.auths.map(\.flow), [.refreshToken, .otherOAuth])
        XCTAssertEqual(v.auths.map(\.userAgent), ["Gearset/1.0", ""])
        XCTAssertEqual(v.auths.map(\.loginType), ["i", "A"])
        XCTAssertEqual(v.auths[0].sourceAddress, .unparsed("w.x.y.z"))
        XCTAssertEqual(v.auths[0].rawUser, "USER_ID")
        XCTAssertEqual(v.auths[0].countryCode, "US")
        XCTAssertEqual(r.unparsedValues["USER_ID"], 2)
        XCTAssertEqual(r.unparsedValues["USER_ID_DERIVED"], 2)
        XCTAssertEqual(r.unparsedValues["SOURCE_IP"], 2)
        XCTAssertEqual(r.rowsAccepted, 2)
    }

    func testRealLogoutHeaderOnly() throws {
        let (v, r) = try sharedFile("elf-logout-header.csv")
        XCTAssertEqual(r.kind, .logout)
        XCTAssertEqual(r.rows, 0)
        XCTAssertEqual(r.headerGeneration, "Logout 21 columns")
        XCTAssertTrue(v.logouts.isEmpty)
        XCTAssertTrue(r.unknownColumns.isEmpty)
    }

    func testAllRealFilesDecodeWithoutErrors() throws {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: Self.sharedDir.path) else {
            throw XCTSkip("\(Self.sharedDir.path) not present")
        }
        for name in names.sorted() where name.hasSuffix(".csv") {
            let (_, r) = try sharedFile(name)
            XCTAssertNotNil(r.kind, name)
            XCTAssertEqual(r.rowsRejected, 0, name)
            XCTAssertTrue(r.diagnostics.filter { $0.severity != .note }.isEmpty, "\(name): \(r.diagnostics)")
            XCTAssertTrue(r.unknownColumns.isEmpty, "\(name): \(r.unknownColumns)")
        }
    }
}
