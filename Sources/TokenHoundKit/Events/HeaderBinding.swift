/// Binds a CSV header to the columns tokenhound reads, by name (never by position), and recognises
/// what the file is.
///
/// - ELF files have an `EVENT_TYPE` column; their kind comes from the rows' `EVENT_TYPE` value, or
///   for a header-only file from the column signature.
/// - Exports (`sf data query --result-format csv`) have API field names, possibly dotted
///   (`PermissionSet.PermissionsModifyAllData`); matched case-insensitively.
///
/// Alternatives are accepted for renamed columns (the first listed name present wins).
public struct HeaderBinding: Sendable {
    /// The semantic columns the decoder reads. Each lists its accepted names (normalised: uppercase).
    public enum Field: Int, CaseIterable, Sendable {
        case eventType, timestamp, timestampDerived, requestID, userID, userIDDerived
        case uri, apiResource, requestPath
        case loginKey, sessionKey, userName, loginType, loginSubType, loginStatus, browser
        case sourceIP, clientIP, tlsProtocol, countryCode, application
        case connectedAppID, connectedAppName, apiFamily
        case method, query, entity, rowsProcessed, responseSize, statusCode, clientName
        case jobID, operation, jobStatus, appType, sessionType, userInitiatedLogout, delegatedUserID
        case recordID, loginTime, eventDate, appName, useCount, lastUsedDate, createdDate, name, assigneeID
        case modifyAllData, viewAllData, manageUsers, apiEnabled

        /// Accepted header names, most preferred first (uppercase).
        public var names: [String] {
            switch self {
            case .eventType: return ["EVENT_TYPE"]
            case .timestamp: return ["TIMESTAMP"]
            case .timestampDerived: return ["TIMESTAMP_DERIVED"]
            case .requestID: return ["REQUEST_ID"]
            case .userID: return ["USER_ID", "USERID"]
            case .userIDDerived: return ["USER_ID_DERIVED"]
            case .uri: return ["URI"]
            case .apiResource: return ["API_RESOURCE"]
            case .requestPath: return ["REQUEST_PATH"]
            case .loginKey: return ["LOGIN_KEY", "LOGINKEY"]
            case .sessionKey: return ["SESSION_KEY", "SESSIONKEY"]
            case .userName: return ["USER_NAME", "USERNAME"]
            case .loginType: return ["LOGIN_TYPE", "LOGINTYPE"]
            case .loginSubType: return ["LOGIN_SUB_TYPE", "LOGINSUBTYPE"]
            case .loginStatus: return ["LOGIN_STATUS", "STATUS"]
            case .browser: return ["BROWSER_TYPE", "BROWSER"]
            case .sourceIP: return ["SOURCE_IP", "SOURCEIP"]
            case .clientIP: return ["CLIENT_IP"]
            case .tlsProtocol: return ["TLS_PROTOCOL", "TLSPROTOCOL"]
            case .countryCode: return ["COUNTRY_CODE", "COUNTRYISO", "COUNTRY_ISO"]
            case .application: return ["APPLICATION"]
            case .connectedAppID: return ["CONNECTED_APP_ID"]
            case .connectedAppName: return ["CONNECTED_APP_NAME"]
            case .apiFamily: return ["API_FAMILY"]
            case .method: return ["METHOD", "HTTP_METHOD", "METHOD_NAME"]
            case .query: return ["QUERY", "QUERY_TEXT", "SOQL"]
            case .entity: return ["ENTITY_NAME", "ENTITY_TYPE"]
            case .rowsProcessed: return ["ROWS_PROCESSED", "RECORDS_PROCESSED"]
            case .responseSize: return ["RESPONSE_SIZE"]
            case .statusCode: return ["STATUS_CODE"]
            case .clientName: return ["CLIENT_NAME", "USER_AGENT"]
            case .jobID: return ["JOB_ID"]
            case .operation: return ["OPERATION_TYPE"]
            case .jobStatus: return ["JOB_STATUS"]
            case .appType: return ["APP_TYPE"]
            case .sessionType: return ["SESSION_TYPE"]
            case .userInitiatedLogout: return ["USER_INITIATED_LOGOUT"]
            case .delegatedUserID: return ["DELEGATED_USER_ID"]
            case .recordID: return ["ID"]
            case .loginTime: return ["LOGINTIME"]
            case .eventDate: return ["EVENTDATE"]
            case .appName: return ["APPNAME"]
            case .useCount: return ["USECOUNT"]
            case .lastUsedDate: return ["LASTUSEDDATE"]
            case .createdDate: return ["CREATEDDATE"]
            case .name: return ["NAME"]
            case .assigneeID: return ["ASSIGNEEID"]
            case .modifyAllData: return ["PERMISSIONSET.PERMISSIONSMODIFYALLDATA", "PERMISSIONSMODIFYALLDATA"]
            case .viewAllData: return ["PERMISSIONSET.PERMISSIONSVIEWALLDATA", "PERMISSIONSVIEWALLDATA"]
            case .manageUsers: return ["PERMISSIONSET.PERMISSIONSMANAGEUSERS", "PERMISSIONSMANAGEUSERS"]
            case .apiEnabled: return ["PERMISSIONSET.PERMISSIONSAPIENABLED", "PERMISSIONSAPIENABLED"]
            }
        }
    }

    /// Documented columns tokenhound does not read: known, so not reported as unknown.
    static let knownUnusedNames: Set<String> = [
        "ORGANIZATION_ID", "RUN_TIME", "CPU_TIME", "USER_TYPE", "REQUEST_STATUS", "DB_TOTAL_TIME", "API_TYPE",
        "API_VERSION", "CIPHER_SUITE", "AUTHENTICATION_METHOD_REFERENCE", "URI_ID_DERIVED", "USE_API_TOKEN",
        "HTTP_REFERER", "LOGIN_URL", "AUTHENTICATION_SERVICE_ID", "FORWARDED_FOR_IP", "SESSION_LEVEL",
        "PLATFORM_TYPE", "RESOLUTION_TYPE", "CLIENT_VERSION", "COUNTS_AGAINST_API_LIMIT", "API_CLIENT_CATEGORY",
        "RECORDS_FAILED", "DB_BLOCKS", "DB_CPU_TIME", "REFERRER_URI", "DELEGATED_USER_NAME",
        "DELEGATED_USER_ID_DERIVED", "TYPE", "SUCCESS", "TIME", "REQUEST_SIZE", "URL",
        "PLATFORM", "APITYPE", "APIVERSION", "LOGINURL", "CIPHERSUITE", "PERMISSIONSET.NAME", "PERMISSIONSETID",
        "LOGINGEOID", "AUTHENTICATIONSERVICEID", "AUTHMETHODREFERENCE", "FORWARDEDFORIP", "HTTPMETHOD",
        "LOGINHISTORYID", "EVENTIDENTIFIER", "SESSIONLEVEL", "SOURCEIPADDRESS", "ATTRIBUTES.TYPE", "ATTRIBUTES.URL",
    ]

    static let nameToField: [String: (Field, Int)] = {
        var m: [String: (Field, Int)] = [:]
        for f in Field.allCases {
            for (rank, n) in f.names.enumerated() { m[n] = (f, rank) }
        }
        return m
    }()

    /// Header names as written (BOM and surrounding blanks removed).
    public let columnNames: [String]
    /// Normalised (uppercase) names, parallel to `columnNames`.
    public let normalisedNames: [String]
    /// True when the header has an `EVENT_TYPE` column.
    public let isEventLogFile: Bool
    /// Exports: the recognised kind. ELF: the kind inferred from the column signature (used for
    /// header-only files and rows without an `EVENT_TYPE` value). Nil when unrecognised.
    public let signatureKind: LogKind?
    /// Columns tokenhound does not know (recorded for the coverage report, otherwise ignored).
    public let unknownColumns: [String]
    /// Names that appear more than once (the first occurrence is used).
    public let duplicateColumns: [String]
    /// Per `Field.rawValue`: the column index, or -1 when absent.
    @usableFromInline let indices: [Int]

    public var columnCount: Int { columnNames.count }

    /// Binds `header`. For ELF files the kind is resolved from the first data row's `EVENT_TYPE`
    /// with `kind(firstEventType:)` (the decoder does this when the first row arrives).
    public init(header: CSVRecord) {
        var names: [String] = []
        var normalised: [String] = []
        for i in 0..<header.count {
            let n = Self.clean(header.string(at: i))
            names.append(n)
            normalised.append(n.uppercased())
        }
        self.init(columnNames: names, normalisedNames: normalised)
    }

    /// Binds a header given as strings.
    public init(names: [String]) {
        let cleaned = names.map(Self.clean)
        self.init(columnNames: cleaned, normalisedNames: cleaned.map { $0.uppercased() })
    }

    private init(columnNames: [String], normalisedNames: [String]) {
        self.columnNames = columnNames
        self.normalisedNames = normalisedNames
        var idx = [Int](repeating: -1, count: Field.allCases.count)
        var rank = [Int](repeating: Int.max, count: Field.allCases.count)
        var seen: Set<String> = []
        var dups: [String] = []
        var unknown: [String] = []
        for (i, n) in normalisedNames.enumerated() {
            if !seen.insert(n).inserted {
                if !dups.contains(columnNames[i]) { dups.append(columnNames[i]) }
                continue
            }
            if let (f, r) = Self.nameToField[n] {
                if r < rank[f.rawValue] { rank[f.rawValue] = r; idx[f.rawValue] = i }
            } else if !Self.knownUnusedNames.contains(n) {
                unknown.append(columnNames[i].isEmpty ? "(empty)" : columnNames[i])
            }
        }
        indices = idx
        duplicateColumns = dups
        let isELF = idx[Field.eventType.rawValue] >= 0
        isEventLogFile = isELF
        let sig = Self.inferKind(isELF: isELF, names: seen) { idx[$0.rawValue] >= 0 }
        signatureKind = sig
        // Columns of types tokenhound does not analyse are not "unknown": they are that type's own.
        unknownColumns = sig == .otherEventLog ? [] : unknown
    }

    static func clean(_ s: String) -> String {
        var t = Substring(s)
        while let f = t.first, f == "\u{FEFF}" || f == " " || f == "\t" { t.removeFirst() }
        while let l = t.last, l == " " || l == "\t" || l == "\r" { t.removeLast() }
        return String(t)
    }

    static func inferKind(isELF: Bool, names: Set<String>, has: (Field) -> Bool) -> LogKind? {
        if isELF {
            if names.contains("LOGIN_STATUS") { return .login }
            if names.contains("USER_INITIATED_LOGOUT") { return .logout }
            if names.contains("JOB_STATUS") { return .bulkApi2 }
            if names.contains("CONNECTED_APP_NAME") || names.contains("API_FAMILY") { return .apiTotalUsage }
            if names.contains("REQUEST_PATH") || names.contains("JOB_ID") { return .bulkApiRequest }
            if names.contains("DELEGATED_USER_ID") || names.contains("DELEGATED_USER_NAME") { return .loginAs }
            if names.contains("METHOD_NAME") { return .api }
            if names.contains("METHOD") && (names.contains("CONNECTED_APP_ID") || names.contains("USER_AGENT")) { return .restApi }
            if has(.query) && !names.contains("URI") && !names.contains("RUN_TIME") { return .uniqueQuery }
            if names.contains("URI") && (names.contains("REFERRER_URI") || names.contains("DB_BLOCKS")) { return .uri }
            return .otherEventLog
        }
        if has(.loginTime) && has(.sourceIP) { return .loginHistory }
        if has(.eventDate) && (has(.loginKey) || has(.sourceIP)) { return .loginEvent }
        if has(.appName) && (has(.useCount) || has(.lastUsedDate)) { return .oauthToken }
        if has(.assigneeID) { return .permissionSetAssignment }
        if has(.recordID) && has(.name) { return .connectedApplication }
        return nil
    }

    /// The column index bound to `field`, or -1 when absent.
    @inlinable @inline(__always)
    public func index(_ field: Field) -> Int { indices[field.rawValue] }

    @inlinable @inline(__always)
    public func has(_ field: Field) -> Bool { indices[field.rawValue] >= 0 }

    /// True when the header is recognised (an ELF header always is; unknown ELF types are `.otherEventLog`).
    public var isRecognised: Bool { signatureKind != nil }

    /// The file's kind: for ELF from the first data row's `EVENT_TYPE` value when given and non-empty
    /// (unknown names give `.otherEventLog`), else from the column signature.
    public func kind(firstEventType: String?) -> LogKind? {
        guard isEventLogFile else { return signatureKind }
        if let t = firstEventType, !t.isEmpty {
            return Self.eventLogKind(named: t) ?? .otherEventLog
        }
        return signatureKind
    }

    /// The analysed ELF kind named by an `EVENT_TYPE` value (case-insensitive), or nil.
    public static func eventLogKind(named name: String) -> LogKind? {
        let l = name.lowercased()
        for k in LogKind.allCases where k.isEventLogFile && k != .otherEventLog && k.rawValue.lowercased() == l {
            return k
        }
        return nil
    }

    static func eventLogKind(bytes: UnsafeRawBufferPointer) -> LogKind? {
        if bytes.isEmpty || bytes.count > 32 { return nil }
        return eventLogKind(named: EventBytes.string(bytes))
    }

    /// The "header generation" label for the coverage report.
    public static func generationLabel(kind: LogKind?, columnCount: Int) -> String {
        guard let kind else { return "unrecognised (\(columnCount) columns)" }
        if kind == .login {
            switch columnCount {
            case 26: return "Login 2021 (26 columns, no LOGIN_TYPE/LOGIN_SUB_TYPE)"
            case 28: return "Login 2023 (28 columns)"
            case 34: return "Login 2025 (34 columns)"
            default: return "Login \(columnCount) columns"
            }
        }
        return "\(kind.rawValue) \(columnCount) columns"
    }

    /// A short rendering of the header for diagnostics.
    public var summary: String {
        let shown = columnNames.prefix(8).joined(separator: ",")
        return columnNames.count > 8 ? shown + ",... (\(columnNames.count) columns)" : shown
    }
}
