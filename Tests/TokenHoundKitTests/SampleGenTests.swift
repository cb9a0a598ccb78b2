import Foundation
import XCTest
@testable import TokenHoundKit

/// Checks the committed `SampleLogs/` (written by `tokenhound-samplegen`, which the test target
/// cannot import) against the facts its README states.
final class SampleGenTests: XCTestCase {
    private var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SampleLogs")
    }

    private func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Splits an ELF line whose values are all quoted and contain no `","` sequence.
    private func elfFields(_ line: Substring) -> [String] {
        var s = String(line)
        s.removeFirst(); s.removeLast()
        return s.components(separatedBy: "\",\"")
    }

    func testPlainLoginDayUsesThe2025HeaderExactly() throws {
        let lines = try text("EventLogFile/2025-08-05_Login.csv").split(separator: "\n")
        XCTAssertEqual(String(lines[0]), """
            "EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","RUN_TIME","CPU_TIME","URI","SESSION_KEY","LOGIN_KEY","USER_TYPE","REQUEST_STATUS","DB_TOTAL_TIME","LOGIN_TYPE","BROWSER_TYPE","API_TYPE","API_VERSION","USER_NAME","TLS_PROTOCOL","CIPHER_SUITE","USE_API_TOKEN","HTTP_REFERER","LOGIN_URL","COUNTRY_CODE","AUTHENTICATION_METHOD_REFERENCE","LOGIN_SUB_TYPE","AUTHENTICATION_SERVICE_ID","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP","URI_ID_DERIVED","LOGIN_STATUS","SOURCE_IP","FORWARDED_FOR_IP"
            """)
        let header = elfFields(lines[0])
        var tokenRows = 0
        for line in lines.dropFirst() {
            let f = elfFields(line)
            XCTAssertEqual(f.count, 34)
            let row = Dictionary(uniqueKeysWithValues: zip(header, f))
            XCTAssertEqual(row["TIMESTAMP_DERIVED"]?.hasPrefix("2025-08-05T"), true)
            XCTAssertEqual(SalesforceID(row["USER_ID"]!)?.description, row["USER_ID_DERIVED"])
            if row["URI"] == "/services/oauth2/token" {
                tokenRows += 1
                XCTAssertEqual(row["LOGIN_TYPE"], "i")
                XCTAssertEqual(row["LOGIN_SUB_TYPE"], "oauthrefreshtoken")
                XCTAssertEqual(row["API_VERSION"], "9998.0")
                XCTAssertEqual(row["SESSION_KEY"], "")
                XCTAssertEqual(row["LOGIN_KEY"]?.utf8.count, 16)
                XCTAssertEqual(row["REQUEST_ID"]?.utf8.count, 22)
            }
        }
        XCTAssertGreaterThan(tokenRows, 80)
    }

    func testLoginHistoryHasTheReplayAndTheBlockedAttempts() throws {
        let rows = try text("LoginHistory.csv").split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows[0], ["Id", "UserId", "LoginTime", "LoginType", "LoginSubType", "SourceIp", "Status", "Application",
                                 "Browser", "Platform", "ApiType", "ApiVersion", "LoginUrl", "TlsProtocol", "CipherSuite", "CountryIso"])
        let drift = rows.filter { $0[7] == "Drift" && ($0[5] == "208.68.36.90" || $0[5] == "44.215.108.109") }
        XCTAssertEqual(drift.count, 4)
        XCTAssertTrue(drift.allSatisfy { $0[1] == "0055j00000DrfAQAAZ" && $0[6] == "Success" && $0[2].hasSuffix(".000+0000") })
        let blocked = rows.filter { $0[7] == "Gearset" && $0[6] == "Failed: Invalid Token" }
        XCTAssertEqual(blocked.count, 3)
    }

    func testPostureAndPrivilege() throws {
        let drift = try text("force-app/main/default/connectedApps/Drift.connectedApp-meta.xml")
        XCTAssertTrue(drift.contains("<isSecretRequiredForRefreshToken>false</isSecretRequiredForRefreshToken>"))
        let gearset = try text("force-app/main/default/connectedApps/Gearset.connectedApp-meta.xml")
        XCTAssertFalse(gearset.contains("isSecretRequiredForRefreshToken"))
        XCTAssertTrue(gearset.contains("<isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>"))
        let psa = try text("PermissionSetAssignment.csv").split(separator: "\n")
        XCTAssertTrue(psa.contains { $0.contains("0055j00000DrfAQAAZ,Integration_View_All_Data,false,true,") })
    }
}
