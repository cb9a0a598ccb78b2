/// Accumulates behavioural evidence into a confidence score, keeping the plain-words reason for
/// every step so the finding can say why it has the severity it has.
public struct ConfidenceBuilder: Sendable {
    public private(set) var score: Int
    public private(set) var reasons: [String] = []
    /// Whether something bordering certainty backs the finding (a known indicator, or the
    /// recon -> bulk -> delete chain). Only corroborated findings may be critical.
    public private(set) var corroborations: [String] = []
    private var cap: (Int, String)?

    public init(base: Int, reason: String) {
        score = base
        reasons.append("confidence \(base): \(reason)")
    }

    public mutating func add(_ delta: Int, _ reason: String) {
        score += delta
        reasons.append("confidence \(delta >= 0 ? "+" : "")\(delta): \(reason)")
    }

    public mutating func corroborate(_ delta: Int, _ reason: String) {
        add(delta, reason)
        corroborations.append(reason)
    }

    /// Caps the final confidence (cold start: no baseline to compare against).
    public mutating func capAt(_ value: Int, _ reason: String) {
        if cap == nil || value < cap!.0 { cap = (value, reason) }
    }

    public var final: Int {
        var s = max(0, min(100, score))
        if let cap, s > cap.0 { s = cap.0 }
        return s
    }

    public var allReasons: [String] {
        var r = reasons
        if let cap, score > cap.0 { r.append("confidence capped at \(cap.0): \(cap.1)") }
        return r
    }
}

/// Risk = impact x confidence / 100 (Splunk RBA's formula), banded into levels with Elastic's
/// thresholds. Critical needs corroboration (Sigma: "probability borders certainty").
public enum SeverityModel {
    public static func assess(impact: Int, impactReasons: [String], confidence: ConfidenceBuilder)
        -> (risk: Int, level: Level, impact: Int, confidence: Int, why: [String]) {
        let c = confidence.final
        var risk = Int((Double(impact * c) / 100.0).rounded())
        var why = impactReasons.map { "impact: \($0)" }
        why.append("impact \(impact)/100 from the app's configuration")
        why += confidence.allReasons
        if risk >= 99 && confidence.corroborations.isEmpty {
            risk = 98
            why.append("risk held at 98 (high): critical needs a corroborating indicator or the recon -> bulk -> delete chain")
        }
        let level = Level(riskScore: risk)
        why.append("risk \(risk) = impact \(impact) x confidence \(c) / 100 -> \(level.name)")
        if !confidence.corroborations.isEmpty && level == .critical {
            why.append("critical because corroborated by: " + confidence.corroborations.joined(separator: "; "))
        }
        return (risk, level, impact, c, why)
    }
}
