/// What one app's configuration means for a stolen refresh token: Salesforce's CVSS band for the
/// "Require Secret for Refresh Token Flow" control, the impact score tokenhound's severity model
/// multiplies with behavioural confidence, and what to change.
///
/// ## Impact model (0-100: the impact of a stolen refresh token for this app)
///
/// Base (from the control, "Require Secret for Refresh Token Flow", and rotation off):
///
/// | Configuration | Base | Why |
/// |---|---|---|
/// | Connected App, control off | 92 | a refresh token alone mints access tokens (Salesforce: Critical, 9.0-10.0) |
/// | External Client App, control off | 78 | the same gap on an ECA (Salesforce: High, 7.0-8.9) |
/// | Connected App, control on | 70 | a stolen token also needs the client secret: success from a foreign network means the secret leaked too, as in a vendor breach |
/// | External Client App, control on | 62 | as above, on an ECA |
/// | no configuration for the app | 80 | assumed exposed, never safe |
///
/// A configuration that was supplied but does not say whether the control is on (for instance an ECA
/// without its global OAuth settings file) is scored as control off for its kind: unknown is never safe.
///
/// Modifiers (added to the base):
///
/// | Fact | Points |
/// |---|---|
/// | Refresh Token Rotation on: a stolen token dies at its first unauthorised use | -30 |
/// | refresh token policy `infinite`: stolen tokens never expire | +5 |
/// | policy `zero`, or `specific_lifetime` of at most 24 hours | -15 |
/// | any other `specific_lifetime`, or `specific_inactivity` | -5 |
/// | IP relaxation `ENFORCE_RELAXREFRESH`, `BYPASS_2FACTOR` or `BYPASS`: IP restrictions skipped on refresh | +4 |
/// | IP relaxation `ENFORCE` with trusted `ipRanges`: refresh restricted to trusted IP ranges | -8 |
/// | all users may self-authorise (not admin-approved) | +3 |
/// | `Full` scope granted | +3 |
/// | runs as a privileged integration user (Modify All Data, View All Data, Manage Users) — `impact(privilegedUser: true)` | +8 |
///
/// Unknown values (nil booleans, `.unknown(...)` enums) add nothing and are named in the reasons.
/// Without any configuration only the privileged-user modifier applies. The result is clamped to 5...100.
public struct PostureAssessment: Sendable, Hashable {
    public let posture: AppPosture?

    public init(_ posture: AppPosture?) { self.posture = posture }

    // MARK: Points (public so the README and tests can quote them)

    public static let baseConnectedAppExposed = 92
    public static let baseExternalClientAppExposed = 78
    public static let baseConnectedAppSecretRequired = 70
    public static let baseExternalClientAppSecretRequired = 62
    public static let baseUnknown = 80
    public static let rotationOn = -30
    public static let tokensInfinite = 5
    public static let tokensShort = -15
    public static let tokensExpiring = -5
    public static let ipRelaxedOnRefresh = 4
    public static let ipEnforcedWithRanges = -8
    public static let selfAuthorised = 3
    public static let fullScope = 3
    public static let privilegedUser = 8
    public static let scoreRange = 5...100

    // MARK: The control

    /// "Require Secret for Refresh Token Flow": true = enforced, false = off, nil = unknown.
    public var controlEnforced: Bool? { posture?.secretRequiredForRefresh }

    /// Salesforce's estimated CVSS band for the control gap on this app.
    public var cvssBand: String {
        guard let posture else { return "unknown (no configuration supplied)" }
        switch posture.secretRequiredForRefresh {
        case true?: return "not exposed (control enforced)"
        case false?: return posture.kind == .connectedApp ? "Critical (9.0-10.0)" : "High (7.0-8.9)"
        case nil:
            let band = posture.kind == .connectedApp ? "Critical (9.0-10.0)" : "High (7.0-8.9)"
            return "unknown (control setting not supplied; \(band) if off)"
        }
    }

    /// Salesforce's risk modifiers for the control that apply here (configuration only; see
    /// `modifiers(privilegedUser:)` for the integration user).
    public var modifiers: [String] { modifiers(privilegedUser: nil) }

    /// `privilegedUser`: true/false when known from the logs or the user, nil when unknown.
    public func modifiers(privilegedUser: Bool?) -> [String] {
        var out: [String] = []
        guard let posture else {
            out.append("unknown: no configuration supplied, so the never-expiring-token and rotation modifiers cannot be judged")
            if privilegedUser == true { out.append("higher risk: runs as a privileged integration user (Modify All Data / View All Data / Manage Users)") }
            return out
        }
        if posture.refreshTokenPolicy == .infinite { out.append("higher risk: refresh tokens never expire (policy: infinite)") }
        switch privilegedUser {
        case true?: out.append("higher risk: runs as a privileged integration user (Modify All Data / View All Data / Manage Users)")
        case false?: break
        case nil: out.append("higher risk if the integration user is privileged (Modify All Data / View All Data / Manage Users): not known from configuration")
        }
        switch posture.refreshTokenRotation {
        case true?: out.append("lower risk: Refresh Token Rotation is on (a stolen token dies at its first unauthorised use)")
        case false?: break
        case nil: out.append("unknown: whether Refresh Token Rotation is on")
        }
        return out
    }

    // MARK: Impact

    /// Impact score without knowledge of the integration user.
    public var impactScore: Int { impact(privilegedUser: false).score }
    public var impactReasons: [String] { impact(privilegedUser: false).reasons }

    /// Impact 0-100 of a stolen refresh token for this app, and the plain-words reasons (each with its points).
    public func impact(privilegedUser: Bool) -> (score: Int, reasons: [String]) {
        var score = 0
        var reasons: [String] = []
        func add(_ points: Int, _ why: String) {
            score += points
            reasons.append("\(why) (\(points >= 0 ? "+" : "")\(points))")
        }
        guard let posture else {
            add(Self.baseUnknown, "no configuration for this app: assumed exposed, never safe")
            if privilegedUser { add(Self.privilegedUser, "runs as a privileged integration user") }
            return (clamp(score), reasons)
        }
        let ca = posture.kind == .connectedApp
        switch posture.secretRequiredForRefresh {
        case false?:
            add(ca ? Self.baseConnectedAppExposed : Self.baseExternalClientAppExposed,
                "\(posture.kindName) does not require the secret for the refresh token flow: a stolen refresh token alone mints access tokens")
        case nil:
            add(ca ? Self.baseConnectedAppExposed : Self.baseExternalClientAppExposed,
                "'Require Secret for Refresh Token Flow' not in the supplied configuration: assumed off, never safe")
        case true?:
            add(ca ? Self.baseConnectedAppSecretRequired : Self.baseExternalClientAppSecretRequired,
                "\(posture.kindName) requires the secret for the refresh token flow: a stolen token also needs the secret, so success from a foreign network means the secret leaked too")
        }
        switch posture.refreshTokenRotation {
        case true?: add(Self.rotationOn, "refresh token rotation on: a stolen token dies at its first unauthorised use")
        case false?: break
        case nil: reasons.append("refresh token rotation unknown: not scored (+0)")
        }
        switch posture.refreshTokenPolicy {
        case .infinite: add(Self.tokensInfinite, "refresh tokens never expire (policy: infinite)")
        case .zero: add(Self.tokensShort, "refresh tokens expire immediately (policy: zero)")
        case .specificLifetime(let n, let unit):
            if let h = AppPosture.RefreshTokenPolicy.hours(n, unit), h <= 24 {
                add(Self.tokensShort, "refresh tokens expire \(n) \(unit.lowercased()) after issue (24 hours or less)")
            } else {
                add(Self.tokensExpiring, "refresh tokens expire \(n) \(unit.lowercased()) after issue")
            }
        case .specificInactivity(let n, let unit):
            add(Self.tokensExpiring, "refresh tokens expire after \(n) \(unit.lowercased()) unused")
        case .unknown(let raw): reasons.append("refresh token policy unknown (\(raw)): not scored (+0)")
        }
        switch posture.ipRelaxation {
        case .enforceRelaxRefresh, .bypass, .bypassTwoFactor:
            add(Self.ipRelaxedOnRefresh, "IP restrictions skipped on refresh (IP relaxation: \(posture.ipRelaxation.metadataValue))")
        case .enforce:
            if posture.hasIPRanges { add(Self.ipEnforcedWithRanges, "refresh restricted to trusted IP ranges") }
        case .unknown(let raw): reasons.append("IP relaxation unknown (\(raw)): not scored (+0)")
        }
        switch posture.permittedUsers {
        case .allSelfAuthorized: add(Self.selfAuthorised, "all users may self-authorise (not admin-approved)")
        case .adminApprovedPreAuthorized: break
        case .unknown(let raw): reasons.append("permitted users unknown (\(raw)): not scored (+0)")
        }
        if posture.hasFullScope { add(Self.fullScope, "grants the Full scope") }
        if privilegedUser { add(Self.privilegedUser, "runs as a privileged integration user") }
        return (clamp(score), reasons)
    }

    private func clamp(_ v: Int) -> Int { min(max(v, Self.scoreRange.lowerBound), Self.scoreRange.upperBound) }

    // MARK: Summary and remediation

    /// "secret required for refresh: NO; rotation: off; refresh tokens: infinite; IP: enforce; users: self-authorised".
    public var postureLine: String {
        guard let p = posture else { return "unknown: no metadata supplied" }
        let secret = p.secretRequiredForRefresh.map { $0 ? "yes" : "NO" } ?? "unknown"
        let rotation = p.refreshTokenRotation.map { $0 ? "on" : "off" } ?? "unknown"
        let tokens: String
        switch p.refreshTokenPolicy {
        case .infinite: tokens = "infinite"
        case .zero: tokens = "zero"
        case .specificLifetime(let n, let u): tokens = "expire \(n) \(u.lowercased()) after issue"
        case .specificInactivity(let n, let u): tokens = "expire after \(n) \(u.lowercased()) unused"
        case .unknown(let raw): tokens = "unknown (\(raw))"
        }
        let ip: String
        switch p.ipRelaxation {
        case .enforce: ip = p.hasIPRanges ? "enforce (trusted IP ranges)" : "enforce"
        case .enforceRelaxRefresh: ip = "relaxed on refresh"
        case .bypassTwoFactor: ip = "bypass with second factor"
        case .bypass: ip = "bypass"
        case .unknown(let raw): ip = "unknown (\(raw))"
        }
        let users: String
        switch p.permittedUsers {
        case .adminApprovedPreAuthorized: users = "admin-approved"
        case .allSelfAuthorized: users = "self-authorised"
        case .unknown(let raw): users = "unknown (\(raw))"
        }
        return "secret required for refresh: \(secret); rotation: \(rotation); refresh tokens: \(tokens); IP: \(ip); users: \(users)"
    }

    /// Concrete steps, one per line, for what is missing; always ends with revoking existing tokens
    /// when a stolen token could still work.
    public var remediationSteps: [String] {
        guard let p = posture else {
            return ["supply this app's metadata (sf project retrieve start -m ConnectedApp or ExternalClientApplication and its ExtlClntApp* settings) so its posture can be judged",
                    "until then treat it as exposed: check Setup > App Manager for 'Require Secret for Refresh Token Flow' and 'Enable Refresh Token Rotation'"]
        }
        var steps: [String] = []
        let name = p.label
        let ca = p.kind == .connectedApp
        let settings = ca ? "Setup > App Manager > \(name) > Edit > API (Enable OAuth Settings)"
                          : "Setup > External Client App Manager > \(name) > Edit Settings > OAuth Settings"
        let policies = ca ? "Setup > App Manager > \(name) > Manage > Edit Policies"
                          : "Setup > External Client App Manager > \(name) > Edit Policies > OAuth Policies"
        var toggles: [String] = []
        var metadata: [String] = []
        if p.secretRequiredForRefresh != true {
            toggles.append("'Require Secret for Refresh Token Flow'")
            metadata.append("<isSecretRequiredForRefreshToken>true</isSecretRequiredForRefreshToken>")
        }
        if p.refreshTokenRotation != true {
            toggles.append("'Enable Refresh Token Rotation'")
            metadata.append("<isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>")
        }
        if !toggles.isEmpty {
            let file = ca ? "the .connectedApp-meta.xml (oauthConfig)" : "the .ecaGlblOauth-meta.xml"
            steps.append("\(settings): enable \(toggles.joined(separator: " and ")) (in metadata: \(metadata.joined(separator: ", ")) in \(file))")
        }
        switch p.refreshTokenPolicy {
        case .infinite, .unknown:
            steps.append("\(policies): set the Refresh Token Policy to expire ('Expire refresh token after' a short lifetime, or 'if not used for' a short period) instead of 'valid until revoked'")
        default: break
        }
        if p.ipRelaxation != .enforce {
            steps.append("\(policies): set IP Relaxation to 'Enforce IP restrictions'" + (ca ? " and list the integration's egress ranges under IP Ranges" : ""))
        }
        if p.permittedUsers != .adminApprovedPreAuthorized {
            steps.append("\(policies): set Permitted Users to 'Admin approved users are pre-authorized' and assign only the integration user's profile or permission set")
        }
        if p.hasFullScope {
            steps.append("\(settings): remove the 'Full access (full)' scope; keep the narrowest scopes the integration needs")
        }
        if p.secretRequiredForRefresh != true || p.refreshTokenRotation != true || p.refreshTokenPolicy == .infinite {
            steps.append("revoke existing refresh tokens so any stolen one dies: Setup > Connected Apps OAuth Usage > \(name) > Revoke (settings changes do not invalidate tokens already issued)")
        }
        if steps.isEmpty {
            steps.append("no configuration change needed; if a replay is suspected, revoke the app's tokens (Setup > Connected Apps OAuth Usage > \(name) > Revoke) and rotate the consumer secret")
        }
        return steps
    }

    /// `remediationSteps` joined with newlines.
    public var remediation: String { remediationSteps.joined(separator: "\n") }
}

extension AppPosture {
    /// This configuration's assessment (CVSS band, impact, remediation).
    public var assessment: PostureAssessment { PostureAssessment(self) }
}
