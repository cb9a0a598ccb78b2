import XCTest
@testable import TokenHoundKit

final class EventsDecoderTests: XCTestCase {
    private let h = EvHeaders.login2023

    private func loginRow(_ v: [String: String]) -> [String] {
        var base = ["EVENT_TYPE": "Login", "TIMESTAMP": "20231218054831.655", "REQUEST_ID": "req-1", "USER_ID": "0055j00000AT6I1",
                    "URI": "/services/oauth2/token", "LOGIN_KEY": "lk1", "LOGIN_TYPE": "i", "BROWSER_TYPE": "Go-http-client/1.1",
                    "LOGIN_SUB_TYPE": "oauthrefreshtoken", "TIMESTAMP_DERIVED": "2023-12-18T05:48:31.655Z",
                    "USER_ID_DERIVED": "0055j00000AT6I1AAL", "CLIENT_IP": "Salesforce.com IP", "LOGIN_STATUS": "LOGIN_NO_ERROR",
                    "SOURCE_IP": "103.108.207.58", "USER_NAME": "a@b.c", "TLS_PROTOCOL": "TLSv1.2"]
        for (k, x) in v { base[k] = x }
        return evRow(h, base)
    }

    // MARK: Structure

    func testRowCountMismatchRejectedWithLineNumbers() {
        let short = Array(loginRow([:]).prefix(12))
        let long = loginRow([:]) + ["extra"]
        let (v, r) = evDecodeRows([h, loginRow([:]), short, long, loginRow([:])], path: "x/Login.csv")
        XCTAssertEqual(r.rows, 4)
        XCTAssertEqual(r.rowsAccepted, 2)
        XCTAssertEqual(v.auths.count, 2)
        XCTAssertEqual(r.rejectedRows, ["row has 12 fields, header has 28": 1, "row has 29 fields, header has 28": 1])
        let warnings = r.diagnostics.filter { $0.severity == .warning }
        XCTAssertEqual(warnings.map(\.line), [3, 4])
        XCTAssertEqual(warnings.first?.message, "row rejected: row has 12 fields, header has 28")
        XCTAssertEqual(warnings.first?.rendered, "x/Login.csv:3: warning: row rejected: row has 12 fields, header has 28")
    }

    func testRowDiagnosticsAreCapped() {
        var rows = [h]
        for _ in 0..<30 { rows.append(["Login", "x"]) }
        let (_, r) = evDecodeRows(rows)
        XCTAssertEqual(r.rowsRejected, 30)
        XCTAssertEqual(r.diagnostics.filter { $0.severity == .warning }.count, EventDecoder.maxRowDiagnostics)
        XCTAssertTrue(r.diagnostics.contains { $0.message == "10 more rejected rows not listed" })
    }

    func testRepeatedHeaderMidFileSkippedAndNotedOnce() {
        let (v, r) = evDecodeRows([h, loginRow([:]), h, loginRow(["REQUEST_ID": "req-2"]), h])
        XCTAssertEqual(r.rows, 2)
        XCTAssertEqual(r.repeatedHeaders, 2)
        XCTAssertEqual(v.auths.map(\.requestID), ["req-1", "req-2"])
        XCTAssertEqual(r.diagnostics.filter { $0.severity == .note && $0.message.contains("header line repeated") }.map(\.line), [3])
        XCTAssertTrue(r.rejectedRows.isEmpty)
        // A second file's header keeps its BOM when files are concatenated: still a header.
        var withBOM = h
        withBOM[0] = "\u{FEFF}" + withBOM[0]
        let (_, concatenated) = evDecodeRows([h, loginRow([:]), withBOM, loginRow(["REQUEST_ID": "req-2"])])
        XCTAssertEqual(concatenated.repeatedHeaders, 1)
        XCTAssertEqual(concatenated.rows, 2)
    }

    func testForeignEventTypesRejectedOrDispatched() {
        var logoutAsLogin = loginRow([:])
        logoutAsLogin[0] = "Logout"
        var strange = loginRow([:])
        strange[0] = "HostnameRedirects"
        let (v, r) = evDecodeRows([h, loginRow([:]), strange, logoutAsLogin, strange])
        XCTAssertEqual(r.kind, .login)
        XCTAssertEqual(r.rejectedRows, ["EVENT_TYPE HostnameRedirects in a Login file": 2, "EVENT_TYPE Logout in a Login file": 1])
        XCTAssertEqual(r.unknownEventTypes, ["HostnameRedirects": 2])
        XCTAssertEqual(v.auths.count, 1)
        XCTAssertEqual(v.logouts.count, 0, "a Logout row under a Login header cannot be read")
        XCTAssertEqual(r.rowsByKind, [.login: 1])

        // A RestApi header whose first row says API: rows saying RestApi match the header and are dispatched as RestApi.
        let rh = EvHeaders.restApi
        let (v2, r2) = evDecodeRows([rh, evRow(rh, ["EVENT_TYPE": "API", "TIMESTAMP": "20250101000000"]),
                                     evRow(rh, ["EVENT_TYPE": "RestApi", "TIMESTAMP": "20250101000001"])])
        XCTAssertEqual(r2.kind, .api)
        XCTAssertEqual(v2.apiCalls.map(\.kind), [.api, .restApi])
        XCTAssertEqual(r2.rowsByKind, [.api: 1, .restApi: 1])
    }

    func testNoParseableTimeRejected() {
        let bad = loginRow(["TIMESTAMP": "TIMESTAMP", "TIMESTAMP_DERIVED": "not a time"])
        let onlyELF = loginRow(["TIMESTAMP_DERIVED": ""])
        let (v, r) = evDecodeRows([h, bad, onlyELF])
        XCTAssertEqual(r.rejectedRows, ["no parseable TIMESTAMP": 1])
        XCTAssertEqual(r.unparsedValues["TIMESTAMP"], 1)
        XCTAssertEqual(r.unparsedValues["TIMESTAMP_DERIVED"], 1)
        XCTAssertEqual(v.auths.map(\.time), [evTime(2023, 12, 18, 5, 48, 31, 655)])
        // TIMESTAMP_DERIVED is preferred; a bad one falls back to TIMESTAMP.
        let (v2, _) = evDecodeRows([h, loginRow(["TIMESTAMP": "20231218054831.655", "TIMESTAMP_DERIVED": "2023-12-18T05:48:31.999Z"]),
                                    loginRow(["TIMESTAMP": "20231218054831.6", "TIMESTAMP_DERIVED": "2023-13-18T05:48:31.999Z"])])
        XCTAssertEqual(v2.auths.map(\.time), [evTime(2023, 12, 18, 5, 48, 31, 999), evTime(2023, 12, 18, 5, 48, 31, 600)])
    }

    // MARK: Login mapping

    func testLoginFieldMapping() {
        let (v, r) = evDecodeRows([h, loginRow(["USER_NAME": "integration@example.com", "BROWSER_TYPE": "Go-http-client/1.1"])], fileID: 3)
        let a = try! XCTUnwrap(v.auths.first)
        XCTAssertEqual(a.source, .eventLogLogin)
        XCTAssertEqual(a.time, evTime(2023, 12, 18, 5, 48, 31, 655))
        XCTAssertEqual(a.user?.description, "0055j00000AT6I1AAL")
        XCTAssertNil(a.rawUser)
        XCTAssertEqual(a.userName, "integration@example.com")
        XCTAssertEqual(a.sourceAddress, .address(IPAddress("103.108.207.58")!))
        XCTAssertEqual(a.userAgent, "Go-http-client/1.1")
        XCTAssertEqual(a.loginKey, "lk1")
        XCTAssertEqual(a.requestID, "req-1")
        XCTAssertEqual(a.flow, .refreshToken)
        XCTAssertEqual(a.loginType, "i")
        XCTAssertEqual(a.status, "LOGIN_NO_ERROR")
        XCTAssertTrue(a.succeeded)
        XCTAssertNil(a.application)
        XCTAssertEqual(a.tlsProtocol, "TLSv1.2")
        XCTAssertNil(a.countryCode)
        XCTAssertEqual(a.location, RowLocation(file: 3, line: 2))
        XCTAssertEqual(r.eventsEmitted, 1)
        XCTAssertEqual(r.firstTime, a.time)
        XCTAssertEqual(r.lastTime, a.time)
        XCTAssertEqual(r.hours, [a.time.hourIndex])
    }

    /// The raw user kept for a login without a parseable id: `USER_ID_DERIVED` when it has a value,
    /// else `USER_ID`; an empty `USER_ID` is counted only when `USER_ID_DERIVED` is empty too.
    func testRawUserPrefersTheDerivedColumnAndEmptyUserIDCounts() {
        let rows = [h,
                    loginRow(["USER_ID_DERIVED": "anon-derived", "USER_ID": "anon-plain"]),
                    loginRow(["USER_ID_DERIVED": "anon-derived", "USER_ID": ""]),
                    loginRow(["USER_ID_DERIVED": "", "USER_ID": ""]),
                    loginRow(["USER_ID_DERIVED": "", "USER_ID": "0055j00000AT6IaAAM"])]
        let (v, r) = evDecodeRows(rows)
        XCTAssertEqual(v.auths.map(\.rawUser), ["anon-derived", "anon-derived", nil, nil])
        XCTAssertEqual(v.auths.map(\.user), [nil, nil, nil, SalesforceID("0055j00000AT6IaAAM")])
        XCTAssertEqual(r.unparsedValues["USER_ID_DERIVED"], 2)
        XCTAssertEqual(r.unparsedValues["USER_ID"], 1)
        XCTAssertEqual(r.emptyValues["USER_ID"], 1, "only the row whose USER_ID_DERIVED is empty as well")
    }

    func testLoginSourceAddressFallbacksAndPlaceholders() {
        let rows = [h,
                    loginRow(["SOURCE_IP": "", "CLIENT_IP": "Salesforce.com IP"]),
                    loginRow(["SOURCE_IP": "", "CLIENT_IP": "198.51.100.1"]),
                    loginRow(["SOURCE_IP": "w.x.y.z", "USER_ID": "USER_ID", "USER_ID_DERIVED": "USER_ID"]),
                    loginRow(["SOURCE_IP": "", "CLIENT_IP": ""]),
                    loginRow(["SOURCE_IP": "2001:db8::1", "USER_ID_DERIVED": "", "USER_ID": "0055j00000AT6I"])]
        let (v, r) = evDecodeRows(rows)
        XCTAssertEqual(v.auths.map(\.sourceAddress), [.salesforceInternal, .address(IPAddress("198.51.100.1")!), .unparsed("w.x.y.z"),
                                                     .empty, .address(IPAddress("2001:db8::1")!)])
        XCTAssertEqual(v.auths[2].rawUser, "USER_ID")
        XCTAssertNil(v.auths[2].user)
        XCTAssertEqual(v.auths[4].rawUser, "0055j00000AT6I", "odd-length id kept raw")
        XCTAssertEqual(r.unparsedValues["SOURCE_IP"], 1)
        XCTAssertEqual(r.unparsedValues["USER_ID"], 2)
        XCTAssertEqual(r.unparsedValues["USER_ID_DERIVED"], 1)
        XCTAssertEqual(r.emptyValues["CLIENT_IP"], 1)
        XCTAssertEqual(r.rowsAccepted, 5, "unparsed values never reject a row")
    }

    func testFlowClassification() {
        let cases: [(sub: String, uri: String, type: String, flow: GrantFlow?)] = [
            ("oauthrefreshtoken", "/services/oauth2/token", "i", .refreshToken),
            ("OAuth Refresh Token", "/services/oauth2/token", "i", .refreshToken),
            ("oauthhybridrefreshtoken", "/services/oauth2/token", "i", .refreshToken),
            ("OAuth Refresh Token for Hybrid Apps", "", "", .refreshToken),
            ("oauthpassword", "/services/oauth2/token", "A", .otherOAuth),
            ("oauthhybridtoken", "/services/oauth2/token", "i", .otherOAuth),
            ("oauthclientcredential", "/services/oauth2/token", "i", .otherOAuth),
            ("oauthcode", "/services/oauth2/authorize", "A", .otherOAuth),
            ("", "/services/oauth2/token", "i", .unknownOAuth),
            ("", "/services/oauth2/token", "A", .unknownOAuth),
            ("", "/index.jsp", "i", .unknownOAuth),
            ("", "/index.jsp", "A", nil),
            ("", "/secur/frontdoor.jsp", "R", nil),
        ]
        for c in cases {
            let (v, r) = evDecodeRows([h, loginRow(["LOGIN_SUB_TYPE": c.sub, "URI": c.uri, "LOGIN_TYPE": c.type])])
            XCTAssertEqual(v.auths.first?.flow, c.flow, "\(c)")
            XCTAssertEqual(r.nonOAuthLogins, c.flow == nil ? 1 : 0, "\(c)")
            XCTAssertEqual(r.rowsAccepted, 1)
        }
        // A 2021 file (no LOGIN_SUB_TYPE column): token URI => unknownOAuth.
        let old = EvHeaders.login2021
        let (v, _) = evDecodeRows([old, evRow(old, ["EVENT_TYPE": "Login", "TIMESTAMP": "20211102121044.225", "URI": "/services/oauth2/token",
                                                    "LOGIN_STATUS": "LOGIN_OAUTH_INVALID_TOKEN", "SOURCE_IP": "35.168.189.83"])])
        XCTAssertEqual(v.auths.first?.flow, .unknownOAuth)
        XCTAssertEqual(v.auths.first?.succeeded, false)
        XCTAssertEqual(v.auths.first?.status, "LOGIN_OAUTH_INVALID_TOKEN")
    }

    func testIDNormalisationUserIDVersusDerived() {
        let (v, r) = evDecodeRows([h,
                                   loginRow(["USER_ID": "0055j000000utlP", "USER_ID_DERIVED": ""]),
                                   loginRow(["USER_ID": "0055j000000utlP", "USER_ID_DERIVED": "0055j000000utlPAAQ"]),
                                   loginRow(["USER_ID": "", "USER_ID_DERIVED": "0055j000000utlPAAQ"])])
        XCTAssertEqual(v.auths.count, 3)
        XCTAssertEqual(Set(v.auths.compactMap(\.user)), [evID("0055j000000utlPAAQ")])
        XCTAssertEqual(v.auths[0].user?.description, "0055j000000utlPAAQ")
        XCTAssertTrue(r.unparsedValues.isEmpty)
    }

    // MARK: Exports

    func testLoginHistoryMapping() {
        let lh = EvHeaders.loginHistory
        let rows = [lh,
                    evRow(lh, ["Id": "0Ya5j00000ABCDE", "UserId": "0055j00000AT6I1AAL", "LoginTime": "2025-07-29T00:14:19.000+0000",
                               "LoginType": "Remote Access 2.0", "LoginSubType": "OAuth Refresh Token", "SourceIp": "203.0.113.9",
                               "Status": "Success", "Application": "Data Loader", "Browser": "Unknown", "TlsProtocol": "TLS 1.3",
                               "CountryIso": "DE"]),
                    evRow(lh, ["Id": "0Ya5j00000ABCDF", "UserId": "0055j00000AT6I1", "LoginTime": "2025-07-29T00:15:00.000+0000",
                               "LoginType": "Remote Access 2.0", "LoginSubType": "", "SourceIp": "203.0.113.9",
                               "Status": "Failed: Invalid Token", "Application": "Data Loader"]),
                    evRow(lh, ["Id": "0Ya5j00000ABCDG", "UserId": "0055j00000AT6I1", "LoginTime": "2025-07-29T00:16:00.000+0000",
                               "LoginType": "Application", "SourceIp": "203.0.113.10", "Status": "Success", "Application": "Browser"]),
                    evRow(lh, ["Id": "0Ya5j00000ABCDH", "UserId": "0055j00000AT6I1", "LoginTime": "2025-07-29T00:17:00.000+0000",
                               "LoginType": "Remote Access Client", "SourceIp": "203.0.113.11", "Status": "Success"])]
        let (v, r) = evDecodeRows(rows)
        XCTAssertEqual(r.kind, .loginHistory)
        XCTAssertEqual(v.auths.count, 3)
        XCTAssertEqual(r.nonOAuthLogins, 1)
        let a = v.auths[0]
        XCTAssertEqual(a.source, .loginHistory)
        XCTAssertEqual(a.time, evTime(2025, 7, 29, 0, 14, 19))
        XCTAssertEqual(a.user, evID("0055j00000AT6I1"))
        XCTAssertEqual(a.requestID, "0Ya5j00000ABCDE")
        XCTAssertEqual(a.flow, .refreshToken)
        XCTAssertTrue(a.succeeded)
        XCTAssertEqual(a.application, "Data Loader")
        XCTAssertEqual(a.userAgent, "Unknown")
        XCTAssertEqual(a.sourceAddress.ip, IPAddress("203.0.113.9"))
        XCTAssertEqual(a.loginType, "Remote Access 2.0")
        XCTAssertEqual(a.tlsProtocol, "TLS 1.3")
        XCTAssertEqual(a.countryCode, "DE")
        XCTAssertNil(a.loginKey)
        XCTAssertEqual(v.auths[1].flow, .unknownOAuth)
        XCTAssertFalse(v.auths[1].succeeded)
        XCTAssertEqual(v.auths[1].status, "Failed: Invalid Token")
        XCTAssertEqual(v.auths[2].loginType, "Remote Access Client")
    }

    func testLoginEventMapping() {
        let le = EvHeaders.loginEvent
        let (v, r) = evDecodeRows([le, evRow(le, ["EventDate": "2025-10-01T11:00:17.912Z", "UserId": "0055j00000AT6I1AAL",
                                                  "Username": "user@example.com", "LoginKey": "bY5Wfv8t/Ith7WVE", "SourceIp": "103.108.207.58",
                                                  "Application": "Gearset", "LoginType": "Remote Access 2.0",
                                                  "LoginSubType": "OAuth Refresh Token", "Status": "Success", "Browser": "Gearset/1.0"])])
        XCTAssertEqual(r.kind, .loginEvent)
        let a = try! XCTUnwrap(v.auths.first)
        XCTAssertEqual(a.source, .loginEvent)
        XCTAssertEqual(a.loginKey, "bY5Wfv8t/Ith7WVE")
        XCTAssertEqual(a.userName, "user@example.com")
        XCTAssertEqual(a.application, "Gearset")
        XCTAssertEqual(a.time, evTime(2025, 10, 1, 11, 0, 17, 912))
        XCTAssertEqual(a.flow, .refreshToken)
        XCTAssertTrue(a.succeeded)
        XCTAssertEqual(a.userAgent, "Gearset/1.0")
    }

    /// A row with no bytes at all (every field empty, so a record without storage) still decodes,
    /// its empty values counted per column.
    func testRowOfEmptyFieldsDecodes() {
        let ot = EvHeaders.oauthToken
        let (v, r) = evDecodeRows([ot, ot.map { _ in "" }])
        XCTAssertEqual(v.holdings, [TokenHolding(appName: "", user: nil, useCount: nil, lastUsed: nil, created: nil,
                                                 location: RowLocation(file: 7, line: 2))])
        XCTAssertEqual(r.emptyValues["UserId"], 1)
        XCTAssertEqual(r.rowsAccepted, 1)
    }

    func testOauthTokenConnectedApplicationAndPermissionSetAssignment() {
        let ot = EvHeaders.oauthToken
        let (v, r) = evDecodeRows([ot,
                                   evRow(ot, ["Id": "0CQ5j000000AAAA", "AppName": "Data Loader", "UserId": "0055j00000AT6I1", "UseCount": "17",
                                              "LastUsedDate": "2025-07-29T00:14:19.000+0000", "CreatedDate": "2024-01-02T03:04:05.000+0000"]),
                                   evRow(ot, ["AppName": "Old App", "UserId": "0055j00000AT6I1", "UseCount": "", "LastUsedDate": "yesterday"])])
        XCTAssertEqual(r.kind, .oauthToken)
        XCTAssertEqual(v.holdings.count, 2)
        XCTAssertEqual(v.holdings[0], TokenHolding(appName: "Data Loader", user: evID("0055j00000AT6I1"), useCount: 17,
                                                   lastUsed: evTime(2025, 7, 29, 0, 14, 19), created: evTime(2024, 1, 2, 3, 4, 5),
                                                   location: RowLocation(file: 7, line: 2)))
        XCTAssertNil(v.holdings[1].useCount)
        XCTAssertNil(v.holdings[1].lastUsed)
        XCTAssertEqual(r.unparsedValues["LastUsedDate"], 1)

        let (v2, r2) = evDecodeRows([["Id", "Name"], ["0H45j000000XyZ1", "Data Loader"], ["0H45j000000XyZ1AAA", "Same App"], ["bogus", "X"]])
        XCTAssertEqual(r2.kind, .connectedApplication)
        XCTAssertEqual(v2.apps.map(\.0), [evID("0H45j000000XyZ1"), evID("0H45j000000XyZ1")], "a damaged 18-char suffix is repaired")
        XCTAssertEqual(v2.apps.map(\.1), ["Data Loader", "Same App"])
        XCTAssertEqual(r2.unparsedValues["Id"], 1)

        let ps = EvHeaders.permissionSetAssignment
        let (v3, r3) = evDecodeRows([ps,
                                     evRow(ps, ["Id": "0Pa1", "AssigneeId": "0055j00000AT6I1", "PermissionSet.Name": "Admin",
                                                "PermissionSet.PermissionsModifyAllData": "TRUE", "PermissionSet.PermissionsViewAllData": "true",
                                                "PermissionSet.PermissionsManageUsers": "false", "PermissionSet.PermissionsApiEnabled": "True"]),
                                     evRow(ps, ["AssigneeId": "0055j000000utlP", "PermissionSet.PermissionsModifyAllData": "maybe"])])
        XCTAssertEqual(r3.kind, .permissionSetAssignment)
        XCTAssertEqual(v3.privileges, [
            PrivilegeGrant(assignee: evID("0055j00000AT6I1"), modifyAllData: true, viewAllData: true, manageUsers: false, apiEnabled: true),
            PrivilegeGrant(assignee: evID("0055j000000utlP"), modifyAllData: false, viewAllData: false, manageUsers: false, apiEnabled: false),
        ])
        XCTAssertEqual(r3.unparsedValues["PermissionSet.PermissionsModifyAllData"], 1)
        XCTAssertTrue(r3.unknownColumns.isEmpty)
    }

    // MARK: API activity

    func testRestApiMapping() {
        let hh = EvHeaders.restApi
        let (v, r) = evDecodeRows([hh, evRow(hh, [
            "EVENT_TYPE": "RestApi", "TIMESTAMP": "20251001110018.1", "REQUEST_ID": "rq", "USER_ID": "0055j00000AT6I1",
            "URI": "/services/data/v60.0/query", "SESSION_KEY": "sk", "LOGIN_KEY": "lk", "USER_AGENT": "5", "METHOD": "GET",
            "QUERY": "SELECT Id FROM Contact", "ENTITY_NAME": "Contact", "ROWS_PROCESSED": "1200", "RESPONSE_SIZE": "98765",
            "STATUS_CODE": "200", "CONNECTED_APP_ID": "0H45j000000XyZ1", "CLIENT_IP": "203.0.113.5"])], fileID: 9)
        XCTAssertEqual(r.kind, .restApi)
        let c = try! XCTUnwrap(v.apiCalls.first)
        XCTAssertEqual(c.kind, .restApi)
        XCTAssertEqual(c.time, evTime(2025, 10, 1, 11, 0, 18, 100))
        XCTAssertEqual(c.user?.description, "0055j00000AT6I1AAL")
        XCTAssertEqual(c.clientAddress.ip, IPAddress("203.0.113.5"))
        XCTAssertEqual(c.loginKey, "lk")
        XCTAssertEqual(c.sessionKey, "sk")
        XCTAssertEqual(c.connectedAppID, SalesforceID("0H45j000000XyZ1"))
        XCTAssertEqual(c.connectedAppID?.description.count, 18)
        XCTAssertEqual(c.resource, "/services/data/v60.0/query")
        XCTAssertEqual(c.method, "GET")
        XCTAssertEqual(c.query, "SELECT Id FROM Contact")
        XCTAssertEqual(c.entity, "Contact")
        XCTAssertEqual(c.rowsProcessed, 1200)
        XCTAssertEqual(c.responseBytes, 98765)
        XCTAssertEqual(c.statusCode, 200)
        XCTAssertEqual(c.clientName, "5")
        XCTAssertEqual(c.requestID, "rq")
        XCTAssertEqual(c.location, RowLocation(file: 9, line: 2))
        XCTAssertTrue(v.apps.isEmpty, "RestApi rows have no app name")
    }

    /// An API row's view keeps CLIENT_IP as an IP or raw text and builds `clientAddress` from them:
    /// each kind of value, and the column's unparsed count, as for the other event types.
    func testApiClientAddressKinds() {
        let hh = EvHeaders.restApi
        let ips = ["203.0.113.5", "2001:DB8::a", "Salesforce.com IP", "w.x.y.z", ""]
        let rows = ips.map { evRow(hh, ["EVENT_TYPE": "RestApi", "TIMESTAMP": "20251001110018.1", "CLIENT_IP": $0]) }
        let (v, r) = evDecodeRows([hh] + rows)
        XCTAssertEqual(v.apiCalls.map(\.clientAddress), [.address(IPAddress("203.0.113.5")!),
                                                         .address(IPAddress(v6High: 0x2001_0db8_0000_0000, v6Low: 0xa)),
                                                         .salesforceInternal, .unparsed("w.x.y.z"), .empty])
        XCTAssertEqual(r.unparsedValues["CLIENT_IP"], 1)
    }

    func testApiTotalUsageMappingAndAppDirectoryOncePerID() {
        let hh = EvHeaders.apiTotalUsage
        func r(_ app: String, _ name: String, _ ts: String) -> [String] {
            evRow(hh, ["EVENT_TYPE": "ApiTotalUsage", "TIMESTAMP": ts, "USER_ID": "0055j00000AT6I1", "API_FAMILY": "REST",
                       "API_RESOURCE": "/v60.0/sobjects/Account", "CLIENT_NAME": "Workbench", "HTTP_METHOD": "POST",
                       "CLIENT_IP": "Salesforce.com IP", "CONNECTED_APP_ID": app, "CONNECTED_APP_NAME": name,
                       "ENTITY_NAME": "Account", "STATUS_CODE": "201", "USER_NAME": "u@x.y"])
        }
        let (v, rep) = evDecodeRows([hh, r("0H45j000000XyZ1AAA", "Workbench", "20251001110000.000"),
                                     r("0H45j000000XyZ1", "Workbench", "20251001110001.000"),
                                     r("888000000000001", "Salesforce Internal", "20251001110002.000"),
                                     r("", "", "20251001110003.000"),
                                     r("0H4bad", "Broken", "20251001110004.000")])
        XCTAssertEqual(rep.kind, .apiTotalUsage)
        XCTAssertEqual(v.apiCalls.count, 5)
        XCTAssertEqual(v.apps.map(\.1), ["Workbench", "Salesforce Internal"])
        XCTAssertEqual(v.apps.first?.0, SalesforceID("0H45j000000XyZ1"))
        XCTAssertEqual(v.apiCalls[2].connectedAppID?.description.prefix(3), "888")
        let c = v.apiCalls[0]
        XCTAssertEqual(c.resource, "/v60.0/sobjects/Account")
        XCTAssertEqual(c.method, "POST")
        XCTAssertEqual(c.clientName, "Workbench")
        XCTAssertEqual(c.connectedAppName, "Workbench")
        XCTAssertEqual(c.entity, "Account")
        XCTAssertEqual(c.statusCode, 201)
        XCTAssertEqual(c.clientAddress, .salesforceInternal)
        XCTAssertEqual(c.loginKey, "")
        XCTAssertNil(v.apiCalls[4].connectedAppID)
        XCTAssertEqual(rep.unparsedValues["CONNECTED_APP_ID"], 1)
        XCTAssertEqual(rep.eventsEmitted, 7)
    }

    /// A renamed app's rows carry two names in one file: the store keeps the smallest, so the
    /// decoder must send it whatever row comes first (it used to send only the first name).
    func testAppNameSentIsTheSmallestWhateverTheRowOrder() {
        let hh = EvHeaders.apiTotalUsage
        func r(_ name: String, _ ts: String) -> [String] {
            evRow(hh, ["EVENT_TYPE": "ApiTotalUsage", "TIMESTAMP": ts, "USER_ID": "0055j00000AT6I1", "API_FAMILY": "REST",
                       "API_RESOURCE": "/v60.0/sobjects/Account", "CLIENT_NAME": "Workbench", "HTTP_METHOD": "GET",
                       "CLIENT_IP": "52.4.10.11", "CONNECTED_APP_ID": "0H45j000000XyZ1", "CONNECTED_APP_NAME": name,
                       "ENTITY_NAME": "Account", "STATUS_CODE": "200", "USER_NAME": "u@x.y"])
        }
        let rows = [r("Zeta Sync", "20251001110000.000"), r("Alpha Sync", "20251001110001.000"),
                    r("Zeta Sync", "20251001110002.000"), r("Alpha Sync", "20251001110003.000")]
        let (v, _) = evDecodeRows([hh] + rows)
        XCTAssertEqual(v.apps.map(\.1), ["Zeta Sync", "Alpha Sync"], "each new smallest name is sent once")
        for order in [rows, rows.reversed(), [rows[1], rows[0], rows[2], rows[3]]] {
            var store = EvidenceStore()
            for (id, name) in evDecodeRows([hh] + order).0.apps { store.visit(appDirectoryID: id, name: name) }
            XCTAssertEqual(store.appNames[SalesforceID("0H45j000000XyZ1")!], "Alpha Sync")
        }
    }

    /// The names sent over random rows against a model without `SettledAppNames`: a name is sent
    /// when its id has none yet or it is smaller than every name sent for that id. Enough ids to
    /// share slots, names past the memo's 32 bytes and names that are prefixes of others.
    func testAppNamesSentMatchTheSmallestNameModel() {
        let hh = EvHeaders.apiTotalUsage
        var rng = ReadingTestSupport.SplitMix64(seed: 256)
        func appID(_ i: Int) -> String { let d = String(i); return "0H45j" + String(repeating: "0", count: 10 - d.count) + d }
        let ids = (0..<600).map(appID)
        let names = ["Gong", "Gong ", "Gong2", "Alpha Sync", "Zeta", "", "A", String(repeating: "x", count: 32),
                     String(repeating: "x", count: 33), String(repeating: "x", count: 31) + "y", String(repeating: "w", count: 40)]
        var rows: [[String]] = [hh]
        var smallest: [String: String] = [:]
        var expected: [(String, String)] = []
        for i in 0..<6_000 {
            let id = ids[Int(rng.next() % (i < 3_000 ? 40 : 600))], name = names[Int(rng.next() % UInt64(names.count))]
            rows.append(evRow(hh, ["EVENT_TYPE": "ApiTotalUsage", "TIMESTAMP": "20251001110000.000", "CONNECTED_APP_ID": id,
                                   "CONNECTED_APP_NAME": name]))
            if !name.isEmpty, smallest[id].map({ name < $0 }) ?? true {
                smallest[id] = name
                expected.append((SalesforceID(id)!.description, name))
            }
        }
        let sent = evDecodeRows(rows).0.apps.map { ($0.0.description, $0.1) }
        XCTAssertEqual(sent.map(\.0), expected.map(\.0))
        XCTAssertEqual(sent.map(\.1), expected.map(\.1))
    }

    func testSettledAppNamesHoldsExactPairsOnly() {
        var memo = SettledAppNames()
        let a = SalesforceID("0H45j000000XyZ1")!, b = SalesforceID("0H45j000000XyZ2")!
        func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
        XCTAssertFalse(bytes("Gong").withUnsafeBytes { memo.contains(a, $0) })
        bytes("Gong").withUnsafeBytes { memo.insert(a, $0) }
        XCTAssertTrue(bytes("Gong").withUnsafeBytes { memo.contains(a, $0) })
        for other in ["Gon", "Gong ", "gong", "Gonh", ""] {
            XCTAssertFalse(bytes(other).withUnsafeBytes { memo.contains(a, $0) }, other)
        }
        XCTAssertFalse(bytes("Gong").withUnsafeBytes { memo.contains(b, $0) })
        let long = String(repeating: "n", count: SettledAppNames.maxNameBytes + 1)
        bytes(long).withUnsafeBytes { memo.insert(b, $0) }
        XCTAssertFalse(bytes(long).withUnsafeBytes { memo.contains(b, $0) }, "longer names are not remembered")
        let full = String(repeating: "n", count: SettledAppNames.maxNameBytes)
        bytes(full).withUnsafeBytes { memo.insert(b, $0) }
        XCTAssertTrue(bytes(full).withUnsafeBytes { memo.contains(b, $0) })
        // Ids sharing a slot displace each other; the displaced pair is simply not held.
        var slotMates: [SalesforceID] = []
        for i in 0..<5_000 where slotMates.count < 2 {
            let d = String(i)
            let id = SalesforceID("0H45j" + String(repeating: "0", count: 10 - d.count) + d)!
            if id.mixWord >> 56 == a.mixWord >> 56 && id != a { slotMates.append(id) }
        }
        XCTAssertEqual(slotMates.count, 2)
        bytes("Gong").withUnsafeBytes { memo.insert(slotMates[0], $0) }
        XCTAssertFalse(bytes("Gong").withUnsafeBytes { memo.contains(a, $0) })
        XCTAssertTrue(bytes("Gong").withUnsafeBytes { memo.contains(slotMates[0], $0) })
        XCTAssertFalse(bytes("Gong").withUnsafeBytes { memo.contains(slotMates[1], $0) })
    }

    func testAPIBulkApiRequestUniqueQueryURILoginAsMapping() {
        let api = EvHeaders.api
        let (v1, _) = evDecodeRows([api, evRow(api, ["EVENT_TYPE": "API", "TIMESTAMP": "20251001110000", "METHOD_NAME": "query",
                                                     "ENTITY_NAME": "Account", "ROWS_PROCESSED": "7", "QUERY": "SELECT Name FROM Account",
                                                     "CLIENT_NAME": "DataLoaderBulkUI/", "LOGIN_KEY": "lk", "USER_ID": "0055j00000AT6I1"])])
        XCTAssertEqual(v1.apiCalls.first?.kind, .api)
        XCTAssertEqual(v1.apiCalls.first?.method, "query")
        XCTAssertEqual(v1.apiCalls.first?.rowsProcessed, 7)
        XCTAssertEqual(v1.apiCalls.first?.query, "SELECT Name FROM Account")
        XCTAssertEqual(v1.apiCalls.first?.clientName, "DataLoaderBulkUI/")

        let br = EvHeaders.bulkApiRequest
        let (v2, _) = evDecodeRows([br, evRow(br, ["EVENT_TYPE": "BulkApiRequest", "TIMESTAMP": "20251001110000", "URI": "/services/async/60.0/job",
                                                   "REQUEST_PATH": "/services/async/60.0/job/750xx/batch", "HTTP_METHOD": "POST",
                                                   "ENTITY_TYPE": "Contact", "ROWS_PROCESSED": "10000", "CONNECTED_APP_ID": "0H45j000000XyZ1AAA",
                                                   "JOB_ID": "750xx"])])
        XCTAssertEqual(v2.apiCalls.first?.kind, .bulkApiRequest)
        XCTAssertEqual(v2.apiCalls.first?.resource, "/services/async/60.0/job/750xx/batch")
        XCTAssertEqual(v2.apiCalls.first?.method, "POST")
        XCTAssertEqual(v2.apiCalls.first?.entity, "Contact")
        XCTAssertEqual(v2.apiCalls.first?.rowsProcessed, 10000)
        XCTAssertNotNil(v2.apiCalls.first?.connectedAppID)

        let uq = EvHeaders.uniqueQuery
        let (v3, _) = evDecodeRows([uq, evRow(uq, ["EVENT_TYPE": "UniqueQuery", "TIMESTAMP_DERIVED": "2025-10-01T11:00:00.000Z",
                                                   "QUERY": "SELECT Id FROM User", "LOGIN_KEY": "lk"])])
        XCTAssertEqual(v3.apiCalls.first?.kind, .uniqueQuery)
        XCTAssertEqual(v3.apiCalls.first?.query, "SELECT Id FROM User")

        let u = EvHeaders.uri
        let (v4, _) = evDecodeRows([u, evRow(u, ["EVENT_TYPE": "URI", "TIMESTAMP": "20251001110000", "URI": "/lightning/setup/ConnectedApplication/home",
                                                 "CLIENT_IP": "198.51.100.2"])])
        XCTAssertEqual(v4.apiCalls.first?.kind, .uri)
        XCTAssertEqual(v4.apiCalls.first?.resource, "/lightning/setup/ConnectedApplication/home")

        let la = EvHeaders.loginAs
        let (v5, r5) = evDecodeRows([la, evRow(la, ["EVENT_TYPE": "LoginAs", "TIMESTAMP": "20251001110000", "URI": "/servlet/servlet.su",
                                                    "DELEGATED_USER_ID": "0055j000000utlP", "USER_ID": "0055j00000AT6I1"])])
        XCTAssertEqual(v5.apiCalls.first?.kind, .loginAs)
        XCTAssertEqual(v5.apiCalls.first?.user, evID("0055j00000AT6I1"))
        XCTAssertTrue(r5.unknownColumns.isEmpty)
    }

    func testBulkApi2AndLogoutMapping() {
        let b = EvHeaders.bulkApi2
        let (v, _) = evDecodeRows([b, evRow(b, ["EVENT_TYPE": "BulkApi2", "TIMESTAMP": "20251001110000.5", "USER_ID": "0055j00000AT6I1",
                                                "LOGIN_KEY": "lk", "JOB_ID": "750xx000000001", "OPERATION_TYPE": "queryAll",
                                                "ENTITY_TYPE": "Contact", "JOB_STATUS": "JobComplete", "RECORDS_PROCESSED": "250000",
                                                "CLIENT_IP": "203.0.113.5"])])
        let j = try! XCTUnwrap(v.bulkJobs.first)
        XCTAssertEqual(j.status, "jobcomplete")
        XCTAssertEqual(j.operation, "queryAll")
        XCTAssertEqual(j.entity, "Contact")
        XCTAssertEqual(j.jobID, "750xx000000001")
        XCTAssertEqual(j.recordsProcessed, 250000)
        XCTAssertEqual(j.loginKey, "lk")
        XCTAssertEqual(j.clientAddress.ip, IPAddress("203.0.113.5"))
        XCTAssertEqual(j.time, evTime(2025, 10, 1, 11, 0, 0, 500))

        let lo = EvHeaders.logout
        let (v2, _) = evDecodeRows([lo,
                                    evRow(lo, ["EVENT_TYPE": "Logout", "TIMESTAMP": "20251001130000", "APP_TYPE": "2514", "SESSION_TYPE": "P", "LOGIN_KEY": "lk"]),
                                    evRow(lo, ["EVENT_TYPE": "Logout", "TIMESTAMP": "20251001130000", "APP_TYPE": "", "SESSION_TYPE": "O"]),
                                    evRow(lo, ["EVENT_TYPE": "Logout", "TIMESTAMP": "20251001130000", "APP_TYPE": "1000", "SESSION_TYPE": "U"])])
        XCTAssertEqual(v2.logouts.map(\.isOAuth), [true, true, false])
        XCTAssertEqual(v2.logouts.first?.loginKey, "lk")
        XCTAssertNil(v2.logouts[1].loginKey)
        XCTAssertNil(v2.logouts[1].user)
    }

    // MARK: Fingerprints

    func testDuplicateFingerprintIsOrderIndependentAndSplitsByHour() {
        let rows = (0..<10).map { i in
            loginRow(["REQUEST_ID": "req-\(i)", "TIMESTAMP_DERIVED": "2023-12-18T0\(i / 4):\(10 + i):00.000Z"])
        }
        let (_, daily) = evDecodeRows([h] + rows, path: "daily.csv")
        let (_, shuffled) = evDecodeRows([h] + rows.reversed(), path: "other.csv")
        XCTAssertEqual(daily.fingerprint, shuffled.fingerprint)
        XCTAssertEqual(daily.hours.count, 3)
        XCTAssertEqual(daily.fingerprint.values.map(\.rows).reduce(0, +), 10)
        // Hourly files: each hour's fingerprint equals the daily file's for that hour.
        for hourRows in [Array(rows[0..<4]), Array(rows[4..<8]), Array(rows[8..<10])] {
            let (_, hourly) = evDecodeRows([h] + hourRows.shuffled(), path: "hourly.csv")
            XCTAssertEqual(hourly.hours.count, 1)
            let hour = hourly.hours.first!
            XCTAssertTrue(hourly.sameRows(as: daily, inHour: hour))
        }
        // A changed row changes the fingerprint.
        var changed = rows
        changed[0][2] = "req-X"
        let (_, other) = evDecodeRows([h] + changed)
        XCTAssertNotEqual(other.fingerprint, daily.fingerprint)
        // Rows of the same length whose fields differ only in boundaries hash differently.
        let a = CSVRecord.withRecord(["ab", "c"]) { EventDecoder.rowHash($0) }
        let b = CSVRecord.withRecord(["a", "bc"]) { EventDecoder.rowHash($0) }
        XCTAssertNotEqual(a, b)
    }

    func testNumericParsing() {
        let cases: [(String, Int64?)] = [("0", 0), ("42", 42), ("-7", -7), ("12.0", 12), ("", nil), ("x", nil),
                                         ("1e5", nil), ("99999999999999999999", nil), ("+3", 3),
                                         ("999999999999999999", 999_999_999_999_999_999), ("9223372036854775807", Int64.max),
                                         ("9223372036854775808", nil), ("-9223372036854775807", -Int64.max),
                                         ("0009223372036854775807", Int64.max), ("1000000000000000000.5", 1_000_000_000_000_000_000)]
        for (s, want) in cases {
            XCTAssertEqual(Array(s.utf8).withUnsafeBytes { EventBytes.int64($0) }, want, s)
        }
    }

    /// `int64` against the standard library's parser, around the 18 digits it reads unchecked and
    /// the overflow beyond: optional sign, digits, an optional fraction, any byte damaged.
    func testNumericParsingAgreesWithTheStandardLibrary() {
        func reference(_ s: String) -> Int64? {
            let parts = s.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 && !parts[1].allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
            var integer = Substring(parts[0])
            let negative = integer.first == "-"
            if integer.first == "-" || integer.first == "+" { integer = integer.dropFirst() }
            guard !integer.isEmpty, integer.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int64(integer) else { return nil }
            return negative ? -v : v
        }
        var rng = ReadingTestSupport.SplitMix64(seed: 64)
        let alphabet = Array("0123456789".utf8) + Array("9-+.x 0".utf8)
        for _ in 0..<100_000 {
            var bytes = (0..<(1 + Int(rng.next() % 22))).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
            if rng.next() % 3 == 0 { bytes.insert(rng.next() % 2 == 0 ? UInt8(ascii: "-") : UInt8(ascii: "+"), at: 0) }
            if rng.next() % 3 == 0 { bytes += Array(".\(rng.next() % 1000)".utf8) }
            if rng.next() % 3 == 0 { bytes[Int(rng.next() % UInt64(bytes.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let text = String(decoding: bytes, as: UTF8.self)
            XCTAssertEqual(bytes.withUnsafeBytes { EventBytes.int64($0) }, reference(text), text)
        }
    }

    /// `int64`'s digit loop (1 to 18 plain digits) against `int64General`, which it falls back on
    /// for anything else: every length to 21 around the loop's 18, any byte damaged anywhere.
    func testNumericDigitLoopAgreesWithTheGeneralParser() {
        var rng = ReadingTestSupport.SplitMix64(seed: 18)
        let damage = Array("/:.-+ x".utf8) + [0, 0x7F, 0x80, 0xFF]
        for n in 0...21 {
            for _ in 0..<2_000 {
                var bytes = (0..<n).map { _ in UInt8(ascii: "0") + UInt8(rng.next() % 10) }
                if n > 0 && rng.next() % 3 == 0 { bytes[Int(rng.next() % UInt64(n))] = damage[Int(rng.next() % UInt64(damage.count))] }
                let (fast, general) = bytes.withUnsafeBytes { (EventBytes.int64($0), EventBytes.int64General($0)) }
                XCTAssertEqual(fast, general, "\(bytes)")
                if n >= 1 && n <= 18 && bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                    XCTAssertEqual(fast, Int64(String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
    }

    /// Byte equality (word loads for 4 to 16 bytes, `memcmp` otherwise) against `Array`'s `==`:
    /// every length to 40, equal or with one byte changed anywhere.
    func testByteEqualityAgreesWithArrayEquality() {
        var rng = ReadingTestSupport.SplitMix64(seed: 8)
        for n in 0...40 {
            for _ in 0..<300 {
                let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                var b = a
                if n > 0 && rng.next() % 4 != 0 { b[Int(rng.next() % UInt64(n))] ^= UInt8(1 + rng.next() % 255) }
                if rng.next() % 8 == 0 { b.append(0) }
                let got = a.withUnsafeBytes { pa in b.withUnsafeBytes { pb in EventBytes.equals(pa, pb) } }
                XCTAssertEqual(got, a == b, "\(a) \(b)")
                XCTAssertEqual(a.withUnsafeBytes { EventBytes.equals($0, b) }, a == b)
            }
        }
    }
}

final class EventsIDTests: XCTestCase {
    func testFastIDParseMatchesModelParse() {
        for s in ["0055j00000AT6I1", "0055j000000utlP", "0H45j000000XyZ1", "888000000000001", "ABCDEFGHIJKLMNO", "abcdefghijklmno",
                  "0055j00000AT6I1AAL", "0055j000000utlPAAQ", "zzzzzzzzzzzzzzz", "ZZZZZZZZZZZZZZZ"] {
            let fast = Array(s.utf8).withUnsafeBytes { SalesforceID(bytes: $0) }
            XCTAssertEqual(fast, SalesforceID(s), s)
            XCTAssertEqual(fast?.description.count, 18)
        }
        XCTAssertEqual(Array("0055j00000AT6I1XYZ".utf8).withUnsafeBytes { SalesforceID(bytes: $0) }?.description, "0055j00000AT6I1AAL")
        for bad in ["", "USER_ID", "0055j00000AT6I", "0055j00000AT6I1A", "0055j00000AT6I-", "0055j00000AT6I1AA-"] {
            XCTAssertNil(Array(bad.utf8).withUnsafeBytes { SalesforceID(bytes: $0) }, bad)
        }
    }

    /// The word-at-a-time parse against a character-by-character reference: lengths 14 to 19, each
    /// character alphanumeric or, sometimes, a byte just outside a range (`/ : @ [ ` { `), one whose
    /// bit 5 set would make it a digit or letter (0x10-0x19, 0x01-0x1A), or not ASCII.
    func testIDParseAgreesWithACharacterByCharacterReference() {
        func isAlnum(_ c: UInt8) -> Bool { (48...57).contains(c) || (65...90).contains(c) || (97...122).contains(c) }
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345".utf8)
        func reference(_ b: [UInt8]) -> String? {
            guard b.count == 15 || b.count == 18, b.allSatisfy(isAlnum) else { return nil }
            var out = Array(b[0..<15])
            for chunk in 0..<3 {
                var v = 0
                for i in 0..<5 where (65...90).contains(b[chunk * 5 + i]) { v |= 1 << i }
                out.append(alphabet[v])
            }
            return String(decoding: out, as: UTF8.self)
        }
        let alnum = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
        let near = Array("/:@[`{ _-".utf8) + [0, 0x01, 0x10, 0x19, 0x1A, 0x7F, 0x80, 0xB0, 0xC1, 0xE1, 0xFF]
        var rng = ReadingTestSupport.SplitMix64(seed: 15)
        for _ in 0..<200_000 {
            let n = 14 + Int(rng.next() % 6)
            var b = (0..<n).map { _ in alnum[Int(rng.next() % UInt64(alnum.count))] }
            if rng.next() % 2 == 0 { b[Int(rng.next() % UInt64(n))] = near[Int(rng.next() % UInt64(near.count))] }
            let got = b.withUnsafeBytes { SalesforceID(bytes: $0) }
            XCTAssertEqual(got?.description, reference(b), "\(b)")
        }
    }
}

final class EventsHashTests: XCTestCase {
    func testRowHashesAreDistinctAcrossSmallVariations() {
        var seen = Set<UInt64>()
        var count = 0
        for a in ["", "a", "ab", "abc", "abcd", "abcde", "abcdefg", "abcdefgh", "abcdefghi", "ba", "cba", "dcba", "0123456789abcdef"] {
            for b in ["", "x", "xy", "xyz", "wxyz", "20251001110018.123", "20251001110018.124"] {
                for c in ["", "1", "2", "12", "21"] {
                    seen.insert(CSVRecord.withRecord([a, b, c]) { EventDecoder.rowHash($0) })
                    count += 1
                }
            }
        }
        XCTAssertEqual(seen.count, count)
        XCTAssertEqual(CSVRecord.withRecord(["Login", "x"]) { EventDecoder.rowHash($0) },
                       CSVRecord.withRecord(["Login", "x"], line: 99) { EventDecoder.rowHash($0) }, "line numbers do not matter")
    }

    /// Row hashes are persisted (state files keep per-hour sums, compared across runs): a change of
    /// any value must come with a new `EventDecoder.rowHashVersion`. These pin version 2: a few
    /// values, and a digest over random records of 0-40 fields of 0-40 bytes (quotes included:
    /// every length class of the quoted form, in place and built).
    func testRowHashValuesArePinned() {
        XCTAssertEqual(EventDecoder.rowHashVersion, 2)
        func hash(_ fields: [String]) -> UInt64 { CSVRecord.withRecord(fields) { EventDecoder.rowHash($0) } }
        XCTAssertEqual(hash([]), 1_642_597_678_390_288_969)
        XCTAssertEqual(hash([""]), 15_113_616_350_730_849_256)
        XCTAssertEqual(hash(["Login", "x"]), 14_289_297_525_253_194_436)
        XCTAssertEqual(hash(["ab", "c"]), 8_238_347_375_687_311_532)
        let restApiRow = ["RestApi", "20250814000001.011", "4JFZDjxlIn_XuBl1cJQ5i-", "00D5j00000BgC0q", "0055j00000ljGXa",
                          "154", "38", "/services/data/v57.0/sobjects/Task/", "6lSnZt7ktQy47E1Q", "dk3Y/yGo+RorxbFJ", "6002",
                          "POST", "", "Task", "1", "64", "201", "S", "52637095", "0H45j00000OBuIGCA1", "2025-08-14T00:00:01.011Z",
                          "0055j00000ljGXaAAM", "54.49.53.28", ""]
        XCTAssertEqual(hash(restApiRow), 2_815_282_579_681_287_058)
        XCTAssertEqual(readerHashes(restApiRow.map { "\"\($0)\"" }.joined(separator: ",") + "\n", inPlace: true),
                       [2_815_282_579_681_287_058], "hashed in place, as ELF rows are")
        var rng = ReadingTestSupport.SplitMix64(seed: 64)
        var digest: UInt64 = 0
        for _ in 0..<3_000 {
            let fields = (0..<Int(rng.next() % 41)).map { _ in
                String(decoding: (0..<Int(rng.next() % 41)).map { _ in UInt8(32 + rng.next() % 95) }, as: UTF8.self)
            }
            digest = digest &* 0x100_0000_01B3 ^ hash(fields)
        }
        XCTAssertEqual(digest, 8_642_801_349_892_524_742)
    }

    /// The hash of every record the reader hands out for `text`, fed in chunks of `chunk` bytes.
    private func readerHashes(_ text: String, chunk: Int = 1 << 20, inPlace: Bool? = nil,
                              file: StaticString = #filePath, line: UInt = #line) -> [UInt64] {
        let reader = CSVRecordReader()
        var hashes: [UInt64] = []
        let bytes = Array(text.utf8)
        bytes.withUnsafeBytes { all in
            var offset = 0
            repeat {
                let piece = UnsafeRawBufferPointer(rebasing: all[offset..<min(offset + chunk, all.count)])
                reader.feed(piece) { record in
                    if let inPlace { XCTAssertEqual(record.quotedFormInPlace, inPlace, text, file: file, line: line) }
                    hashes.append(EventDecoder.rowHash(record))
                }
                offset += chunk
            } while offset < all.count
            reader.finish { hashes.append(EventDecoder.rowHash($0)) }
        }
        return hashes
    }

    func testRowHashIgnoresQuotingButNotFieldBoundaries() {
        func hash(_ fields: [String]) -> UInt64 { CSVRecord.withRecord(fields) { EventDecoder.rowHash($0) } }
        // Quoted in place, unquoted, mixed, escaped quotes, copied across a chunk boundary: one value.
        let plain = hash(["Login", "20251001110018.123", "", "a, b"])
        XCTAssertEqual(readerHashes("\"Login\",\"20251001110018.123\",\"\",\"a, b\"\n", inPlace: true), [plain])
        XCTAssertEqual(readerHashes("Login,20251001110018.123,,\"a, b\"\n", inPlace: false), [plain])
        XCTAssertEqual(readerHashes("\"Login\",20251001110018.123,\"\",\"a, b\"\n"), [plain])
        XCTAssertEqual(readerHashes("\"Login\",\"20251001110018.123\",\"\",\"a, b\"\n", chunk: 7), [plain])
        let escaped = hash(["UA \"x\"", "say \"\"", "\""])
        XCTAssertEqual(readerHashes("\"UA \"\"x\"\"\",\"say \"\"\"\"\",\"\"\"\"\r\n"), [escaped])
        XCTAssertEqual(readerHashes("UA \"x\",\"say \"\"\"\"\",\"\"\"\"\n"), [escaped])
        // Moving a boundary, or a separator's bytes inside one field, changes it.
        XCTAssertNotEqual(hash(["ab", "c"]), hash(["a", "bc"]))
        XCTAssertNotEqual(hash(["a", "b"]), hash(["a\",\"b"]))
        XCTAssertNotEqual(hash(["a\"", "b"]), hash(["a", "\"b"]))
        XCTAssertNotEqual(hash([]), hash([""]))
        XCTAssertNotEqual(hash([""]), hash(["", ""]))
    }

    /// Random records written fully quoted (read in place when no field holds a quote), minimally
    /// quoted, and read in small chunks all hash like the fields themselves.
    func testRowHashOfReaderRecordsMatchesFieldsWhateverTheLayout() {
        var rng = ReadingTestSupport.SplitMix64(seed: 6)
        let alphabet = Array("ab,\"\n x0".utf8)
        for _ in 0..<400 {
            let fields = (0..<Int(1 + rng.next() % 30)).map { _ in
                String(decoding: (0..<Int(rng.next() % 60)).map { _ in
                    rng.next() % 4 == 0 ? alphabet[Int(rng.next() % UInt64(alphabet.count))] : UInt8(97 + rng.next() % 26)
                }, as: UTF8.self)
            }
            let want = CSVRecord.withRecord(fields) { EventDecoder.rowHash($0) }
            let quoted = fields.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ",") + "\n"
            let minimal = fields.map { f in
                f.contains(where: { ",\"\n".contains($0) }) || (fields.count == 1 && f.isEmpty)
                    ? "\"" + f.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : f
            }.joined(separator: ",") + "\n"
            let inPlace = fields.allSatisfy { !$0.contains("\"") }
            XCTAssertEqual(readerHashes(quoted, inPlace: inPlace), [want], quoted)
            XCTAssertEqual(readerHashes(minimal), [want], minimal)
            XCTAssertEqual(readerHashes(quoted, chunk: 1 + Int(rng.next() % 50)), [want], quoted)
        }
    }
}

final class EventsTextTests: XCTestCase {
    func testCRLFEmbeddedNewlinesBlankLinesAndLineNumbers() {
        let text = "\"Id\",\"UserId\",\"LoginTime\",\"LoginType\",\"LoginSubType\",\"SourceIp\",\"Status\",\"Application\",\"Browser\"\r\n"
            + "\"1\",\"0055j00000AT6I1\",\"2025-07-29T00:14:19.000+0000\",\"Remote Access 2.0\",\"OAuth Refresh Token\",\"203.0.113.9\",\"Success\",\"My\nApp\",\"UA \"\"x\"\"\"\r\n"
            + "\r\n"
            + "\"2\",\"0055j00000AT6I1\",\"\",\"Remote Access 2.0\",\"OAuth Refresh Token\",\"203.0.113.9\",\"Success\",\"App\",\"UA\"\r\n"
        let (v, r) = evDecodeCSV(text, path: "lh.csv")
        XCTAssertEqual(r.kind, .loginHistory)
        XCTAssertEqual(v.auths.count, 1)
        XCTAssertEqual(v.auths.first?.application, "My\nApp")
        XCTAssertEqual(v.auths.first?.userAgent, "UA \"x\"")
        XCTAssertEqual(v.auths.first?.location.line, 2)
        XCTAssertEqual(r.rejectedRows, ["no parseable LoginTime": 1])
        XCTAssertEqual(r.diagnostics.first?.line, 5, "the record after the embedded newline and the blank line")
        XCTAssertEqual(r.emptyValues["LoginTime"], 1)
    }

    func testFirstRowWithEmptyEventTypeUsesTheSignature() {
        let h = EvHeaders.bulkApi2
        let (v, r) = evDecodeRows([h, evRow(h, ["TIMESTAMP": "20250101000000", "JOB_ID": "750a", "JOB_STATUS": "Aborted"]),
                                   evRow(h, ["EVENT_TYPE": "BulkApi2", "TIMESTAMP": "20250101000001", "JOB_ID": "750a", "JOB_STATUS": "Deleted"])])
        XCTAssertEqual(r.kind, .bulkApi2)
        XCTAssertEqual(v.bulkJobs.map(\.status), ["aborted", "deleted"])
        XCTAssertEqual(r.rowsByKind, [.bulkApi2: 2])
    }
}
