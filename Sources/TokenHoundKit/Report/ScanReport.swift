/// One refresh grant as the per-app timeline draws it.
public struct GrantPoint: Sendable, Codable, Hashable {
    public var time: EventTime
    public var network: String
    public var succeeded: Bool
    public init(time: EventTime, network: String, succeeded: Bool) { self.time = time; self.network = network; self.succeeded = succeeded }
}

/// Per connected app: what the morning summary shows.
public struct AppActivitySummary: Sendable, Codable, Hashable {
    public var app: AppRef
    public var posture: AppPosture?
    /// One line: "Require Secret for Refresh Token Flow: OFF; rotation: off; tokens: infinite".
    public var postureLine: String
    /// Salesforce's CVSS band for the control gap, e.g. "Critical (9.0-10.0)"; "unknown" without metadata.
    public var cvssBand: String
    public var refreshGrants: Int
    public var failedGrants: Int
    public var users: Int
    /// Networks refreshed from (at most a dozen listed; `networkCount` is the true number).
    public var networks: [String]
    public var networkCount: Int
    /// Networks outside the baseline (at most a dozen listed; `newNetworkCount` is the true number).
    public var newNetworks: [String]
    public var newNetworkCount: Int
    public var firstSeen: EventTime?
    public var lastSeen: EventTime?
    /// Bounded sample of grants for the HTML timeline (at most a few thousand points).
    public var timeline: [GrantPoint]
    public var findingsByLevel: [String: Int]
    /// Ids of this app's findings, highest risk first.
    public var topFindingIDs: [String]
    /// "learning", "baseline from 2025-08-01 to 2025-08-08", "cold start: 2 days of history".
    public var baselineState: String
    public init(app: AppRef) {
        self.app = app; posture = nil; postureLine = ""; cvssBand = "unknown"; refreshGrants = 0; failedGrants = 0
        users = 0; networks = []; networkCount = 0; newNetworks = []; newNetworkCount = 0; firstSeen = nil; lastSeen = nil; timeline = []
        findingsByLevel = [:]; topFindingIDs = []; baselineState = ""
    }
}

/// A rule and whether it could run on this input.
public struct RuleAvailability: Sendable, Codable, Hashable {
    public var ruleID: String
    public var title: String
    public var canRun: Bool
    public var reason: String
    public init(ruleID: String, title: String, canRun: Bool, reason: String) {
        self.ruleID = ruleID; self.title = title; self.canRun = canRun; self.reason = reason
    }
}

/// Everything one scan produced: the input of every summary format.
public struct ScanReport: Sendable, Codable {
    public var tool: String
    public var toolVersion: String
    public var generatedAt: EventTime
    public var inputFiles: Int
    public var rowsRead: Int
    public var observedFrom: EventTime?
    public var observedTo: EventTime?
    public var apps: [AppActivitySummary]
    public var findings: [Finding]
    public var suppressedFindings: Int
    public var coverage: [EventTypeCoverage]
    public var rules: [RuleAvailability]
    public var diagnostics: [InputDiagnostic]
    public init(tool: String = "tokenhound", toolVersion: String, generatedAt: EventTime) {
        self.tool = tool; self.toolVersion = toolVersion; self.generatedAt = generatedAt
        inputFiles = 0; rowsRead = 0; observedFrom = nil; observedTo = nil; apps = []; findings = []
        suppressedFindings = 0; coverage = []; rules = []; diagnostics = []
    }
}
