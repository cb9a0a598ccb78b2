import XCTest
@testable import TokenHoundKit

final class EventsHeaderTests: XCTestCase {
    private func kindOfHeaderOnly(_ header: [String]) -> FileDecodeReport {
        evDecodeRows([header]).1
    }

    func testHeaderOnlyFilesRecogniseEveryKindBySignature() {
        let cases: [([String], LogKind)] = [
            (EvHeaders.login2021, .login), (EvHeaders.login2023, .login), (EvHeaders.login2025, .login),
            (EvHeaders.logout, .logout), (EvHeaders.apiTotalUsage, .apiTotalUsage), (EvHeaders.restApi, .restApi),
            (EvHeaders.api, .api), (EvHeaders.bulkApi2, .bulkApi2), (EvHeaders.bulkApiRequest, .bulkApiRequest),
            (EvHeaders.uniqueQuery, .uniqueQuery), (EvHeaders.uri, .uri), (EvHeaders.loginAs, .loginAs),
            (EvHeaders.apexCallout, .otherEventLog),
            (EvHeaders.loginHistory, .loginHistory), (EvHeaders.loginEvent, .loginEvent),
            (EvHeaders.oauthToken, .oauthToken), (EvHeaders.connectedApplication, .connectedApplication),
            (EvHeaders.permissionSetAssignment, .permissionSetAssignment),
        ]
        var covered = Set<LogKind>()
        for (header, kind) in cases {
            let r = kindOfHeaderOnly(header)
            XCTAssertEqual(r.kind, kind, header.joined(separator: ","))
            XCTAssertEqual(r.rows, 0)
            XCTAssertEqual(r.columnCount, header.count)
            XCTAssertTrue(r.diagnostics.filter { $0.severity == .error }.isEmpty, "\(kind)")
            // Shuffled column order must not matter.
            XCTAssertEqual(kindOfHeaderOnly(header.reversed()).kind, kind, "reversed \(kind)")
            covered.insert(kind)
        }
        XCTAssertEqual(covered, Set(LogKind.allCases))
    }

    func testKindComesFromEventTypeValueWhenRowsExist() {
        // A header with an unfamiliar column set but rows saying RestApi: the value wins.
        let header = ["EVENT_TYPE", "TIMESTAMP_DERIVED", "USER_ID", "URI"]
        let (v, r) = evDecodeRows([header, ["RestApi", "2025-01-01T00:00:00Z", "0055j00000AT6I1", "/services/data/v60.0/query"]])
        XCTAssertEqual(r.kind, .restApi)
        XCTAssertEqual(v.apiCalls.count, 1)
        XCTAssertEqual(v.apiCalls.first?.kind, .restApi)
        // Unknown EVENT_TYPE names: .otherEventLog, counted by name.
        let (v2, r2) = evDecodeRows([header, ["BulkApi", "2025-01-01T00:00:00Z", "", ""], ["BulkApi", "2025-01-01T00:00:01Z", "", ""]])
        XCTAssertEqual(r2.kind, .otherEventLog)
        XCTAssertEqual(r2.unknownEventTypes, ["BulkApi": 2])
        XCTAssertEqual(r2.rowsAccepted, 2)
        XCTAssertEqual(v2.apiCalls.count + v2.auths.count, 0)
        XCTAssertEqual(HeaderBinding(names: header).kind(firstEventType: "apitotalusage"), .apiTotalUsage)
        XCTAssertEqual(HeaderBinding(names: header).kind(firstEventType: "Whatever"), .otherEventLog)
        XCTAssertEqual(HeaderBinding(names: EvHeaders.login2023).kind(firstEventType: nil), .login)
    }

    func testExportHeadersMatchCaseInsensitivelyAndTolerateBOM() {
        XCTAssertEqual(kindOfHeaderOnly(["\u{FEFF}id", "userid", "LOGINTIME", "sourceip"]).kind, .loginHistory)
        XCTAssertEqual(kindOfHeaderOnly(["\u{FEFF}EVENT_TYPE"] + EvHeaders.logout.dropFirst()).kind, .logout)
        XCTAssertEqual(kindOfHeaderOnly(["EventDate", "SourceIp"]).kind, .loginEvent)
        XCTAssertEqual(kindOfHeaderOnly(["EventDate", "LoginKey"]).kind, .loginEvent)
        XCTAssertEqual(kindOfHeaderOnly(["AppName", "LastUsedDate"]).kind, .oauthToken)
        XCTAssertEqual(kindOfHeaderOnly(["Id", "AssigneeId", "PermissionsModifyAllData"]).kind, .permissionSetAssignment)
        // Id + Name with LoginHistory's columns is LoginHistory, not ConnectedApplication.
        XCTAssertEqual(kindOfHeaderOnly(EvHeaders.loginHistory + ["Name"]).kind, .loginHistory)
    }

    func testUnrecognisedHeaderIsAnErrorDiagnosticNotFatal() {
        let (v, r) = evDecodeRows([["Foo", "Bar"], ["1", "2"]], path: "weird.csv")
        XCTAssertNil(r.kind)
        XCTAssertEqual(r.rows, 1)
        XCTAssertEqual(r.rejectedRows["unrecognised header"], 1)
        XCTAssertEqual(r.diagnostics.first?.severity, .error)
        XCTAssertEqual(r.diagnostics.first?.message, "unrecognised header: Foo,Bar")
        XCTAssertEqual(r.diagnostics.first?.file, "weird.csv")
        XCTAssertTrue(v.apiCalls.isEmpty)
        let empty = EventDecoder(fileID: 1, path: "empty.csv").finish()
        XCTAssertNil(empty.kind)
        XCTAssertEqual(empty.diagnostics.map(\.message), ["empty file: no header"])
    }

    func testGenerationLabels() {
        XCTAssertEqual(kindOfHeaderOnly(EvHeaders.login2021).headerGeneration, "Login 2021 (26 columns, no LOGIN_TYPE/LOGIN_SUB_TYPE)")
        XCTAssertEqual(kindOfHeaderOnly(EvHeaders.login2023).headerGeneration, "Login 2023 (28 columns)")
        XCTAssertEqual(kindOfHeaderOnly(EvHeaders.login2025).headerGeneration, "Login 2025 (34 columns)")
        XCTAssertEqual(kindOfHeaderOnly(EvHeaders.login2025 + ["NEW_COLUMN"]).headerGeneration, "Login 35 columns")
        XCTAssertEqual(kindOfHeaderOnly(EvHeaders.restApi).headerGeneration, "RestApi 24 columns")
    }

    func testColumnAlternativesBindByName() {
        let h1 = HeaderBinding(names: ["EVENT_TYPE", "SOQL", "REQUEST_PATH", "METHOD_NAME", "ENTITY_TYPE", "RECORDS_PROCESSED"])
        XCTAssertEqual(h1.index(.query), 1)
        XCTAssertEqual(h1.index(.requestPath), 2)
        XCTAssertEqual(h1.index(.method), 3)
        XCTAssertEqual(h1.index(.entity), 4)
        XCTAssertEqual(h1.index(.rowsProcessed), 5)
        XCTAssertEqual(h1.index(.uri), -1)
        // Preference order, not header order: QUERY beats QUERY_TEXT beats SOQL.
        let h2 = HeaderBinding(names: ["SOQL", "QUERY_TEXT", "HTTP_METHOD", "METHOD", "ENTITY_TYPE", "ENTITY_NAME", "USER_ID", "USER_ID_DERIVED"])
        XCTAssertEqual(h2.index(.query), 1)
        XCTAssertEqual(h2.index(.method), 3)
        XCTAssertEqual(h2.index(.entity), 5)
        XCTAssertEqual(h2.index(.userID), 6)
        XCTAssertEqual(h2.index(.userIDDerived), 7)

        // Decoding with alternatives: QUERY_TEXT, HTTP_METHOD, ENTITY_TYPE, RECORDS_PROCESSED, API_RESOURCE.
        let header = ["EVENT_TYPE", "TIMESTAMP", "QUERY_TEXT", "HTTP_METHOD", "ENTITY_TYPE", "RECORDS_PROCESSED", "API_RESOURCE", "CONNECTED_APP_ID", "USER_AGENT"]
        let (v, r) = evDecodeRows([header, ["RestApi", "20250101000000", "SELECT Id FROM Account", "GET", "Account", "42", "/services/data/v60.0/query", "0H45j000000XyZ1", "5"]])
        XCTAssertEqual(r.kind, .restApi)
        let c = try! XCTUnwrap(v.apiCalls.first)
        XCTAssertEqual(c.query, "SELECT Id FROM Account")
        XCTAssertEqual(c.method, "GET")
        XCTAssertEqual(c.entity, "Account")
        XCTAssertEqual(c.rowsProcessed, 42)
        XCTAssertEqual(c.resource, "/services/data/v60.0/query")
        XCTAssertEqual(c.clientName, "5")
    }

    func testUnknownAndDuplicateColumns() {
        let header = EvHeaders.login2023 + ["SHINY_NEW_FIELD", "USER_ID"]
        let bind = HeaderBinding(names: header)
        XCTAssertEqual(bind.unknownColumns, ["SHINY_NEW_FIELD"])
        XCTAssertEqual(bind.duplicateColumns, ["USER_ID"])
        XCTAssertEqual(bind.index(.userID), 4, "first wins")
        var values = evRow(EvHeaders.login2023, ["EVENT_TYPE": "Login", "TIMESTAMP": "20231218054831.655", "USER_ID": "0055j00000AT6I1",
                                                 "URI": "/services/oauth2/token", "LOGIN_STATUS": "LOGIN_NO_ERROR"])
        values += ["x", "0055j000000utlP"]
        let (v, r) = evDecodeRows([header, values])
        XCTAssertEqual(r.unknownColumns, ["SHINY_NEW_FIELD"])
        XCTAssertEqual(r.duplicateColumns, ["USER_ID"])
        XCTAssertTrue(r.diagnostics.contains { $0.severity == .warning && $0.message.contains("duplicate column USER_ID") })
        XCTAssertEqual(v.auths.first?.user, evID("0055j00000AT6I1"))
        // Known but unused columns are not "unknown"; types tokenhound does not analyse report none.
        XCTAssertEqual(HeaderBinding(names: EvHeaders.login2025).unknownColumns, [])
        XCTAssertEqual(HeaderBinding(names: EvHeaders.apexCallout).unknownColumns, [])
        for header in [EvHeaders.apiTotalUsage, EvHeaders.restApi, EvHeaders.api, EvHeaders.bulkApi2, EvHeaders.bulkApiRequest,
                       EvHeaders.uniqueQuery, EvHeaders.uri, EvHeaders.loginAs, EvHeaders.login2021, EvHeaders.login2023,
                       EvHeaders.logout, EvHeaders.loginHistory, EvHeaders.loginEvent, EvHeaders.oauthToken,
                       EvHeaders.connectedApplication, EvHeaders.permissionSetAssignment] {
            XCTAssertEqual(HeaderBinding(names: header).unknownColumns, [], header.joined(separator: ","))
            XCTAssertEqual(HeaderBinding(names: header).duplicateColumns, [])
        }
    }
}
