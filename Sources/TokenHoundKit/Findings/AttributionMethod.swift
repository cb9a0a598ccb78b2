/// How a grant was tied to a connected app, strongest first (salesforce-logs.md section 1).
public enum AttributionMethod: String, Sendable, Codable, Comparable, CaseIterable {
    /// The row itself names the app (LoginEvent / LoginHistory `Application`).
    case exportApplication = "export_application"
    /// LoginEvent `LoginKey` equals the grant's `LOGIN_KEY`.
    case loginEventLoginKey = "login_event_login_key"
    /// RestApi / BulkApiRequest rows with the grant's `LOGIN_KEY` carry `CONNECTED_APP_ID`.
    case sessionLoginKey = "session_login_key"
    /// LoginHistory row for the same user and source IP within about a second.
    case loginHistoryMatch = "login_history_user_ip_time"
    /// ApiTotalUsage rows for the same user and client IP shortly after the grant.
    case apiTotalUsageMatch = "api_total_usage_user_ip_time"
    /// Nothing tied it to an app: analysed per user and user agent instead.
    case unattributed

    /// Rank, 0 = strongest.
    public var strength: Int { Self.allCases.firstIndex(of: self)! }
    public static func < (a: AttributionMethod, b: AttributionMethod) -> Bool { a.strength < b.strength }

    public var explanation: String {
        switch self {
        case .exportApplication: return "the login export row names the application"
        case .loginEventLoginKey: return "LoginEvent with the same LoginKey names the application"
        case .sessionLoginKey: return "API rows of the same LOGIN_KEY carry CONNECTED_APP_ID"
        case .loginHistoryMatch: return "LoginHistory row for the same user and IP within 2 s names the application"
        case .apiTotalUsageMatch: return "ApiTotalUsage rows for the same user and IP shortly after name the app"
        case .unattributed: return "no evidence ties this grant to a connected app; grouped by user and user agent"
        }
    }
}
