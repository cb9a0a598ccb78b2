import Foundation
import Yams

/// The tuning file (`--config`, YAML). Every key is optional; see `tokenhound.example.yaml`.
public struct TokenhoundConfig: Decodable, Sendable {
    public struct IntegrationUser: Decodable, Sendable {
        public var id: String
        public var name: String?
        /// Modify All Data / View All Data / Manage Users.
        public var privileged: Bool?
    }
    public struct AppSettings: Decodable, Sendable {
        /// CIDRs (`34.120.5.0/24`) or ASNs (`AS16509`) the app's vendor egresses from.
        public var expectedEgress: [String]?
        enum CodingKeys: String, CodingKey { case expectedEgress = "expected_egress" }
    }
    public struct Enrichment: Decodable, Sendable {
        public var torExits: String?
        public var asnTable: String?
        public var highRiskASNs: [UInt32]?
        public var indicatorPacks: [String]?
        enum CodingKeys: String, CodingKey {
            case torExits = "tor_exits", asnTable = "asn_table", highRiskASNs = "high_risk_asns", indicatorPacks = "indicator_packs"
        }
    }

    public var learningDays: Int?
    public var dormantDays: Int?
    public var approvedApps: [String]?
    public var integrationUsers: [IntegrationUser]?
    public var apps: [String: AppSettings]?
    public var suppressions: [Suppression]?
    public var enrichment: Enrichment?

    enum CodingKeys: String, CodingKey {
        case learningDays = "learning_days", dormantDays = "dormant_days", approvedApps = "approved_apps"
        case integrationUsers = "integration_users", apps, suppressions, enrichment
    }

    public init() {}

    public static func load(path: String) throws -> TokenhoundConfig {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        if text.utf8.count > 4 << 20 { throw ConfigError(path: path, message: "larger than 4 MiB") }
        do {
            return try YAMLDecoder().decode(TokenhoundConfig.self, from: text)
        } catch let DecodingError.dataCorrupted(ctx) {
            throw ConfigError(path: path, message: "\(ctx.debugDescription) at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw ConfigError(path: path, message: "\(ctx.debugDescription) at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw ConfigError(path: path, message: "missing key \(key.stringValue) at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw ConfigError(path: path, message: "\(error)")
        }
    }

    /// Expands an egress spec to the network keys baselines use.
    public static func networks(forEgress spec: String) -> [NetworkKey]? {
        let s = spec.trimmingCharacters(in: .whitespaces)
        if s.uppercased().hasPrefix("AS"), let n = UInt32(s.dropFirst(2)) { return [.asn(n)] }
        let parts = s.split(separator: "/")
        guard let ip = IPAddress(String(parts[0])) else { return nil }
        let bits = parts.count == 2 ? Int(parts[1]) ?? -1 : (ip.family == .v4 ? 32 : 128)
        switch ip.family {
        case .v4:
            guard bits >= 16 && bits <= 32 else { return nil }
            if bits >= 24 { return [ip.defaultNetwork] }
            let count = 1 << (24 - bits)
            let base = ip.low & ~UInt64((count << 8) - 1) & 0xffff_ffff
            return (0..<count).map { IPAddress(v4: UInt32(base + UInt64($0 << 8))).defaultNetwork }
        case .v6:
            guard bits >= 40 && bits <= 128 else { return nil }
            if bits >= 48 { return [ip.defaultNetwork] }
            let count = 1 << (48 - bits)
            let base = ip.high & ~UInt64((count << 16) - 1)
            return (0..<count).map { IPAddress(v6High: base + UInt64($0 << 16), v6Low: 0).defaultNetwork }
        }
    }
}

public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var path: String
    public var message: String
    public var description: String { "\(path): error: \(message)" }
}
