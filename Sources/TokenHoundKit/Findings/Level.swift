/// Finding level, banded on the risk score exactly as Elastic's prebuilt rules band severity
/// (low 21, medium 47, high 73, critical 99), so SIEM mappings are one-to-one.
public enum Level: Int, Sendable, Comparable, CaseIterable, Codable, CustomStringConvertible {
    case informational = 0, low, medium, high, critical

    public init(riskScore: Int) {
        switch riskScore {
        case ..<21: self = .informational
        case 21..<47: self = .low
        case 47..<73: self = .medium
        case 73..<99: self = .high
        default: self = .critical
        }
    }

    public init?(name: String) {
        guard let l = Level.allCases.first(where: { $0.name == name.lowercased() }) else { return nil }
        self = l
    }

    public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }

    public var name: String {
        switch self {
        case .informational: return "informational"
        case .low: return "low"
        case .medium: return "medium"
        case .high: return "high"
        case .critical: return "critical"
        }
    }
    public var description: String { name }

    /// OCSF `severity_id`: 1 Informational .. 5 Critical.
    public var ocsfSeverityID: Int { rawValue + 1 }
    /// ECS `event.severity` as Elastic's "External Alerts" rule maps it.
    public var ecsSeverity: Int { [0, 21, 47, 73, 99][rawValue] }
    /// CEF severity 0-10.
    public var cefSeverity: Int { [1, 3, 5, 8, 10][rawValue] }
    /// RFC 5424 severity: critical 2, high 3 (error), medium 4 (warning), low 5 (notice), info 6.
    public var syslogSeverity: Int { [6, 5, 4, 3, 2][rawValue] }
}
