import XCTest
@testable import TokenHoundKit

// Test-only helpers for the event decoder tests: a tiny RFC 4180 splitter (the real reader is built
// elsewhere), a visitor that records everything, and decode shortcuts.

enum EvTestCSV {
    /// Splits CSV text into records: quoted fields, doubled quotes, CRLF or LF, newlines inside
    /// quotes, a leading BOM. Each record carries the 1-based line it starts on.
    static func parse(_ text: String) -> [(fields: [String], line: Int)] {
        var bytes = Array(text.utf8)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var records: [(fields: [String], line: Int)] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var i = 0
        var sawAny = false
        func endField() { fields.append(String(decoding: field, as: UTF8.self)); field = [] }
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == UInt8(ascii: "\"") {
                    if i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { field.append(c); i += 2; continue }
                    inQuotes = false
                } else {
                    if c == UInt8(ascii: "\n") { line += 1 }
                    field.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case UInt8(ascii: "\""): inQuotes = true; sawAny = true
            case UInt8(ascii: ","): endField(); sawAny = true
            case UInt8(ascii: "\r"): break
            case UInt8(ascii: "\n"):
                if sawAny || !field.isEmpty { endField(); records.append((fields, recordLine)) }
                fields = []; field = []; sawAny = false
                line += 1
                recordLine = line
            default: field.append(c); sawAny = true
            }
            i += 1
        }
        if sawAny || !field.isEmpty { endField(); records.append((fields, recordLine)) }
        return records
    }
}

/// An owned copy of an `ApiCallView` (the view is only valid during the call).
struct EvOwnedApiCall {
    var kind: LogKind
    var time: EventTime
    var user: SalesforceID?
    var clientAddress: SourceAddress
    var loginKey, sessionKey, connectedAppName, resource, method, query, entity, clientName, requestID: String
    var connectedAppID: SalesforceID?
    var rowsProcessed, responseBytes: Int64
    var statusCode: Int32
    var location: RowLocation

    init(_ v: ApiCallView) {
        func s(_ b: UnsafeRawBufferPointer) -> String { String(decoding: b, as: UTF8.self) }
        kind = v.kind; time = v.time; user = v.user; clientAddress = v.clientAddress
        loginKey = s(v.loginKey); sessionKey = s(v.sessionKey); connectedAppName = s(v.connectedAppName)
        resource = s(v.resource); method = s(v.method); query = s(v.query); entity = s(v.entity)
        clientName = s(v.clientName); requestID = s(v.requestID); connectedAppID = v.connectedAppID
        rowsProcessed = v.rowsProcessed; responseBytes = v.responseBytes; statusCode = v.statusCode
        location = v.location
    }
}

struct EvRecordingVisitor: EventVisitor {
    var auths: [AuthEvent] = []
    var apiCalls: [EvOwnedApiCall] = []
    var bulkJobs: [BulkJobEvent] = []
    var logouts: [LogoutEvent] = []
    var holdings: [TokenHolding] = []
    var apps: [(SalesforceID, String)] = []
    var privileges: [PrivilegeGrant] = []

    mutating func visit(auth: AuthEvent) { auths.append(auth) }
    mutating func visit(apiCall: ApiCallView) { apiCalls.append(EvOwnedApiCall(apiCall)) }
    mutating func visit(bulkJob: BulkJobEvent) { bulkJobs.append(bulkJob) }
    mutating func visit(logout: LogoutEvent) { logouts.append(logout) }
    mutating func visit(tokenHolding: TokenHolding) { holdings.append(tokenHolding) }
    mutating func visit(appDirectoryID id: SalesforceID, name: String) { apps.append((id, name)) }
    mutating func visit(privilege: PrivilegeGrant) { privileges.append(privilege) }
}

/// Decodes records given as field arrays (record i is on line i + 1).
func evDecodeRows(_ rows: [[String]], path: String = "test.csv", fileID: UInt32 = 7) -> (EvRecordingVisitor, FileDecodeReport) {
    var decoder = EventDecoder(fileID: fileID, path: path)
    var visitor = EvRecordingVisitor()
    for (i, r) in rows.enumerated() {
        CSVRecord.withRecord(r, line: i + 1) { decoder.consume($0, into: &visitor) }
    }
    return (visitor, decoder.finish())
}

/// Decodes CSV text through the test splitter.
func evDecodeCSV(_ text: String, path: String = "test.csv", fileID: UInt32 = 7) -> (EvRecordingVisitor, FileDecodeReport) {
    var decoder = EventDecoder(fileID: fileID, path: path)
    var visitor = EvRecordingVisitor()
    for r in EvTestCSV.parse(text) {
        CSVRecord.withRecord(r.fields, line: r.line) { decoder.consume($0, into: &visitor) }
    }
    return (visitor, decoder.finish())
}

/// Builds a row for `header` from name -> value (others empty).
func evRow(_ header: [String], _ values: [String: String]) -> [String] {
    for k in values.keys { precondition(header.contains(k), "no column \(k)") }
    return header.map { values[$0] ?? "" }
}

func evTime(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ ms: Int = 0) -> EventTime {
    CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms).eventTime
}

func evID(_ s: String) -> SalesforceID { SalesforceID(s)! }

/// Header lists (tokenhound's sample generator spellings; real ones for Login/Logout/URI/LoginAs).
enum EvHeaders {
    static let apiTotalUsage = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,API_FAMILY,API_VERSION,API_RESOURCE,CLIENT_NAME,HTTP_METHOD,CLIENT_IP,COUNTS_AGAINST_API_LIMIT,CONNECTED_APP_ID,CONNECTED_APP_NAME,ENTITY_NAME,STATUS_CODE,USER_NAME,API_CLIENT_CATEGORY,TIMESTAMP_DERIVED,USER_ID_DERIVED".split(separator: ",").map(String.init)
    static let restApi = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,USER_AGENT,METHOD,QUERY,ENTITY_NAME,ROWS_PROCESSED,RESPONSE_SIZE,STATUS_CODE,REQUEST_STATUS,DB_TOTAL_TIME,CONNECTED_APP_ID,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED".split(separator: ",").map(String.init)
    static let api = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,CLIENT_NAME,METHOD_NAME,API_TYPE,API_VERSION,ENTITY_NAME,ROWS_PROCESSED,QUERY,REQUEST_STATUS,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED".split(separator: ",").map(String.init)
    static let bulkApi2 = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,JOB_ID,OPERATION_TYPE,ENTITY_TYPE,JOB_STATUS,RECORDS_PROCESSED,RECORDS_FAILED,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED".split(separator: ",").map(String.init)
    static let bulkApiRequest = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,JOB_ID,OPERATION_TYPE,ENTITY_TYPE,REQUEST_PATH,HTTP_METHOD,ROWS_PROCESSED,CONNECTED_APP_ID,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED".split(separator: ",").map(String.init)
    static let uniqueQuery = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,SESSION_KEY,LOGIN_KEY,QUERY,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP".split(separator: ",").map(String.init)
    static let uri = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,REQUEST_STATUS,DB_TOTAL_TIME,DB_BLOCKS,DB_CPU_TIME,REFERRER_URI,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED,USER_TYPE".split(separator: ",").map(String.init)
    static let loginAs = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,DELEGATED_USER_NAME,DELEGATED_USER_ID,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED,DELEGATED_USER_ID_DERIVED".split(separator: ",").map(String.init)
    static let apexCallout = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,TYPE,METHOD,SUCCESS,STATUS_CODE,TIME,REQUEST_SIZE,RESPONSE_SIZE,URL,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED".split(separator: ",").map(String.init)
    static let login2021 = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,USER_TYPE,REQUEST_STATUS,DB_TOTAL_TIME,BROWSER_TYPE,API_TYPE,API_VERSION,USER_NAME,TLS_PROTOCOL,CIPHER_SUITE,AUTHENTICATION_METHOD_REFERENCE,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED,LOGIN_STATUS,SOURCE_IP".split(separator: ",").map(String.init)
    static let login2023 = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,USER_TYPE,REQUEST_STATUS,DB_TOTAL_TIME,LOGIN_TYPE,BROWSER_TYPE,API_TYPE,API_VERSION,USER_NAME,TLS_PROTOCOL,CIPHER_SUITE,AUTHENTICATION_METHOD_REFERENCE,LOGIN_SUB_TYPE,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED,LOGIN_STATUS,SOURCE_IP".split(separator: ",").map(String.init)
    static let login2025 = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,RUN_TIME,CPU_TIME,URI,SESSION_KEY,LOGIN_KEY,USER_TYPE,REQUEST_STATUS,DB_TOTAL_TIME,LOGIN_TYPE,BROWSER_TYPE,API_TYPE,API_VERSION,USER_NAME,TLS_PROTOCOL,CIPHER_SUITE,USE_API_TOKEN,HTTP_REFERER,LOGIN_URL,COUNTRY_CODE,AUTHENTICATION_METHOD_REFERENCE,LOGIN_SUB_TYPE,AUTHENTICATION_SERVICE_ID,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP,URI_ID_DERIVED,LOGIN_STATUS,SOURCE_IP,FORWARDED_FOR_IP".split(separator: ",").map(String.init)
    static let logout = "EVENT_TYPE,TIMESTAMP,REQUEST_ID,ORGANIZATION_ID,USER_ID,USER_TYPE,SESSION_TYPE,SESSION_LEVEL,BROWSER_TYPE,PLATFORM_TYPE,RESOLUTION_TYPE,APP_TYPE,CLIENT_VERSION,API_TYPE,API_VERSION,USER_INITIATED_LOGOUT,SESSION_KEY,LOGIN_KEY,TIMESTAMP_DERIVED,USER_ID_DERIVED,CLIENT_IP".split(separator: ",").map(String.init)
    static let loginHistory = "Id,UserId,LoginTime,LoginType,LoginSubType,SourceIp,Status,Application,Browser,Platform,ApiType,ApiVersion,LoginUrl,TlsProtocol,CipherSuite,CountryIso".split(separator: ",").map(String.init)
    static let loginEvent = "EventDate,UserId,Username,LoginKey,SourceIp,Application,LoginType,LoginSubType,Status,Browser,Platform,LoginUrl,TlsProtocol,CountryIso".split(separator: ",").map(String.init)
    static let oauthToken = "Id,AppName,UserId,UseCount,LastUsedDate,CreatedDate".split(separator: ",").map(String.init)
    static let connectedApplication = ["Id", "Name"]
    static let permissionSetAssignment = "Id,AssigneeId,PermissionSet.Name,PermissionSet.PermissionsModifyAllData,PermissionSet.PermissionsViewAllData,PermissionSet.PermissionsManageUsers,PermissionSet.PermissionsApiEnabled".split(separator: ",").map(String.init)
}

final class EventsSupportTests: XCTestCase {
    func testSplitterHandlesQuotesCRLFAndEmbeddedNewlines() {
        let recs = EvTestCSV.parse("\u{FEFF}\"A\",\"B\"\r\n\"x \"\"q\"\"\",\"two\nlines\"\r\n\"\",\"z\"\n")
        XCTAssertEqual(recs.count, 3)
        XCTAssertEqual(recs[0].fields, ["A", "B"])
        XCTAssertEqual(recs[1].fields, ["x \"q\"", "two\nlines"])
        XCTAssertEqual(recs[1].line, 2)
        XCTAssertEqual(recs[2].fields, ["", "z"])
        XCTAssertEqual(recs[2].line, 4)
    }
}
