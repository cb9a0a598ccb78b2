/// Turns an episode (rule, app, user, network, grants, evidence of confidence) into the one
/// `Finding` value every output format projects.
struct FindingBuilder {
    let context: AnalysisContext

    struct Episode {
        var rule: RuleDescriptor
        var app: AppCatalog.Identity
        var userKey: String
        var grants: [AttributedGrant]
        var network: NetworkKey?
        var confidence: ConfidenceBuilder
        var chain: ChainEvidence = ChainEvidence()
        var indicators: [IndicatorMatch] = []
        var summary: String
        /// Impact floor for rules where the token is known stolen regardless of configuration.
        var impactFloor: (Int, String)? = nil
        var extraEvidence: [EvidenceItem] = []
        var firstSeen: EventTime? = nil
        var lastSeen: EventTime? = nil
        var eventCount: Int? = nil
        var userAgentOverride: String? = nil
    }

    func build(_ e: Episode) -> Finding {
        let impact = context.impact(for: e.app, userKey: e.userKey)
        var score = impact.score
        var reasons = impact.reasons
        if let floor = e.impactFloor, floor.0 > score {
            score = floor.0
            reasons.append("raised to \(floor.0): \(floor.1)")
        }
        let assessed = SeverityModel.assess(impact: score, impactReasons: reasons, confidence: e.confidence)
        let first = e.firstSeen ?? e.grants.first?.time ?? EventTime(millis: 0)
        let last = e.lastSeen ?? e.grants.last?.time ?? first
        let userName = e.grants.lazy.compactMap { $0.event.userName }.first
        let userID = e.userKey == "(unknown)" ? nil : e.userKey
        let networkLabel = e.network.map { context.options.resolver.label(for: $0) }
        let uas = Array(Set(e.grants.map { $0.event.userAgent })).sorted()
        let ua = e.userAgentOverride ?? (uas.isEmpty ? nil : uas.joined(separator: " | "))
        let attribution = e.grants.map(\.method).min() ?? .unattributed
        var why = assessed.why
        if attribution == .unattributed {
            why.insert("attribution: \(AttributionMethod.unattributed.explanation)", at: 0)
        } else {
            why.insert("attribution: \(attribution.explanation)", at: 0)
        }
        let idSource = "\(e.rule.id)|\(e.app.key)|\(e.userKey)|\(networkLabel ?? "")|\(first.millis)"
        let id = String(fnv1a64(idSource), radix: 16).leftPadded(to: 16)
        return Finding(
            id: id, ruleID: e.rule.id, ruleTitle: e.rule.title,
            attackTechniqueID: e.rule.attackTechniqueID, attackTechniqueName: e.rule.attackTechniqueName,
            level: assessed.level, riskScore: assessed.risk, impact: assessed.impact, confidence: assessed.confidence,
            app: e.app.ref, user: UserRef(id: userID, name: userName),
            sourceIP: e.grants.first.map { $0.event.sourceAddress.display }, network: networkLabel, userAgent: ua,
            firstSeen: first, lastSeen: last, eventCount: e.eventCount ?? e.grants.count,
            secretPresence: context.secretPresence(grants: e.grants, secretRequired: impact.secretRequired),
            attribution: attribution, postureFacts: impact.facts, why: why,
            evidence: Array((context.evidenceSample(e.grants) + e.extraEvidence).prefix(context.options.evidenceLimit + 4)),
            chain: ChainCollector.steps(grants: e.grants, chain: e.chain),
            indicators: e.indicators, summary: e.summary, remediation: remediation(for: e, impact: impact),
            detectedAt: context.options.detectionTime)
    }

    private func remediation(for e: Episode, impact: AnalysisContext.Impact) -> String {
        var steps: [String] = []
        switch e.rule.number {
        case 1, 2, 3, 4, 11, 12:
            steps.append("Revoke this user's refresh tokens for \(e.app.ref.display) (Setup > Connected Apps OAuth Usage, or the user's OAuth Connected Apps list) and rotate the app's consumer secret if it could have leaked.")
        case 5, 6, 7, 8:
            steps.append("Treat the session's data access as exfiltration: review what the queries and jobs returned, then revoke the session and tokens.")
        default:
            break
        }
        if !impact.remediation.isEmpty { steps.append(impact.remediation) }
        return steps.joined(separator: " ")
    }
}

extension String {
    func leftPadded(to width: Int, with pad: Character = "0") -> String {
        count >= width ? self : String(repeating: pad, count: width - count) + self
    }
}
