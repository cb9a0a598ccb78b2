/// A connected app as findings name it. Either part may be unknown.
public struct AppRef: Hashable, Sendable, Codable, Comparable {
    /// 18-char `0H4...` id when known.
    public var id: String?
    /// Label / name when known. For unattributed grants: nil, and `unattributedKey` says what grouped them.
    public var name: String?
    public init(id: String?, name: String?) { self.id = id; self.name = name }
    public var display: String { name ?? id ?? "(unattributed)" }

    /// How people name an app in filters and suppressions: its label or its id, any case.
    public func matches(_ text: String) -> Bool {
        let t = text.lowercased()
        return name?.lowercased() == t || id?.lowercased() == t
    }
    public static func < (a: AppRef, b: AppRef) -> Bool { (a.name ?? "", a.id ?? "") < (b.name ?? "", b.id ?? "") }
}

public struct UserRef: Hashable, Sendable, Codable, Comparable {
    /// 18-char id when known (raw text for anonymised exports).
    public var id: String?
    public var name: String?
    public init(id: String?, name: String?) { self.id = id; self.name = name }
    public var display: String { name ?? id ?? "(unknown user)" }

    /// How people name a user in filters and suppressions: user name or id in any case, or a
    /// 15-char id, which is compared exactly in its 18-char form (Salesforce ids are case-sensitive).
    public func matches(_ text: String) -> Bool {
        let t = text.lowercased()
        if name?.lowercased() == t || id?.lowercased() == t { return true }
        guard let id, let normalised = SalesforceID(text) else { return false }
        return normalised.description == id
    }
    public static func < (a: UserRef, b: UserRef) -> Bool { (a.id ?? "", a.name ?? "") < (b.id ?? "", b.name ?? "") }
}

/// One piece of evidence a responder can open: file, line, request id and time.
public struct EvidenceItem: Hashable, Sendable, Codable {
    public var file: String
    public var line: Int
    public var requestID: String
    public var time: EventTime
    /// One line in plain words ("refresh grant from 208.68.36.90, python-requests/2.32.4, LOGIN_NO_ERROR").
    public var summary: String
    public init(file: String, line: Int, requestID: String, time: EventTime, summary: String) {
        self.file = file; self.line = line; self.requestID = requestID; self.time = time; self.summary = summary
    }
}

/// A step of what a token did after its grant (issue: follow the token after the grant).
public struct ChainStep: Hashable, Sendable, Codable {
    public enum Kind: String, Sendable, Codable {
        case grant, recon, query, bulkExport = "bulk_export", bulkDelete = "bulk_delete", secretSearch = "secret_search", other
    }
    public var time: EventTime
    public var kind: Kind
    public var detail: String
    public init(time: EventTime, kind: Kind, detail: String) { self.time = time; self.kind = kind; self.detail = detail }
}

/// A known-bad indicator that matched (built-in or user pack).
public struct IndicatorMatch: Hashable, Sendable, Codable {
    public var indicator: String
    public var type: String       // "user_agent" | "ip" | "cidr"
    public var campaign: String
    public var source: String
    public var packVersion: String
    public init(indicator: String, type: String, campaign: String, source: String, packVersion: String) {
        self.indicator = indicator; self.type = type; self.campaign = campaign; self.source = source; self.packVersion = packVersion
    }
}

/// The one finding value every output format projects. Detection code builds it; sinks only read it.
public struct Finding: Hashable, Sendable, Codable {
    /// Stable id: a hash of rule, app, user, network and first-seen, so re-runs and SIEM
    /// de-duplication agree.
    public var id: String
    public var ruleID: String
    public var ruleTitle: String
    /// MITRE ATT&CK technique id and name, e.g. ("T1550.001", "Use Alternate Authentication Material: Application Access Token").
    public var attackTechniqueID: String
    public var attackTechniqueName: String
    public var level: Level
    public var riskScore: Int
    public var impact: Int
    public var confidence: Int
    public var app: AppRef
    public var user: UserRef
    /// The IP the episode came from (the first seen, when the episode spans several).
    public var sourceIP: String?
    /// The grouping network (/24, /48 or ASN), as text.
    public var network: String?
    public var userAgent: String?
    public var firstSeen: EventTime
    public var lastSeen: EventTime
    public var eventCount: Int
    public var secretPresence: SecretPresence
    public var attribution: AttributionMethod
    /// Configuration facts used for impact ("Require Secret for Refresh Token Flow: off", ...).
    public var postureFacts: [String]
    /// "Why this severity", in plain words, in the order they moved the score.
    public var why: [String]
    public var evidence: [EvidenceItem]
    public var chain: [ChainStep]
    public var indicators: [IndicatorMatch]
    /// One sentence a person reads first.
    public var summary: String
    /// What to do now.
    public var remediation: String
    /// When tokenhound produced it (the primary time in SIEM formats; the observed window is
    /// first/last seen, because exports are often days old).
    public var detectedAt: EventTime

    public init(id: String, ruleID: String, ruleTitle: String, attackTechniqueID: String, attackTechniqueName: String,
                level: Level, riskScore: Int, impact: Int, confidence: Int, app: AppRef, user: UserRef,
                sourceIP: String?, network: String?, userAgent: String?, firstSeen: EventTime, lastSeen: EventTime,
                eventCount: Int, secretPresence: SecretPresence, attribution: AttributionMethod, postureFacts: [String],
                why: [String], evidence: [EvidenceItem], chain: [ChainStep], indicators: [IndicatorMatch],
                summary: String, remediation: String, detectedAt: EventTime) {
        self.id = id; self.ruleID = ruleID; self.ruleTitle = ruleTitle; self.attackTechniqueID = attackTechniqueID
        self.attackTechniqueName = attackTechniqueName; self.level = level; self.riskScore = riskScore
        self.impact = impact; self.confidence = confidence; self.app = app; self.user = user
        self.sourceIP = sourceIP; self.network = network; self.userAgent = userAgent; self.firstSeen = firstSeen
        self.lastSeen = lastSeen; self.eventCount = eventCount; self.secretPresence = secretPresence
        self.attribution = attribution; self.postureFacts = postureFacts; self.why = why; self.evidence = evidence
        self.chain = chain; self.indicators = indicators; self.summary = summary; self.remediation = remediation
        self.detectedAt = detectedAt
    }
}
