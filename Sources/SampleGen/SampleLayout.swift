import TokenHoundKit

/// Files of the sample org, with the quirks real downloads have:
/// - Login: 2023 28-column header for the first week (header drift), 2025 34-column header after;
///   one day as plain CSV; the incident day as BOTH a daily file and 24 hourly files (duplicate
///   rows); one day as a multi-member gzip (a member per six hours).
/// - Logout and UniqueQuery only on a few days; ApiTotalUsage, RestApi, BulkApi2 every day.
/// - LoginHistory.csv over the whole window; OauthToken.csv at the end.
final class SampleLayout: EventSink {
    let root: String
    let elfDir: String
    let cal: SampleCalendar
    let rows: ElfRows
    let manifest: Manifest
    let history: LoginHistoryExport
    let tokens: OauthTokenExport
    private var day: DayFiles?
    private var dayIndex = 0
    private var dayName = ""
    /// The Drift integration user's grants on the incident days (split-brain evidence for the README).
    private(set) var driftGrants: [TimelineEntry] = []
    var watchUser = ""

    init(root: String, org: OrgModel, cal: SampleCalendar, seed: UInt64, manifest: Manifest) throws {
        self.root = root
        elfDir = root + "/EventLogFile"
        self.cal = cal
        self.manifest = manifest
        rows = ElfRows(orgID: org.orgID, loginURL: org.myDomain)
        try makeDirectories(elfDir + "/hourly")
        history = try LoginHistoryExport(path: root + "/LoginHistory.csv", loginURL: org.myDomain,
                                         rng: PRNG(seed: seed, labels: PRNG.label("loginhistory")), manifest: manifest)
        tokens = OauthTokenExport(rng: PRNG(seed: seed, labels: PRNG.label("oauthtoken")))
    }

    private func file(_ name: String, _ schema: ElfSchema, full: ElfSchema, gzip: Bool = true, sub: String = "") -> ElfFile {
        ElfFile(dir: elfDir + sub, name: name, schema: schema, full: full, gzip: gzip, manifest: manifest,
                recordAs: "EventLogFile\(sub)/\(name)")
    }

    func beginDay(_ index: Int, start: EventTime) throws {
        dayIndex = index
        dayName = start.isoDate
        let d = DayFiles(rows: rows)
        let legacy = cal.legacyHeaderDays.contains(index)
        let plain = index == cal.plainCSVDay
        d.trimLoginFraction = legacy
        d.login = file("\(dayName)_Login.csv" + (plain ? "" : ".gz"), legacy ? .login2023 : .login2025, full: .login2025, gzip: !plain)
        d.apiTotalUsage = file("\(dayName)_ApiTotalUsage.csv.gz", .apiTotalUsage, full: .apiTotalUsage)
        d.restApi = file("\(dayName)_RestApi.csv.gz", .restApi, full: .restApi)
        d.bulkApi2 = file("\(dayName)_BulkApi2.csv.gz", .bulkApi2, full: .bulkApi2)
        if cal.uniqueQueryDays.contains(index) {
            d.uniqueQuery = file("\(dayName)_UniqueQuery.csv.gz", .uniqueQuery, full: .uniqueQuery)
        }
        if cal.logoutDays.contains(index) {
            d.logout = file("\(dayName)_Logout.csv.gz", .logout, full: .logout)
        }
        day = d
    }

    func beginHour(_ start: EventTime) throws {
        guard let d = day else { return }
        let hour = CivilTime(epochMillis: start.millis).hour
        if dayIndex == cal.hourlyDay {
            try d.loginHourly?.close()
            d.loginHourly = file("\(dayName)T\(TimeFormat.pad(hour, 2))_Login_hourly.csv.gz", .login2025, full: .login2025, sub: "/hourly")
        }
        if dayIndex == cal.multiMemberDay, hour > 0, hour % 6 == 0 {
            try d.login?.newMember()
        }
    }

    func emit(_ e: Event) throws {
        try day?.route(e)
        if case .login(let l) = e {
            try history.add(l)
            tokens.add(l)
            let s = l.session
            if s.user.username == watchUser, l.status.success,
               dayIndex == cal.incidentDay || dayIndex == cal.incidentDay + 1 {
                driftGrants.append(TimelineEntry(time: l.time, ip: s.ip, userAgent: s.userAgent, loginKey: s.loginKey, text: ""))
            }
        }
    }

    func endDay() throws {
        try day?.close()
        day = nil
    }

    func finish(org: OrgModel) throws {
        try history.close()
        tokens.addStale(app: "Drift", user: org.user("jane.admin@acme.example").id18, uses: 3,
                        last: "2025-02-11T18:40:02.000+0000", created: "2025-02-10T21:05:37.000+0000")
        try tokens.write(path: root + "/OauthToken.csv", manifest: manifest)
    }
}
