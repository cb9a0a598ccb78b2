/// Knobs of one analysis. Defaults are what a first run on downloaded exports should use.
public struct AnalysisOptions: Sendable {
    /// Days from an app's first grant during which its networks and clients are learned.
    public var learningDays: Int = 7
    /// Silence after which a returning (app, user) counts as dormant.
    public var dormantDays: Int = 14
    /// Two networks alternating within this window form a split brain.
    public var splitBrainWindowHours: Int = 6
    /// Post-grant activity within this window joins the grant's chain.
    public var chainWindowMinutes: Int = 120
    /// A bulk job deleted within this many minutes of completing is suspicious.
    public var bulkDeleteMinutes: Int = 10
    /// The time written as detection time (SIEM primary time). Fixed in tests for stable output.
    public var detectionTime: EventTime
    public var indicatorPacks: [IndicatorPack] = [.builtIn]
    public var resolver = NetworkResolver()
    public var torExits: TorExitList? = nil
    /// ASNs the user marks as hosting/VPN (enrichment for rule 4).
    public var highRiskASNs: Set<UInt32> = []
    /// Users with Modify All Data / View All Data / Manage Users (PermissionSetAssignment or config).
    public var privilegedUsers: Set<SalesforceID> = []
    /// Approved app names (lowercased); empty = no allowlist configured.
    public var approvedApps: Set<String> = []
    /// Per app (lowercased name) networks expected for its egress, counted as baseline from the start.
    public var expectedEgress: [String: [NetworkKey]] = [:]
    /// Evidence items kept per finding.
    public var evidenceLimit: Int = 8
    /// Threads the analysis may use for independent pieces (apps' users, rules). Results never
    /// depend on it.
    public var threads: Int = 1

    public init(detectionTime: EventTime) { self.detectionTime = detectionTime }
}
