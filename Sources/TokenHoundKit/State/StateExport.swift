import Foundation

/// `tokenhound state export`: baselines, per-(app, user, network) grants, the file table and the
/// findings already reported, as one deterministic JSON document (sorted keys and rows, no wall
/// clock except `reported_at`, no storage ids), so two states with the same history export the
/// same baselines and files.
public struct StateExport: Codable, Sendable, Equatable {
    public struct File: Codable, Sendable, Equatable {
        public var path: String
        public var contentFingerprint: String?
        public var kind: String?
        public var rows: Int
        public var firstSeen: String?
        public var lastSeen: String?
        public var pruned: Bool
    }
    public struct App: Codable, Sendable, Equatable {
        public var app: String
        public var appID: String?
        public var firstSeen: String
        public var lastSeen: String
        public var learningEnd: String
        public var coldStart: Bool
        public var churnRate: Double
        public var networks: [String]
        public var userAgentFamilies: [String]
        public var users: Int
        public var refreshGrants: Int
        public var failedGrants: Int
        public var state: String
    }
    public struct GrantNetwork: Codable, Sendable, Equatable {
        public var app: String
        public var userID: String
        public var userName: String?
        public var network: String
        public var inBaseline: Bool
        public var firstSeen: String
        public var lastSeen: String
        public var grants: Int
        public var failures: Int
        public var ipAddresses: [String]
        public var userAgentFamilies: [String]
    }
    public struct Reported: Codable, Sendable, Equatable {
        public var findingID: String
        public var ruleID: String
        public var app: String
        public var userID: String?
        public var network: String?
        public var level: String
        public var riskScore: Int
        public var firstSeen: String
        public var lastSeen: String
        public var reportedAt: String
        public var summary: String
    }

    public var schemaVersion: Int
    public var files: [File]
    public var apps: [App]
    public var grantNetworks: [GrantNetwork]
    public var reportedFindings: [Reported]

    public static func build(_ state: StateStore) throws -> StateExport {
        let files = try state.files().sorted { ($0.path, $0.fingerprint ?? "") < ($1.path, $1.fingerprint ?? "") }.map {
            File(path: $0.path, contentFingerprint: $0.fingerprint, kind: $0.report.kind?.rawValue, rows: $0.report.rows,
                 firstSeen: $0.report.firstTime?.iso8601, lastSeen: $0.report.lastTime?.iso8601, pruned: $0.pruned)
        }
        let d = try StateDerived.read(from: state.db)
        let apps = d.apps.map {
            App(app: $0.app, appID: $0.appID, firstSeen: $0.firstSeen.iso8601, lastSeen: $0.lastSeen.iso8601,
                learningEnd: $0.learningEnd.iso8601, coldStart: $0.coldStart, churnRate: $0.churnRate, networks: $0.networks,
                userAgentFamilies: $0.userAgentFamilies, users: $0.users, refreshGrants: $0.refreshGrants,
                failedGrants: $0.failedGrants, state: $0.state)
        }
        let nets = d.networks.map {
            GrantNetwork(app: $0.app, userID: $0.userID, userName: $0.userName, network: $0.network, inBaseline: $0.inBaseline,
                         firstSeen: $0.firstSeen.iso8601, lastSeen: $0.lastSeen.iso8601, grants: $0.grants, failures: $0.failures,
                         ipAddresses: $0.ipAddresses, userAgentFamilies: $0.userAgentFamilies)
        }
        let reported = try state.reportedFindings().values.sorted { $0.id < $1.id }.map {
            Reported(findingID: $0.id, ruleID: $0.ruleID, app: $0.app, userID: $0.userID, network: $0.network, level: $0.level.name,
                     riskScore: $0.riskScore, firstSeen: $0.firstSeen.iso8601, lastSeen: $0.lastSeen.iso8601,
                     reportedAt: $0.reportedAt.iso8601, summary: $0.summary)
        }
        return StateExport(schemaVersion: state.schemaVersion, files: files, apps: apps, grantNetworks: nets, reportedFindings: reported)
    }

    /// Pretty, sorted-key JSON with snake_case keys and a trailing newline.
    public func json() throws -> Data {
        let e = JSONEncoder()
        e.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        e.keyEncodingStrategy = .convertToSnakeCase
        return try e.encode(self) + Data("\n".utf8)
    }
}
