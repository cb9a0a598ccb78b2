/// What a file is, recognised from its header and `EVENT_TYPE` values, never from its name.
public enum LogKind: String, Sendable, CaseIterable, Codable, Comparable {
    // Event Log Files (EVENT_TYPE column, UPPER_SNAKE headers)
    case login = "Login"
    case logout = "Logout"
    case apiTotalUsage = "ApiTotalUsage"
    case restApi = "RestApi"
    case api = "API"
    case bulkApi2 = "BulkApi2"
    case bulkApiRequest = "BulkApiRequest"
    case uniqueQuery = "UniqueQuery"
    case uri = "URI"
    case loginAs = "LoginAs"
    /// An ELF type tokenhound does not analyse (counted and reported, never fatal).
    case otherEventLog = "OtherEventLog"
    // Exports with API field names (sf data query --result-format csv)
    case loginHistory = "LoginHistory"
    case loginEvent = "LoginEvent"
    case oauthToken = "OauthToken"
    case connectedApplication = "ConnectedApplication"
    case permissionSetAssignment = "PermissionSetAssignment"

    public var isEventLogFile: Bool {
        switch self {
        case .loginHistory, .loginEvent, .oauthToken, .connectedApplication, .permissionSetAssignment: return false
        default: return true
        }
    }

    public static func < (a: LogKind, b: LogKind) -> Bool { a.rawValue < b.rawValue }
}
