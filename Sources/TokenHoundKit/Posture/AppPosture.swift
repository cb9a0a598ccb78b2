/// A connected app's (or External Client App's) OAuth configuration as far as tokenhound needs it.
/// Every field is optional-or-unknown: no configuration means *unknown*, never *safe*.
public struct AppPosture: Hashable, Sendable, Codable {
    public enum AppKind: String, Sendable, Codable { case connectedApp = "connected_app", externalClientApp = "external_client_app" }

    public enum IPRelaxation: Hashable, Sendable, Codable {
        case enforce, enforceRelaxRefresh, bypassTwoFactor, bypass
        case unknown(String)
    }

    public enum RefreshTokenPolicy: Hashable, Sendable, Codable {
        case infinite
        case zero
        /// Expires N units after issue.
        case specificLifetime(Int, String)
        /// Expires after N units unused.
        case specificInactivity(Int, String)
        case unknown(String)
    }

    public enum PermittedUsers: Hashable, Sendable, Codable {
        case adminApprovedPreAuthorized, allSelfAuthorized
        case unknown(String)
    }

    public var kind: AppKind
    /// Developer name (the file's base name), e.g. `Drift`.
    public var developerName: String
    /// `label`, what LoginHistory's `Application` and ApiTotalUsage's `CONNECTED_APP_NAME` show.
    public var label: String
    /// "Require Secret for Refresh Token Flow"; nil = unknown.
    public var secretRequiredForRefresh: Bool?
    public var refreshTokenRotation: Bool?
    public var consumerSecretOptional: Bool?
    public var pkceRequired: Bool?
    public var ipRelaxation: IPRelaxation
    public var refreshTokenPolicy: RefreshTokenPolicy
    public var permittedUsers: PermittedUsers
    public var scopes: [String]
    public var hasIPRanges: Bool
    /// Files the facts were read from (an ECA spreads over several).
    public var sourceFiles: [String]
    /// Modification time of the newest source file: "configuration as of".
    public var asOf: EventTime?

    public init(kind: AppKind, developerName: String, label: String, secretRequiredForRefresh: Bool?, refreshTokenRotation: Bool?,
                consumerSecretOptional: Bool?, pkceRequired: Bool?, ipRelaxation: IPRelaxation, refreshTokenPolicy: RefreshTokenPolicy,
                permittedUsers: PermittedUsers, scopes: [String], hasIPRanges: Bool, sourceFiles: [String], asOf: EventTime?) {
        self.kind = kind; self.developerName = developerName; self.label = label
        self.secretRequiredForRefresh = secretRequiredForRefresh; self.refreshTokenRotation = refreshTokenRotation
        self.consumerSecretOptional = consumerSecretOptional; self.pkceRequired = pkceRequired
        self.ipRelaxation = ipRelaxation; self.refreshTokenPolicy = refreshTokenPolicy; self.permittedUsers = permittedUsers
        self.scopes = scopes; self.hasIPRanges = hasIPRanges; self.sourceFiles = sourceFiles; self.asOf = asOf
    }
}
