import XCTest
@testable import TokenHoundKit

/// Builds synthetic evidence for detection tests: grants with app, user, network and client, in a
/// few lines each, so every test states its scenario rather than its plumbing.
struct OrgScenario {
    static let start = CivilTime(year: 2025, month: 7, day: 28).eventTime
    var store = EvidenceStore()
    var postures: [AppPosture] = []
    private var line: UInt32 = 1
    private var counter = 0

    static func user(_ n: Int) -> SalesforceID { SalesforceID(String(format: "0055j00000AB%03d", n))! }

    static func time(day: Int, hour: Int, minute: Int = 0, second: Int = 0) -> EventTime {
        start.adding(millis: Int64(day) * EventTime.dayMillis + Int64(hour) * EventTime.hourMillis
                     + Int64(minute) * EventTime.minuteMillis + Int64(second) * 1000)
    }

    /// A refresh grant as a LoginEvent row naming its app (strongest attribution, no join needed).
    mutating func grant(app: String, user: SalesforceID, ip: String, ua: String, at time: EventTime,
                        status: String = "Success", file: UInt32 = 0, loginKey: String? = nil) {
        counter += 1
        let key = loginKey ?? "LK\(counter)"
        store.visit(auth: AuthEvent(
            source: .loginEvent, time: time, user: user, userName: "user\(user.description.suffix(6))@acme.example",
            sourceAddress: .address(IPAddress(ip)!), userAgent: ua, loginKey: key, requestID: "REQ\(counter)",
            flow: .refreshToken, loginType: "Remote Access 2.0", status: status, succeeded: status == "Success",
            application: app, location: RowLocation(file: file, line: line)))
        line += 1
    }

    /// Regular refreshes every `everyHours` between two days.
    mutating func cadence(app: String, user: SalesforceID, ips: [String], ua: String, days: Range<Int>, everyHours: Int = 2, minuteOffset: Int = 0) {
        var i = 0
        for d in days {
            for h in stride(from: 0, to: 24, by: everyHours) {
                grant(app: app, user: user, ip: ips[i % ips.count], ua: ua, at: Self.time(day: d, hour: h, minute: minuteOffset))
                i += 1
            }
        }
    }

    static func posture(_ label: String, secretRequired: Bool?, rotation: Bool? = false, kind: AppPosture.AppKind = .connectedApp,
                        policy: AppPosture.RefreshTokenPolicy = .infinite) -> AppPosture {
        AppPosture(kind: kind, developerName: label.replacingOccurrences(of: " ", with: "_"), label: label,
                   secretRequiredForRefresh: secretRequired, refreshTokenRotation: rotation, consumerSecretOptional: false,
                   pkceRequired: false, ipRelaxation: .enforce, refreshTokenPolicy: policy, permittedUsers: .allSelfAuthorized,
                   scopes: ["Api", "RefreshToken"], hasIPRanges: false, sourceFiles: ["\(label).connectedApp-meta.xml"], asOf: nil)
    }

    /// Drift pattern: stable vendor egress for 10 days, then a python client from DigitalOcean
    /// refreshing the same user's token, interleaved with the vendor.
    static func drift(withIndicatorIP: Bool = true) -> OrgScenario {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Drift", secretRequired: false)]
        let u = OrgScenario.user(1)
        s.cadence(app: "Drift", user: u, ips: ["52.4.10.11", "52.4.10.12"], ua: "Drift-Salesforce-Sync/4.2", days: 0..<14)
        let attacker = withIndicatorIP ? "208.68.36.90" : "203.0.113.77"
        for h in [1, 3, 5, 7] {
            s.grant(app: "Drift", user: u, ip: attacker, ua: withIndicatorIP ? "python-requests/2.32.4" : "python-requests/2.31.0",
                    at: OrgScenario.time(day: 11, hour: h, minute: 30))
        }
        return s
    }

    func analyze(options: AnalysisOptions? = nil) -> AnalysisResult {
        var s = store
        s.canonicalize()
        let o = options ?? AnalysisOptions(detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime)
        return Analyzer.analyze(store: s, postures: postures, files: ["f0.csv", "f1.csv", "f2.csv", "f3.csv"],
                                presentKinds: [.login, .loginEvent], options: o)
    }
}

extension Array where Element == Finding {
    func with(rule: String, app: String? = nil) -> [Finding] {
        filter { $0.ruleID == rule && (app == nil || $0.app.name == app) }
    }
    var maxLevel: Level? { map(\.level).max() }
}

extension OrgScenario {
    /// A RestApi row on a session (LOGIN_KEY), with optional query and app id.
    mutating func apiCall(loginKey: String, user: SalesforceID, ip: String, at time: EventTime, method: String = "GET",
                          resource: String, query: String = "", app: SalesforceID? = nil, rows: Int64 = 0, kind: LogKind = .restApi) {
        let lk = Array(loginKey.utf8), m = Array(method.utf8), r = Array(resource.utf8), q = Array(query.utf8), rid = Array("API\(time.millis)".utf8)
        lk.withUnsafeBytes { lkb in m.withUnsafeBytes { mb in r.withUnsafeBytes { rb in q.withUnsafeBytes { qb in rid.withUnsafeBytes { ridb in
            var v = ApiCallView(kind: kind, time: time, location: RowLocation(file: 2, line: 1))
            v.user = user
            v.clientIP = IPAddress(ip)!
            v.loginKey = kind == .apiTotalUsage ? UnsafeRawBufferPointer(start: nil, count: 0) : lkb
            v.method = mb; v.resource = rb; v.query = qb; v.requestID = ridb
            v.connectedAppID = app
            v.rowsProcessed = rows
            store.visit(apiCall: v)
        } } } } }
    }

    mutating func bulkJob(id: String, loginKey: String, user: SalesforceID, ip: String, entity: String, created: EventTime,
                          completedAfter: Int64, deletedAfter: Int64?, records: Int64 = 40_000) {
        let addr = SourceAddress.address(IPAddress(ip)!)
        func ev(_ status: String, _ t: EventTime) -> BulkJobEvent {
            BulkJobEvent(time: t, user: user, loginKey: loginKey, clientAddress: addr, jobID: id, status: status, operation: "query",
                         entity: entity, recordsProcessed: status == "jobcomplete" ? records : 0, location: RowLocation(file: 3, line: 1))
        }
        store.visit(bulkJob: ev("uploadcomplete", created))
        let done = created.adding(millis: completedAfter * 1000)
        store.visit(bulkJob: ev("jobcomplete", done))
        if let d = deletedAfter { store.visit(bulkJob: ev("deleted", done.adding(millis: d * 1000))) }
    }
}

extension Ingestor {
    /// The OAuth events a scan of `paths` holds: what `ScanOutcome` no longer carries, since the
    /// analysis takes the store over.
    static func storedGrants(_ paths: [String]) -> [AuthEvent] {
        ingest(files: InputDiscovery.expand(paths).files).store.auth
    }
}
