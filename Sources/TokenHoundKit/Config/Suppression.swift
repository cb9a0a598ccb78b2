import Foundation

/// A time-boxed exception: what (rule, app, user, network), who approved it, why, until when.
/// Expired suppressions are reported, never applied; suppressed findings are counted, never dropped
/// silently.
public struct Suppression: Decodable, Sendable, Hashable {
    public var rule: String?
    public var app: String?
    public var user: String?
    public var network: String?
    public var reason: String
    public var by: String?
    /// `YYYY-MM-DD` (inclusive, UTC).
    public var until: String

    public var untilTime: EventTime? { CivilTime.parseDate(until)?.adding(millis: EventTime.dayMillis - 1) }

    public func isExpired(at now: EventTime) -> Bool { (untilTime.map { now > $0 }) ?? true }

    public func matches(_ f: Finding) -> Bool {
        if let rule, rule.caseInsensitiveCompare(f.ruleID) != .orderedSame { return false }
        if let app, !f.app.matches(app) { return false }
        if let user, !f.user.matches(user) { return false }
        if let network {
            guard let n = f.network, n.hasPrefix(network) || (f.sourceIP == network) else { return false }
        }
        return true
    }

    public var label: String {
        [rule.map { "rule \($0)" }, app.map { "app \($0)" }, user.map { "user \($0)" }, network.map { "network \($0)" }]
            .compactMap { $0 }.joined(separator: ", ") + " until \(until)" + (by.map { " (by \($0))" } ?? "") + ": \(reason)"
    }
}

/// Applies suppressions to findings.
public struct SuppressionOutcome: Sendable {
    public var kept: [Finding]
    public var suppressed: [(finding: Finding, by: Suppression)]
    public var expired: [Suppression]
    public var invalid: [Suppression]

    public static func apply(_ suppressions: [Suppression], to findings: [Finding], now: EventTime) -> SuppressionOutcome {
        var out = SuppressionOutcome(kept: [], suppressed: [], expired: [], invalid: [])
        var active: [Suppression] = []
        for s in suppressions {
            if s.untilTime == nil { out.invalid.append(s) } else if s.isExpired(at: now) { out.expired.append(s) } else { active.append(s) }
        }
        for f in findings {
            if let s = active.first(where: { $0.matches(f) }) { out.suppressed.append((f, s)) } else { out.kept.append(f) }
        }
        return out
    }
}
