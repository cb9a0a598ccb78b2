/// What a rule needs to run.
public enum RuleRequirement: String, Sendable, Codable {
    case refreshGrants = "refresh-token grants (ELF Login, LoginHistory or LoginEvent)"
    case sessionActivity = "API activity with LOGIN_KEY (RestApi, API or BulkApiRequest) or ApiTotalUsage"
    case bulkJobs = "BulkApi2 job events"
    case queries = "SOQL text (RestApi, API or UniqueQuery)"
    case apiVolume = "API volume (ApiTotalUsage or RestApi)"
    case posture = "connected app metadata (--posture)"
    case torList = "a Tor exit list (enrichment)"
}

/// A detection as documented to users: id, evidence, ATT&CK mapping and known false positives.
public struct RuleDescriptor: Sendable, Codable, Hashable {
    public var id: String
    public var number: Int
    public var title: String
    public var description: String
    public var evidence: String
    public var attackTechniqueID: String
    public var attackTechniqueName: String
    public var falsePositives: [String]
    public var requires: [RuleRequirement]
    /// Posture is a severity input and report, not an alert; coverage is a report.
    public var emitsFindings: Bool
}

public enum RuleCatalog {
    static let tokenReuse = ("T1550.001", "Use Alternate Authentication Material: Application Access Token")

    public static let headlessReplay = RuleDescriptor(
        id: "TH-001", number: 1, title: "Headless refresh-token replay from a new network",
        description: "A refresh-token grant for a connected app and user from a network outside the app's learned baseline: a stolen refresh token used from someone else's server.",
        evidence: "Successful refresh grants per (app, user, network); the app's baseline networks learned over the learning window.",
        attackTechniqueID: tokenReuse.0, attackTechniqueName: tokenReuse.1,
        falsePositives: ["cold start (no baseline yet; reported as such, low confidence)", "vendor moving egress (same client family, secret presented, clean handover lowers confidence)", "mobile users on carrier networks (apps whose baseline already churns need a second signal)", "NAT/IPv6 churn", "`Salesforce.com IP` (never counted as a network)"],
        requires: [.refreshGrants], emitsFindings: true)

    public static let splitBrain = RuleDescriptor(
        id: "TH-002", number: 2, title: "Split brain: two token lineages refreshing at once",
        description: "The same (app, user) refreshes from two disjoint networks interleaved in time, one of them outside the baseline: two holders of the token are alive at once. The strongest replay signal when rotation is off.",
        evidence: "Time-ordered refresh grants of one (app, user) alternating between networks within the split-brain window.",
        attackTechniqueID: tokenReuse.0, attackTechniqueName: tokenReuse.1,
        falsePositives: ["active/active vendor regions (both in the baseline: silent)", "blue/green deploys (short overlap, same client family: lower confidence)"],
        requires: [.refreshGrants], emitsFindings: true)

    public static let toolFingerprint = RuleDescriptor(
        id: "TH-003", number: 3, title: "Attack-tool or unfamiliar client fingerprint",
        description: "A refresh grant whose user agent matches a known campaign indicator, or a scripting client family the app's baseline never used.",
        evidence: "BROWSER_TYPE / Browser of refresh grants; the indicator pack; the app's baseline user-agent families.",
        attackTechniqueID: tokenReuse.0, attackTechniqueName: tokenReuse.1,
        falsePositives: ["Salesforce CLI and Python ETL are legitimate (silent when in the baseline)", "user agents are spoofable (absence proves nothing)"],
        requires: [.refreshGrants], emitsFindings: true)

    public static let anonymisingInfrastructure = RuleDescriptor(
        id: "TH-004", number: 4, title: "Grant from anonymising or high-risk infrastructure",
        description: "A refresh grant from a Tor exit (as listed on the event's date) or from a hosting/VPN ASN the user named as high risk.",
        evidence: "Source IPs of grants; a user-supplied Tor exit list and optional ASN table and hosting ASN list.",
        attackTechniqueID: "T1090.003", attackTechniqueName: "Proxy: Multi-hop Proxy",
        falsePositives: ["orgs that allow Tor", "legitimate integrations hosted on clouds (use the ASN list with care)"],
        requires: [.refreshGrants, .torList], emitsFindings: true)

    public static let reconAfterGrant = RuleDescriptor(
        id: "TH-005", number: 5, title: "Reconnaissance right after a grant",
        description: "sobjects listing, describes, SELECT COUNT() on core objects, small User samples, limits, Organization, within minutes of a grant on the same session or user and IP.",
        evidence: "RestApi/API/UniqueQuery rows joined to the grant by LOGIN_KEY, or ApiTotalUsage by user, IP and time.",
        attackTechniqueID: "T1087.004", attackTechniqueName: "Account Discovery: Cloud Account",
        falsePositives: ["BI tools' first sync describe everything once"],
        requires: [.refreshGrants, .sessionActivity], emitsFindings: true)

    public static let bulkExport = RuleDescriptor(
        id: "TH-006", number: 6, title: "Bulk export by an app/user without bulk history or from a new network",
        description: "A Bulk API query job by an (app, user) that never ran one before, or from a network outside the baseline.",
        evidence: "BulkApi2 / BulkApiRequest rows, joined to grants by LOGIN_KEY.",
        attackTechniqueID: "T1530", attackTechniqueName: "Data from Cloud Storage",
        falsePositives: ["nightly ETL (in the baseline: silent)", "migrations and month end"],
        requires: [.refreshGrants, .bulkJobs], emitsFindings: true)

    public static let bulkJobDeleted = RuleDescriptor(
        id: "TH-007", number: 7, title: "Bulk job deleted minutes after completing",
        description: "A Bulk API 2.0 job deleted shortly after it completed (anti-forensics, as in the Drift campaign: ~24 s). Weighted only together with rules 1-6.",
        evidence: "BulkApi2 JOB_STATUS transitions of one JOB_ID.",
        attackTechniqueID: "T1070", attackTechniqueName: "Indicator Removal",
        falsePositives: ["tools that clean up their own jobs (in the baseline: low)"],
        requires: [.bulkJobs], emitsFindings: true)

    public static let secretHunting = RuleDescriptor(
        id: "TH-008", number: 8, title: "Secret-hunting queries",
        description: "SOQL/SOSL searching record text for credentials (AKIA, password, secret, token, snowflake, PRIVATE KEY).",
        evidence: "QUERY text of RestApi/API/UniqueQuery rows.",
        attackTechniqueID: "T1552", attackTechniqueName: "Unsecured Credentials",
        falsePositives: ["responders running the same searches after an incident (from baseline networks: low)"],
        requires: [.queries], emitsFindings: true)

    public static let volumeAnomaly = RuleDescriptor(
        id: "TH-009", number: 9, title: "API volume anomaly against the app's own history",
        description: "A day whose calls, rows or bytes for an app far exceed that app's own daily history.",
        evidence: "Daily API volume per app (ApiTotalUsage or RestApi), hourly/daily duplicates counted once.",
        attackTechniqueID: "T1530", attackTechniqueName: "Data from Cloud Storage",
        falsePositives: ["migrations, month end, a BI tool's first sync (new apps have no history: silent)"],
        requires: [.apiVolume], emitsFindings: true)

    public static let newApp = RuleDescriptor(
        id: "TH-010", number: 10, title: "New or unapproved connected app, Data Loader look-alike",
        description: "An app first seen after the learning window or absent from the approved list, or a Data Loader client under another app name (UNC6040).",
        evidence: "Grant and API attribution; the approved-app list in --config.",
        attackTechniqueID: "T1528", attackTechniqueName: "Steal Application Access Token",
        falsePositives: ["a sanctioned new integration (add it to approved_apps)"],
        requires: [.refreshGrants], emitsFindings: true)

    public static let blockedReplay = RuleDescriptor(
        id: "TH-011", number: 11, title: "Blocked replay and rotation fallout",
        description: "Failed refresh attempts from a network outside the baseline (the control worked, the token is stolen anyway), or, with rotation on, the legitimate client's refreshes failing right after a foreign refresh.",
        evidence: "Failed token-endpoint grants (LOGIN_STATUS other than LOGIN_NO_ERROR, LoginHistory Status failures).",
        attackTechniqueID: tokenReuse.0, attackTechniqueName: tokenReuse.1,
        falsePositives: ["a client misconfigured after a secret rotation (baseline network: silent)"],
        requires: [.refreshGrants], emitsFindings: true)

    public static let dormantReturn = RuleDescriptor(
        id: "TH-012", number: 12, title: "Dormant token returns",
        description: "A grant for an (app, user) after a long silence, from a network that (app, user) never used: a forgotten token still valid.",
        evidence: "Gaps between successful grants per (app, user); OauthToken exports list who still holds tokens.",
        attackTechniqueID: tokenReuse.0, attackTechniqueName: tokenReuse.1,
        falsePositives: ["seasonal integrations returning from their usual network (silent)"],
        requires: [.refreshGrants], emitsFindings: true)

    public static let posture = RuleDescriptor(
        id: "TH-013", number: 13, title: "Connected app posture (severity input)",
        description: "Apps without 'Require Secret for Refresh Token Flow', without rotation, with infinite tokens, relaxed IP policy, self-authorised users or Full scope. Not an alert: it sets the impact of every finding and has its own report (tokenhound posture).",
        evidence: "Metadata API XML: *.connectedApp-meta.xml and External Client App files.",
        attackTechniqueID: "T1528", attackTechniqueName: "Steal Application Access Token",
        falsePositives: ["retrieved metadata may predate a change; the report prints 'configuration as of'"],
        requires: [.posture], emitsFindings: false)

    public static let coverage = RuleDescriptor(
        id: "TH-014", number: 14, title: "Coverage and header drift",
        description: "Which event types, days and hours were present, header drift, and which rules could not run for lack of an event type. A report (inspect, scan's summary), not an alert.",
        evidence: "Every input file's kind, header and time span.",
        attackTechniqueID: "", attackTechniqueName: "",
        falsePositives: [], requires: [], emitsFindings: false)

    public static let all: [RuleDescriptor] = [
        headlessReplay, splitBrain, toolFingerprint, anonymisingInfrastructure, reconAfterGrant, bulkExport,
        bulkJobDeleted, secretHunting, volumeAnomaly, newApp, blockedReplay, dormantReturn, posture, coverage,
    ]
}
