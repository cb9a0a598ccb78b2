/// The analyst-facing tables of a state file (`app_baselines`, `grant_networks`), recomputed from
/// the evidence with the same attribution and baselines detection uses. Rewritten on every save.
public struct StateDerived: Sendable, Equatable {
    public struct AppRow: Sendable, Equatable, Codable {
        public var appKey: String
        public var app: String
        public var appID: String?
        public var firstSeen: EventTime
        public var lastSeen: EventTime
        public var learningEnd: EventTime
        public var coldStart: Bool
        public var churnRate: Double
        public var networks: [String]
        public var userAgentFamilies: [String]
        public var users: Int
        public var refreshGrants: Int
        public var failedGrants: Int
        public var state: String
    }

    public struct NetworkRow: Sendable, Equatable, Codable {
        public var appKey: String
        public var app: String
        public var userID: String
        public var userName: String?
        public var network: String
        public var inBaseline: Bool
        public var firstSeen: EventTime
        public var lastSeen: EventTime
        public var grants: Int
        public var failures: Int
        public var ipAddresses: [String]
        public var userAgentFamilies: [String]
    }

    public var apps: [AppRow]
    public var networks: [NetworkRow]

    /// Per app: its baseline; per (app, user, network): refresh-like grants (refresh and
    /// unknown-flow token grants), successes and failures, addresses and client families.
    public static func build(store: EvidenceStore, postures: [AppPosture], files: [String], options: AnalysisOptions) -> StateDerived {
        build(context: AnalysisContext(store: store, postures: postures, files: files, options: options))
    }

    static func build(context: AnalysisContext) -> StateDerived {
        let options = context.options
        let label = { (k: NetworkKey) in options.resolver.label(for: k) }
        var apps: [AppRow] = []
        var rows: [NetworkRow] = []
        for analysis in context.apps {
            let app = analysis.identity, grants = analysis.refreshLike, b = analysis.baseline
            guard !grants.isEmpty else { continue }
            apps.append(AppRow(appKey: app.key, app: app.ref.display, appID: app.ref.id, firstSeen: b.firstSeen, lastSeen: b.lastSeen,
                               learningEnd: b.learningEnd, coldStart: b.coldStart, churnRate: b.churnRate,
                               networks: b.networks.sorted().map(label), userAgentFamilies: b.userAgentFamilies.sorted(),
                               users: analysis.refreshLikeByUser.count, refreshGrants: analysis.refreshLikeSucceeded,
                               failedGrants: grants.count - analysis.refreshLikeSucceeded, state: analysis.baselineState))
            struct Key: Hashable { var user: String; var network: NetworkKey }
            var groups: [Key: [AttributedGrant]] = [:]
            for g in grants { groups[Key(user: g.userKey, network: g.network), default: []].append(g) }
            for (k, gs) in groups {
                rows.append(NetworkRow(
                    appKey: app.key, app: app.ref.display, userID: k.user, userName: gs.lazy.compactMap { $0.event.userName }.first,
                    network: label(k.network), inBaseline: b.networks.contains(k.network),
                    firstSeen: gs.map(\.time).min()!, lastSeen: gs.map(\.time).max()!,
                    grants: gs.filter(\.succeeded).count, failures: gs.filter { !$0.succeeded }.count,
                    ipAddresses: Array(Set(gs.map { $0.event.sourceAddress.display })).sorted(),
                    userAgentFamilies: Array(Set(gs.map(\.userAgentFamily))).sorted()))
            }
        }
        // Total orders: two identities can share a key (a `|` in an app name), and `grant_networks`
        // keeps the last of rows with equal (app_key, user_id, network); ties left to dictionary
        // iteration would make the saved tables differ from run to run.
        apps.sort { ($0.appKey, $0.app, $0.appID ?? "", $0.firstSeen) < ($1.appKey, $1.app, $1.appID ?? "", $1.firstSeen) }
        rows.sort { a, b in
            let (x, y) = ((a.appKey, a.userID, a.network, a.app, a.firstSeen, a.lastSeen), (b.appKey, b.userID, b.network, b.app, b.firstSeen, b.lastSeen))
            return x != y ? x < y : (a.grants, a.failures) < (b.grants, b.failures)
        }
        return StateDerived(apps: apps, networks: rows)
    }

    func write(to db: SQLiteDatabase) throws {
        try db.execute("DELETE FROM app_baselines; DELETE FROM grant_networks;")
        let a = try db.prepare("""
            INSERT INTO app_baselines(app_key, app, app_id, first_seen_ms, first_seen, last_seen_ms, last_seen, learning_end_ms, learning_end,
                cold_start, churn_rate, networks, ua_families, users, refresh_grants, failed_grants, state)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for r in apps {
            try a.run([.text(r.appKey), .text(r.app), .of(r.appID), .int(r.firstSeen.millis), .text(r.firstSeen.iso8601),
                       .int(r.lastSeen.millis), .text(r.lastSeen.iso8601), .int(r.learningEnd.millis), .text(r.learningEnd.iso8601),
                       .of(r.coldStart), .real(r.churnRate), .text(r.networks.joined(separator: ", ")),
                       .text(r.userAgentFamilies.joined(separator: ", ")), .int(Int64(r.users)), .int(Int64(r.refreshGrants)),
                       .int(Int64(r.failedGrants)), .text(r.state)])
        }
        let n = try db.prepare("""
            INSERT OR REPLACE INTO grant_networks(app_key, app, user_id, user_name, network, in_baseline, first_seen_ms, first_seen, last_seen_ms,
                last_seen, grants, failures, ip_addresses, user_agent_families) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        for r in networks {
            try n.run([.text(r.appKey), .text(r.app), .text(r.userID), .of(r.userName), .text(r.network), .of(r.inBaseline),
                       .int(r.firstSeen.millis), .text(r.firstSeen.iso8601), .int(r.lastSeen.millis), .text(r.lastSeen.iso8601),
                       .int(Int64(r.grants)), .int(Int64(r.failures)), .text(r.ipAddresses.joined(separator: ", ")),
                       .text(r.userAgentFamilies.joined(separator: ", "))])
        }
    }

    /// Reads the derived tables back (for `state show` and `state export`).
    public static func read(from db: SQLiteDatabase) throws -> StateDerived {
        func list(_ s: String) -> [String] { s.isEmpty ? [] : s.components(separatedBy: ", ") }
        var apps: [AppRow] = []
        let a = try db.prepare("""
            SELECT app_key, app, app_id, first_seen_ms, last_seen_ms, learning_end_ms, cold_start, churn_rate, networks, ua_families, users,
                   refresh_grants, failed_grants, state FROM app_baselines ORDER BY app_key
            """)
        while try a.step() {
            apps.append(AppRow(appKey: a.string(0), app: a.string(1), appID: a.text(2), firstSeen: EventTime(millis: a.int64(3)),
                               lastSeen: EventTime(millis: a.int64(4)), learningEnd: EventTime(millis: a.int64(5)), coldStart: a.bool(6),
                               churnRate: a.double(7), networks: list(a.string(8)), userAgentFamilies: list(a.string(9)), users: a.int(10),
                               refreshGrants: a.int(11), failedGrants: a.int(12), state: a.string(13)))
        }
        var rows: [NetworkRow] = []
        let n = try db.prepare("""
            SELECT app_key, app, user_id, user_name, network, in_baseline, first_seen_ms, last_seen_ms, grants, failures, ip_addresses,
                   user_agent_families FROM grant_networks ORDER BY app_key, user_id, network
            """)
        while try n.step() {
            rows.append(NetworkRow(appKey: n.string(0), app: n.string(1), userID: n.string(2), userName: n.text(3), network: n.string(4),
                                   inBaseline: n.bool(5), firstSeen: EventTime(millis: n.int64(6)), lastSeen: EventTime(millis: n.int64(7)),
                                   grants: n.int(8), failures: n.int(9), ipAddresses: list(n.string(10)), userAgentFamilies: list(n.string(11))))
        }
        return StateDerived(apps: apps, networks: rows)
    }
}
