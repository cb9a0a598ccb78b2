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
        // Bounded read: at most 4 MiB + 1 bytes, so `--config /dev/zero` or a huge file never fills
        // memory (String(contentsOfFile:) reads everything first, and leaks on empty files).
        let limit = 4 << 20
        let data: Data
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw ConfigError(path: path, message: "cannot read: cannot open the file")
            }
            defer { try? handle.close() }
            data = try handle.read(upToCount: limit + 1) ?? Data()
        } catch let e as ConfigError { throw e } catch {
            throw ConfigError(path: path, message: "cannot read: \(error.localizedDescription)")
        }
        if data.count > limit { throw ConfigError(path: path, message: "larger than 4 MiB") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(path: path, message: "not UTF-8 text")
        }
        do {
            // Hostile YAML: nesting is checked before Yams (whose composer recurses) sees the text, and
            // aliases are expanded only within a node budget (a "billion laughs" alias bomb is refused).
            if let problem = YAMLGuard.nestingProblem(text) { throw ConfigError(path: path, message: problem) }
            // An empty or comment-only file is a config with every key at its default.
            guard let node = try Yams.compose(yaml: text) else { return TokenhoundConfig() }
            if let problem = YAMLGuard.sizeProblem(node) { throw ConfigError(path: path, message: problem) }
            return try YAMLDecoder().decode(TokenhoundConfig.self, from: node)
        } catch let e as ConfigError {
            throw e
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
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        // "" and "a/b/c" are not specs (an empty string used to index past the end: fuzz crash).
        guard parts.count <= 2, let first = parts.first, let ip = IPAddress(String(first)) else { return nil }
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

/// Bounds on the tuning file's shape (it is a few dozen lines; anything far bigger is hostile).
enum YAMLGuard {
    /// Deepest flow (`[`, `{`) nesting or block indentation accepted.
    static let maxDepth = 64
    static let maxIndent = 512
    /// Most nodes after alias expansion.
    static let maxNodes = 100_000

    /// A rough pre-scan (quotes and comments skipped per line) so deep nesting never reaches the
    /// recursive composer.
    static func nestingProblem(_ text: String) -> String? {
        var depth = 0, line = 1, indent = 0, atLineStart = true
        var quote: UInt8? = nil
        var comment = false
        for b in text.utf8 {
            if b == 0x0A { line += 1; indent = 0; atLineStart = true; quote = nil; comment = false; continue }
            if atLineStart {
                if b == 0x20 { indent += 1; if indent > maxIndent { return "line \(line): indented more than \(maxIndent) columns" }; continue }
                atLineStart = false
            }
            if comment { continue }
            if let q = quote { if b == q { quote = nil }; continue }
            switch b {
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = b
            case UInt8(ascii: "#"): comment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                if depth > maxDepth { return "line \(line): nested more than \(maxDepth) levels deep" }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth = max(0, depth - 1)
            default: break
            }
        }
        return nil
    }

    /// Counts nodes with aliases expanded, stopping at the budget (so the count itself is bounded).
    static func sizeProblem(_ root: Node) -> String? {
        var count = 0
        var stack: [(Node, Int)] = [(root, 1)]
        while let (node, depth) = stack.popLast() {
            count += 1
            if count > maxNodes { return "more than \(maxNodes) YAML nodes once aliases are expanded (an alias bomb?)" }
            if depth > maxDepth { return "nested more than \(maxDepth) levels deep" }
            switch node {
            case .mapping(let m): for (k, v) in m { stack.append((k, depth + 1)); stack.append((v, depth + 1)) }
            case .sequence(let s): for v in s { stack.append((v, depth + 1)) }
            case .scalar, .alias: break
            }
        }
        return nil
    }
}
