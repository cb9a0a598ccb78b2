import TokenHoundKit

/// Dates of the sample window and of the scripted episodes, as day offsets from the start.
/// Offsets are given for the default 21-day window and scale proportionally with `--days`.
struct SampleCalendar {
    let start: EventTime
    let days: Int

    func offset(_ o: Int) -> Int { max(0, min(days - 1, o * days / 21)) }
    func day(_ o: Int) -> EventTime { start.adding(millis: Int64(offset(o)) * EventTime.dayMillis) }
    func at(_ o: Int, _ h: Int, _ m: Int, _ s: Double) -> EventTime {
        day(o).plus(seconds: Double(h * 3600 + m * 60) + s)
    }

    var legacyHeaderDays: Range<Int> { 0..<offset(7) }
    var plainCSVDay: Int { offset(8) }
    var incidentDay: Int { offset(11) }
    var hourlyDay: Int { incidentDay }
    var multiMemberDay: Int { offset(15) }
    var zendeskMove: EventTime { at(10, 9, 0, 0) }
    var uniqueQueryDays: ClosedRange<Int> { offset(10)...offset(14) }
    var logoutDays: ClosedRange<Int> { offset(14)...offset(16) }
}

/// Everything the README needs to state about what was generated.
struct SampleFacts {
    var incident: [TimelineEntry] = []
    var blockedReplay: [TimelineEntry] = []
    var dormant: [TimelineEntry] = []
    var responder: [TimelineEntry] = []
    var zendeskMove: EventTime = EventTime(millis: 0)
}

/// The sample org: its integrations, humans, the one replay incident and the benign look-alikes.
struct SampleScenario {
    let org = OrgModel.sample
    let cal: SampleCalendar
    let seed: UInt64

    static let driftUA = "Drift-Salesforce-Sync/4.2 (+https://drift.com)"
    static let dataLoaderUA = "Dataloader/62.0.0 (Windows 11 10.0; Java 17.0.12)"

    func build() -> (actors: [SimActor], facts: SampleFacts) {
        var actors: [SimActor] = []
        var facts = SampleFacts()
        func rng(_ name: String) -> PRNG { PRNG(seed: seed, labels: PRNG.label(name)) }
        var r = rng("first-grants")
        func first() -> EventTime { cal.start.plus(minutes: Double(r.int(1...55)) + r.unit()) }

        let zMove = cal.zendeskMove
        facts.zendeskMove = zMove
        let profiles: [IntegrationProfile] = [
            IntegrationProfile(app: org.app("Drift"), user: org.user("drift.integration@acme.example"),
                               userAgent: Self.driftUA, restClientCode: "6210", apiVersion: "v58.0",
                               egress: { _, g in Place(ip: g.pick(Networks.driftEgress), country: "US") },
                               refreshMinutes: 60...118, callsPerSession: 3...8, workload: Workloads.driftSync, firstGrant: first()),
            IntegrationProfile(app: org.app("Gearset"), user: org.user("devops@acme.example"),
                               userAgent: "Gearset/1.0", restClientCode: "6302", apiVersion: "v61.0", clientName: "Gearset",
                               egress: { _, g in Place(ip: g.pick(Networks.gearsetEgress), country: "GB") },
                               refreshMinutes: 70...115, callsPerSession: 1...4, workload: Workloads.gearsetDevops, firstGrant: first()),
            IntegrationProfile(app: org.app("Tableau CRM Sync"), user: org.user("tableau.crm@acme.example"),
                               userAgent: "Tableau/2025.2 (SalesforceConnector; Java 17)", restClientCode: "6405", apiVersion: "v60.0",
                               egress: { _, g in Place(ip: g.pick(Networks.tableauEgress), country: "US") },
                               refreshMinutes: 55...100, callsPerSession: 2...5, workload: Workloads.tableauSync, firstGrant: first()),
            IntegrationProfile(app: org.app("Snowflake ETL"), user: org.user("etl.snowflake@acme.example"),
                               userAgent: "python-requests/2.31.0", restClientCode: "5001", apiVersion: "v59.0",
                               egress: { _, _ in Place(ip: Networks.snowflakeEgress[0], country: "US") },
                               refreshMinutes: 60...120, callsPerSession: 1...3, workload: Workloads.snowflakeIncremental,
                               nightlyBulk: NightlyBulk(hour: 2, jobs: [
                                   ("Account", "SELECT Id, Name, Industry, OwnerId, SystemModstamp FROM Account", 8_000...9_500),
                                   ("Contact", "SELECT Id, AccountId, Email, Title, SystemModstamp FROM Contact", 20_000...24_000),
                                   ("Opportunity", "SELECT Id, AccountId, Amount, StageName, CloseDate FROM Opportunity", 11_000...13_000),
                                   ("Case", "SELECT Id, CaseNumber, Status, Priority, CreatedDate, ClosedDate FROM Case", 47_000...48_300),
                               ], deleteAfterSeconds: 150...600),
                               firstGrant: first(), internalClientIPShare: 0.6),
            IntegrationProfile(app: org.app("Zendesk"), user: org.user("zendesk.integration@acme.example"),
                               userAgent: "ZendeskSalesforceIntegration/2.7", restClientCode: "6550", apiVersion: "v55.0",
                               egress: { t, g in
                                   Place(ip: g.pick(t < zMove ? Networks.zendeskOldEgress : Networks.zendeskNewEgress),
                                         country: t < zMove ? "IE" : "US")
                               },
                               refreshMinutes: 45...90, callsPerSession: 2...6, workload: Workloads.zendeskSync, firstGrant: first()),
            IntegrationProfile(app: org.app("Outreach"), user: org.user("outreach.sync@acme.example"),
                               userAgent: "Outreach-Salesforce-Sync/3.1", restClientCode: "6620", apiVersion: "v59.0", clientName: "Outreach",
                               egress: { _, g in Place(ip: g.pick(g.chance(0.5) ? Networks.outreachEast : Networks.outreachWest), country: "US") },
                               refreshMinutes: 40...80, callsPerSession: 2...6, workload: Workloads.outreachSync, firstGrant: first()),
        ]
        for p in profiles { actors.append(IntegrationActor(p, rng: rng("integration:" + p.app.label))) }

        // Sales reps on the mobile app, carrier churn.
        let mobile = org.app("Salesforce for iOS")
        for (i, u) in org.salesReps.enumerated() {
            let ios = ["17.5.1", "18.5", "18.6", "18.6.1"][i % 4]
            let ua = "SalesforceMobileSDK/12.2.0 iOS/\(ios) (iPhone) Salesforce/254.030.0 Native"
            actors.append(MobileUserActor(user: u, app: mobile, userAgent: ua, from: cal.start, rng: rng("mobile:" + u.username)))
        }
        // Everyone with a desk logs in to the web UI on workdays.
        for u in org.users where !u.username.contains("integration") && !u.username.hasPrefix("etl.")
            && !u.username.hasPrefix("devops") && !u.username.hasPrefix("tableau") && !u.username.hasPrefix("outreach") {
            actors.append(WebUserActor(user: u, places: Networks.corporate + Networks.corporateVPN, rng: rng("web:" + u.username)))
        }

        var s = rng("scripts")
        var scripted: [Event] = []

        // THE incident: Drift refresh token replayed (split brain with the vendor's own refreshes).
        let incident = ReplayIncident(app: org.app("Drift"), user: org.user("drift.integration@acme.example"),
                                      start: cal.at(11, 13, 2, 11.482))
        let inc = incident.build(rng: &s)
        scripted += inc.events
        facts.incident = inc.timeline

        // Blocked replay: someone holding only a Gearset refresh token (Gearset requires the secret).
        let gearset = org.app("Gearset"), devops = org.user("devops@acme.example")
        for (i, sec) in [3.207, 9.844, 97.113].enumerated() {
            let t = cal.at(12, 21, 14, sec)
            let sess = Grants.session(user: devops, app: gearset, place: Place(ip: Networks.torExit, country: "DE"),
                                      userAgent: "Python/3.11 aiohttp/3.12.15", restClientCode: "5001", apiVersion: "v61.0",
                                      tls: .tls12, rng: &s)
            scripted.append(.login(Grants.refreshGrant(sess, at: t, status: .invalidToken, internalShare: i == 1 ? 1 : 0, rng: &s)))
            facts.blockedReplay.append(TimelineEntry(time: t, ip: sess.ip, userAgent: sess.userAgent, loginKey: "",
                                                     text: "failed refresh for Gearset: LOGIN_OAUTH_INVALID_TOKEN / Failed: Invalid Token"))
        }

        // Data Loader: admins' occasional work from the office (with one bulk export).
        let dl = org.app("Data Loader")
        for (o, who, h) in [(3, "jane.admin@acme.example", 15), (8, "raj.admin@acme.example", 17), (16, "jane.admin@acme.example", 14)] {
            let t = cal.at(o, h, s.int(0...50), Double(s.int(0...59)) + s.unit())
            let sess = Grants.session(user: org.user(who), app: dl, place: Place(ip: s.pick(Networks.corporate), country: "US"),
                                      userAgent: Self.dataLoaderUA, restClientCode: "6010", apiVersion: "v62.0",
                                      clientName: "DataLoaderPartnerUI/62.0.0", tls: .tls13, rng: &s)
            scripted.append(.login(Grants.refreshGrant(sess, at: t, internalShare: 0.5, rng: &s)))
            var ct = t.plus(seconds: 3)
            for _ in 0..<s.int(2...4) {
                scripted.append(.api(CallFactory.call(s.weighted(Workloads.adminDataLoader), session: sess, at: ct, rng: &s)))
                ct = ct.plus(seconds: Double(s.int(20...200)))
            }
            if o == 3 {
                scripted.append(.api(CallFactory.call(Workloads.quotedNameLookup, session: sess, at: ct, rng: &s)))
                ct = ct.plus(seconds: Double(s.int(20...200)))
            }
            if o == 8 {
                let job = CallFactory.bulkQueryJob(session: sess, entity: "Account", soql: "SELECT Id, Name, OwnerId FROM Account",
                                                   records: 9_104, start: ct, processingSeconds: 31.5, deleteAfterSeconds: nil, rng: &s)
                scripted += job.events
            }
        }

        // Dormant token: sam.ops used Data Loader on day one, then nothing for weeks, then a grant
        // from a residential network never seen before.
        let sam = org.user("sam.ops@acme.example")
        for (o, h, m, sec, place) in [(0, 16, 20, 7.25, Place(ip: "198.51.100.24", country: "US")),
                                      (19, 3, 12, 44.61, Place(ip: Networks.dormantReturn, country: "US"))] {
            let t = cal.at(o, h, m, sec)
            let sess = Grants.session(user: sam, app: dl, place: place, userAgent: Self.dataLoaderUA, restClientCode: "6010",
                                      apiVersion: "v62.0", clientName: "DataLoaderPartnerUI/62.0.0", rng: &s)
            scripted.append(.login(Grants.refreshGrant(sess, at: t, internalShare: 0.0, rng: &s)))
            facts.dormant.append(TimelineEntry(time: t, ip: place.ip, userAgent: sess.userAgent, loginKey: sess.loginKey,
                                               text: o == 0 ? "last use before the silence" : "returns after \(cal.offset(19) - cal.offset(0)) days, new network"))
            let q = o == 0 ? "SELECT Id, Name, Industry, OwnerId FROM Account" : "SELECT Id, FirstName, LastName, Email, Phone FROM Contact"
            scripted.append(.api(CallFactory.call(.soql(q, entity: o == 0 ? "Account" : "Contact", rows: o == 0 ? 8_900...9_100 : 22_800...23_400),
                                                  session: sess, at: t.plus(seconds: 4.2), rng: &s)))
        }

        // Incident response: secret searches by the security team from the office, after the incident.
        let lee = org.user("lee.secops@acme.example")
        let rt = cal.at(14, 15, 31, 2.906)
        let rs = Grants.session(user: lee, app: dl, place: Place(ip: "198.51.100.61", country: "US"), userAgent: Self.dataLoaderUA,
                                restClientCode: "6010", apiVersion: "v62.0", clientName: "DataLoaderPartnerUI/62.0.0", rng: &s)
        scripted.append(.login(Grants.refreshGrant(rs, at: rt, internalShare: 0.0, rng: &s)))
        facts.responder.append(TimelineEntry(time: rt, ip: rs.ip, userAgent: rs.userAgent, loginKey: rs.loginKey, text: "responder grant (Data Loader)"))
        var qt = rt.plus(seconds: 41.7)
        for pat in ["%password%", "%AKIA%", "%secret%", "%snowflake%"] {
            let q = "SELECT Id FROM Case WHERE Description LIKE '\(pat)'"
            scripted.append(.api(CallFactory.call(.soql(q, entity: "Case", rows: 0...9), session: rs, at: qt, rng: &s)))
            facts.responder.append(TimelineEntry(time: qt, ip: rs.ip, userAgent: rs.userAgent, loginKey: rs.loginKey, text: "`\(q)`"))
            qt = qt.plus(seconds: Double(s.int(25...90)) + s.unit())
        }

        actors.append(ScriptedActor(events: scripted, rng: rng("scripted")))
        return (actors, facts)
    }
}
