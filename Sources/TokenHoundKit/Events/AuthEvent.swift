/// Which export an authentication row came from.
public enum AuthSource: UInt8, Sendable, Codable, Comparable {
    case eventLogLogin = 1   // ELF Login
    case loginHistory = 2    // LoginHistory export
    case loginEvent = 3      // LoginEvent export (carries LoginKey + Application)
    public static func < (a: AuthSource, b: AuthSource) -> Bool { a.rawValue < b.rawValue }
}

/// What kind of OAuth grant a row records.
public enum GrantFlow: UInt8, Sendable, Codable {
    /// `LOGIN_SUB_TYPE` says refresh token (`oauthrefreshtoken`, `OAuth Refresh Token`, hybrid refresh).
    case refreshToken = 1
    /// Another OAuth flow (password, code, JWT, client credentials, ...).
    case otherOAuth = 2
    /// A token-endpoint row whose file lacks `LOGIN_SUB_TYPE` (or has it empty): an OAuth grant,
    /// flow unknown. Treated as a possible refresh grant and labelled so.
    case unknownOAuth = 3
}

/// One authentication row that touched the OAuth token endpoint (or, for exports, an OAuth login):
/// the unit every replay detection reasons about. Non-OAuth logins are only counted.
public struct AuthEvent: Sendable {
    public var source: AuthSource
    public var time: EventTime
    public var user: SalesforceID?
    /// The user id as written when it did not parse as an id (anonymised exports), else nil.
    public var rawUser: String?
    public var userName: String?
    /// ELF: `SOURCE_IP` (the caller; `CLIENT_IP` is often `Salesforce.com IP` on token rows).
    public var sourceAddress: SourceAddress
    public var userAgent: String
    public var loginKey: String?
    public var requestID: String
    public var flow: GrantFlow
    /// `LOGIN_TYPE` code (ELF) or label (exports), as written.
    public var loginType: String
    /// `LOGIN_STATUS` / `Status` as written.
    public var status: String
    public var succeeded: Bool
    /// Exports only: the connected app's label (`Application`).
    public var application: String?
    /// ELF `API_VERSION` etc. are not kept; `TLS_PROTOCOL` helps fingerprinting.
    public var tlsProtocol: String?
    public var countryCode: String?
    public var location: RowLocation

    public init(source: AuthSource, time: EventTime, user: SalesforceID?, rawUser: String? = nil, userName: String? = nil,
                sourceAddress: SourceAddress, userAgent: String, loginKey: String?, requestID: String, flow: GrantFlow,
                loginType: String, status: String, succeeded: Bool, application: String? = nil,
                tlsProtocol: String? = nil, countryCode: String? = nil, location: RowLocation) {
        self.source = source; self.time = time; self.user = user; self.rawUser = rawUser; self.userName = userName
        self.sourceAddress = sourceAddress; self.userAgent = userAgent; self.loginKey = loginKey
        self.requestID = requestID; self.flow = flow; self.loginType = loginType; self.status = status
        self.succeeded = succeeded; self.application = application; self.tlsProtocol = tlsProtocol
        self.countryCode = countryCode; self.location = location
    }
}
