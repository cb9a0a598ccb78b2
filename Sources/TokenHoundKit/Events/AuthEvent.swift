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
///
/// Stored compactly, since a store keeps one per grant: the request id and LOGIN_KEY inline
/// (`InlineToken`), and the text that repeats across a user's grants (user agent, user name,
/// type, status, ...) in one `AuthDetailsBox` that `EvidenceStore` shares between every event with
/// the same text. The properties read and write as before.
public struct AuthEvent: Sendable {
    public var source: AuthSource
    public var flow: GrantFlow
    public var succeeded: Bool
    public var time: EventTime
    public var user: SalesforceID?
    /// ELF: `SOURCE_IP` (the caller; `CLIENT_IP` is often `Salesforce.com IP` on token rows).
    public var sourceAddress: SourceAddress
    public var location: RowLocation
    var requestIDToken: InlineToken
    var loginKeyToken: InlineToken?
    var details: AuthDetailsBox

    /// The user id as written when it did not parse as an id (anonymised exports), else nil.
    public var rawUser: String? {
        get { details.values.rawUser }
        set { details = details.with { $0.rawUser = newValue } }
    }
    public var userName: String? {
        get { details.values.userName }
        set { details = details.with { $0.userName = newValue } }
    }
    public var userAgent: String {
        get { details.values.userAgent }
        set { details = details.with { $0.userAgent = newValue } }
    }
    public var loginKey: String? {
        get { loginKeyToken?.description }
        set { loginKeyToken = newValue.map(InlineToken.init) }
    }
    public var requestID: String {
        get { requestIDToken.description }
        set { requestIDToken = InlineToken(newValue) }
    }
    /// `LOGIN_TYPE` code (ELF) or label (exports), as written.
    public var loginType: String {
        get { details.values.loginType }
        set { details = details.with { $0.loginType = newValue } }
    }
    /// `LOGIN_STATUS` / `Status` as written.
    public var status: String {
        get { details.values.status }
        set { details = details.with { $0.status = newValue } }
    }
    /// Exports only: the connected app's label (`Application`).
    public var application: String? {
        get { details.values.application }
        set { details = details.with { $0.application = newValue } }
    }
    /// ELF `API_VERSION` etc. are not kept; `TLS_PROTOCOL` helps fingerprinting.
    public var tlsProtocol: String? {
        get { details.values.tlsProtocol }
        set { details = details.with { $0.tlsProtocol = newValue } }
    }
    public var countryCode: String? {
        get { details.values.countryCode }
        set { details = details.with { $0.countryCode = newValue } }
    }

    public init(source: AuthSource, time: EventTime, user: SalesforceID?, rawUser: String? = nil, userName: String? = nil,
                sourceAddress: SourceAddress, userAgent: String, loginKey: String?, requestID: String, flow: GrantFlow,
                loginType: String, status: String, succeeded: Bool, application: String? = nil,
                tlsProtocol: String? = nil, countryCode: String? = nil, location: RowLocation) {
        self.source = source; self.time = time; self.user = user
        self.sourceAddress = sourceAddress; self.loginKeyToken = loginKey.map(InlineToken.init)
        self.requestIDToken = InlineToken(requestID); self.flow = flow
        self.succeeded = succeeded; self.location = location
        self.details = AuthDetailsBox(AuthDetails(rawUser: rawUser, userName: userName, userAgent: userAgent, loginType: loginType,
                                                  status: status, application: application, tlsProtocol: tlsProtocol,
                                                  countryCode: countryCode))
    }
}
