import TokenHoundKit

/// A large synthetic org for benchmarks: dozens of integrations and hundreds of mobile users,
/// sized so the run writes at least the requested megabytes of CSV, with a few replay incidents.
struct ScaleScenario {
    let targetBytes: Int
    let days: Int
    let start: EventTime
    let seed: UInt64

    static let vendors = ["HubSpot", "Marketo Sync", "Gong", "Clari", "DocuSign", "Workato", "MuleSoft Gateway",
                          "Informatica Cloud", "Fivetran", "Segment", "Intercom", "Slack", "Jira Cloud", "NetSuite Connector",
                          "Pardot Bridge", "ZoomInfo", "Outreach", "Salesloft", "Drift", "Zendesk", "Gainsight", "Vitally",
                          "Highspot", "Seismic", "LinkedIn Sales Navigator", "Conga", "Apttus CPQ", "Box", "Dropbox Sign",
                          "Tableau CRM Sync", "Snowflake ETL", "Census", "Hightouch", "Airbyte", "Stitch", "Qualtrics"]

    struct Built {
        var actors: [SimActor]
        var apps: [ConnectedApp]
        var incidents: [(app: ConnectedApp, user: User, timeline: [TimelineEntry])]
    }

    func build() -> Built {
        var r = PRNG(seed: seed, labels: PRNG.label("scale-org"))
        func id(_ prefix: String) -> String { prefix + "5j00000" + r.string(15 - prefix.utf8.count - 7, from: PRNG.base62) }
        var apps: [ConnectedApp] = []
        var users: [User] = []
        for v in Self.vendors {
            let api = String(v.map { $0 == " " ? "_" : $0 })
            let secretOff = r.chance(0.4)
            let posture = OAuthPosture(secretRequiredForRefresh: secretOff ? false : nil, rotation: !secretOff && r.chance(0.3),
                                       adminApproved: r.chance(0.5), scopes: r.chance(0.2) ? ["Full", "RefreshToken"] : ["Api", "RefreshToken"],
                                       ipRelaxation: r.chance(0.3) ? "ENFORCE_RELAXREFRESH" : nil)
            apps.append(ConnectedApp(id15: id("0H4"), label: v, apiName: api, contactEmail: "security@\(api.lowercased()).example",
                                     posture: posture, metadata: r.chance(0.85) ? .connectedApp : .none))
            let uname = api.lowercased().replacingUnderscores() + ".integration@bigco.example"
            users.append(User(id15: id("005"), username: uname, name: v + " Integration",
                              permissionSets: r.chance(0.5) ? [OrgModel.viewAllIntegration] : [OrgModel.apiOnly]))
        }
        // Calls per integration session so the days reach the byte target (~700 CSV bytes per REST
        // call across RestApi + ApiTotalUsage; ~16 grants per app per day).
        // Mobile reps take ~15 % of the bytes (about 2.5 sessions x 3 calls + a grant row a day each).
        let bytesPerDay = Double(targetBytes) / Double(days)
        let sessionsPerDay = Double(apps.count) * 16.0
        let mobileUsers = max(10, min(5_000, Int(bytesPerDay * 0.15 / (2.5 * 3 * 700 + 2.5 * 650))))
        let calls = max(1, Int(bytesPerDay * 0.83 / (700.0 * sessionsPerDay)))
        let workloads = [Workloads.driftSync, Workloads.zendeskSync, Workloads.outreachSync, Workloads.tableauSync, Workloads.snowflakeIncremental]

        var actors: [SimActor] = []
        for (i, app) in apps.enumerated() {
            let n = r.int(1...3)
            var egress: [String] = []
            let a = r.int(3...54), b = r.int(1...254)
            for _ in 0..<n { egress.append("\(a).\(b).\(r.int(0...255)).\(r.int(1...254))") }
            let ua = app.label.filter { $0 != " " } + "-Salesforce/\(r.int(1...9)).\(r.int(0...9))"
            let etl = ["Snowflake ETL", "Fivetran", "Census", "Hightouch", "Airbyte", "Stitch"].contains(app.label)
            let p = IntegrationProfile(
                app: app, user: users[i], userAgent: etl ? "python-requests/2.31.0" : ua, restClientCode: String(6000 + i),
                apiVersion: "v\(r.int(55...62)).0",
                egress: { _, g in Place(ip: g.pick(egress), country: "US") },
                refreshMinutes: 60...120, callsPerSession: max(1, calls / 2)...(calls * 3 / 2), workload: workloads[i % workloads.count],
                nightlyBulk: etl ? NightlyBulk(hour: r.int(0...4), jobs: [
                    ("Account", "SELECT Id, Name, SystemModstamp FROM Account", 80_000...95_000),
                    ("Case", "SELECT Id, CaseNumber, Status FROM Case", 400_000...480_000),
                ], deleteAfterSeconds: r.chance(0.5) ? 120...900 : nil) : nil,
                firstGrant: start.plus(minutes: Double(r.int(1...59))))
            actors.append(IntegrationActor(p, rng: PRNG(seed: seed, labels: PRNG.label("scale-int"), UInt64(i))))
        }
        let mobile = ConnectedApp(id15: id("0H4"), label: "Salesforce for iOS", apiName: "Salesforce_for_iOS", contactEmail: "",
                                  posture: OAuthPosture(), metadata: .none)
        apps.append(mobile)
        for i in 0..<mobileUsers {
            let u = User(id15: id("005"), username: "rep\(i)@bigco.example", name: "Rep \(i)", permissionSets: [OrgModel.salesMobile])
            actors.append(MobileUserActor(user: u, app: mobile, userAgent: "SalesforceMobileSDK/12.2.0 iOS/18.5 (iPhone) Salesforce/254.030.0 Native",
                                          from: start, rng: PRNG(seed: seed, labels: PRNG.label("scale-mobile"), UInt64(i))))
        }

        // A few replays against apps that do not require the secret.
        var incidents: [(app: ConnectedApp, user: User, timeline: [TimelineEntry])] = []
        var scripted: [Event] = []
        let victims = apps.indices.filter { apps[$0].posture.secretRequiredForRefresh == false }
        let infra: [(String, String)] = [(Networks.attackerRecon, Networks.attackerExfil), ("3.91.17.204", "167.99.83.12"),
                                         ("18.206.9.77", "159.223.140.3")]
        for k in 0..<min(3, victims.count) {
            let v = victims[(k * 5) % victims.count]
            let day = days * (k + 1) / 4
            let t = start.plus(seconds: Double(day) * 86_400 + Double(r.int(3_600...72_000)) + r.unit())
            let inc = ReplayIncident(app: apps[v], user: users[v], start: t, reconIP: infra[k].0, exfilIP: infra[k].1,
                                     caseRecords: r.int(300_000...900_000))
            var ir = PRNG(seed: seed, labels: PRNG.label("scale-incident"), UInt64(k))
            let built = inc.build(rng: &ir)
            scripted += built.events
            incidents.append((apps[v], users[v], built.timeline))
        }
        actors.append(ScriptedActor(events: scripted, rng: PRNG(seed: seed, labels: PRNG.label("scale-scripted"))))
        return Built(actors: actors, apps: apps, incidents: incidents)
    }
}

extension String {
    func replacingUnderscores() -> String { String(map { $0 == "_" ? "." : $0 }) }
}

/// Benchmark layout: one gzip file per day for Login, ApiTotalUsage, RestApi, BulkApi2; progress on stderr.
final class ScaleLayout: EventSink {
    let elfDir: String
    let rows: ElfRows
    let manifest: Manifest
    let level: Int32
    let targetBytes: Int
    let plannedDays: Int
    private var day: DayFiles?
    private var dayName = ""
    private var dayNumber = 0
    private(set) var total = 0
    private let clock = ContinuousClock()
    private let began: ContinuousClock.Instant

    init(root: String, orgID: String, loginURL: String, level: Int32, targetBytes: Int, plannedDays: Int, manifest: Manifest) throws {
        elfDir = root + "/EventLogFile"
        rows = ElfRows(orgID: orgID, loginURL: loginURL)
        self.manifest = manifest; self.level = level; self.targetBytes = targetBytes; self.plannedDays = plannedDays
        began = clock.now
        try makeDirectories(elfDir)
    }

    var elapsedSeconds: Double {
        (clock.now - began).inSeconds
    }

    func beginDay(_ index: Int, start: EventTime) throws {
        dayNumber = index
        dayName = start.isoDate
        let d = DayFiles(rows: rows)
        func f(_ type: String, _ schema: ElfSchema) -> ElfFile {
            ElfFile(dir: elfDir, name: "\(dayName)_\(type).csv.gz", schema: schema, full: schema, gzip: true, level: level,
                    manifest: manifest, recordAs: "EventLogFile/\(dayName)_\(type).csv.gz")
        }
        d.login = f("Login", .login2025)
        d.apiTotalUsage = f("ApiTotalUsage", .apiTotalUsage)
        d.restApi = f("RestApi", .restApi)
        d.bulkApi2 = f("BulkApi2", .bulkApi2)
        day = d
    }

    func beginHour(_ start: EventTime) throws {}

    func emit(_ e: Event) throws { try day?.route(e) }

    func endDay() throws {
        guard let d = day else { return }
        let bytes = d.bytesIn
        try d.close()
        total += bytes
        day = nil
        let s = elapsedSeconds
        let mb = Double(total) / 1_048_576
        progress("day \(dayNumber + 1)/\(plannedDays)+ \(dayName): \(fmt(Double(bytes) / 1_048_576)) MiB; total \(fmt(mb)) / \(targetBytes / 1_048_576) MiB, \(fmt(mb / max(s, 0.001))) MiB/s")
    }

    func fmt(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return String(r)
    }
}

/// Progress line on stderr (stdout stays clean).
func progress(_ line: String) {
    var l = line + "\n"
    l.withUTF8 { b in _ = writeStderr(b) }
}
