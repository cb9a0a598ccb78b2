/// Column lists of the ELF event types the generator writes. Login and Logout headers are the real
/// published lines (`/work/shared/fixtures`); the others follow the documented field sets in the
/// order the project fixed (no real public header exists for them).
struct ElfSchema: Sendable {
    var eventType: String
    var columns: [String]

    /// The header line, every name double-quoted.
    var headerFields: [String] { columns }

    /// For each column of `self`, its index in `full` (rows are built in the full, newest layout and
    /// projected onto older headers).
    func projection(from full: ElfSchema) -> [Int] {
        columns.map { name in
            guard let i = full.columns.firstIndex(of: name) else { fatalError("\(name) missing from \(full.eventType)") }
            return i
        }
    }

    static let login2025 = ElfSchema(eventType: "Login", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "RUN_TIME", "CPU_TIME", "URI",
        "SESSION_KEY", "LOGIN_KEY", "USER_TYPE", "REQUEST_STATUS", "DB_TOTAL_TIME", "LOGIN_TYPE", "BROWSER_TYPE",
        "API_TYPE", "API_VERSION", "USER_NAME", "TLS_PROTOCOL", "CIPHER_SUITE", "USE_API_TOKEN", "HTTP_REFERER",
        "LOGIN_URL", "COUNTRY_CODE", "AUTHENTICATION_METHOD_REFERENCE", "LOGIN_SUB_TYPE", "AUTHENTICATION_SERVICE_ID",
        "TIMESTAMP_DERIVED", "USER_ID_DERIVED", "CLIENT_IP", "URI_ID_DERIVED", "LOGIN_STATUS", "SOURCE_IP",
        "FORWARDED_FOR_IP",
    ])

    static let login2023 = ElfSchema(eventType: "Login", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "RUN_TIME", "CPU_TIME", "URI",
        "SESSION_KEY", "LOGIN_KEY", "USER_TYPE", "REQUEST_STATUS", "DB_TOTAL_TIME", "LOGIN_TYPE", "BROWSER_TYPE",
        "API_TYPE", "API_VERSION", "USER_NAME", "TLS_PROTOCOL", "CIPHER_SUITE", "AUTHENTICATION_METHOD_REFERENCE",
        "LOGIN_SUB_TYPE", "TIMESTAMP_DERIVED", "USER_ID_DERIVED", "CLIENT_IP", "URI_ID_DERIVED", "LOGIN_STATUS",
        "SOURCE_IP",
    ])

    static let logout = ElfSchema(eventType: "Logout", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "USER_TYPE", "SESSION_TYPE",
        "SESSION_LEVEL", "BROWSER_TYPE", "PLATFORM_TYPE", "RESOLUTION_TYPE", "APP_TYPE", "CLIENT_VERSION", "API_TYPE",
        "API_VERSION", "USER_INITIATED_LOGOUT", "SESSION_KEY", "LOGIN_KEY", "TIMESTAMP_DERIVED", "USER_ID_DERIVED",
        "CLIENT_IP",
    ])

    static let apiTotalUsage = ElfSchema(eventType: "ApiTotalUsage", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "API_FAMILY", "API_VERSION",
        "API_RESOURCE", "CLIENT_NAME", "HTTP_METHOD", "CLIENT_IP", "COUNTS_AGAINST_API_LIMIT", "CONNECTED_APP_ID",
        "CONNECTED_APP_NAME", "ENTITY_NAME", "STATUS_CODE", "USER_NAME", "API_CLIENT_CATEGORY", "TIMESTAMP_DERIVED",
        "USER_ID_DERIVED",
    ])

    static let restApi = ElfSchema(eventType: "RestApi", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "RUN_TIME", "CPU_TIME", "URI",
        "SESSION_KEY", "LOGIN_KEY", "USER_AGENT", "METHOD", "QUERY", "ENTITY_NAME", "ROWS_PROCESSED", "RESPONSE_SIZE",
        "STATUS_CODE", "REQUEST_STATUS", "DB_TOTAL_TIME", "CONNECTED_APP_ID", "TIMESTAMP_DERIVED", "USER_ID_DERIVED",
        "CLIENT_IP", "URI_ID_DERIVED",
    ])

    static let bulkApi2 = ElfSchema(eventType: "BulkApi2", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "RUN_TIME", "CPU_TIME", "URI",
        "SESSION_KEY", "LOGIN_KEY", "JOB_ID", "OPERATION_TYPE", "ENTITY_TYPE", "JOB_STATUS", "RECORDS_PROCESSED",
        "RECORDS_FAILED", "TIMESTAMP_DERIVED", "USER_ID_DERIVED", "CLIENT_IP", "URI_ID_DERIVED",
    ])

    static let uniqueQuery = ElfSchema(eventType: "UniqueQuery", columns: [
        "EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "SESSION_KEY", "LOGIN_KEY", "QUERY",
        "TIMESTAMP_DERIVED", "USER_ID_DERIVED", "CLIENT_IP",
    ])
}
