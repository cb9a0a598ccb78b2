import XCTest
@testable import TokenHoundKit

/// Rules 4-10 with their positive cases and the benign look-alikes threat-model.md names.
final class DetectionActivityTests: XCTestCase {
    let etl = OrgScenario.user(20)
    let admin = OrgScenario.user(21)

    /// A baseline ETL app: refreshes every 2 h from one network, nightly bulk export deleted after 5 min.
    func etlScenario(days: Int = 14) -> OrgScenario {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Snowflake ETL", secretRequired: true)]
        for d in 0..<days {
            for h in stride(from: 0, to: 24, by: 2) {
                let key = "ETL-\(d)-\(h)"
                s.grant(app: "Snowflake ETL", user: etl, ip: "3.228.45.101", ua: "python-requests/2.31.0",
                        at: OrgScenario.time(day: d, hour: h), loginKey: key)
                if h == 2 {
                    s.bulkJob(id: "750ETL\(d)", loginKey: key, user: etl, ip: "3.228.45.101", entity: "Account",
                              created: OrgScenario.time(day: d, hour: 2, minute: 1), completedAfter: 120, deletedAfter: 300)
                }
            }
        }
        return s
    }

    func testNightlyETLWithRoutineCleanupIsSilent() {
        let r = etlScenario().analyze()
        XCTAssertTrue(r.findings.isEmpty, r.findings.map { "\($0.ruleID) \($0.summary)" }.joined(separator: "\n"))
    }

    func testFirstBulkExportAfterLearningIsReportedAndQuickDeleteRaisesIt() {
        var s = etlScenario()
        // An interactive admin app that never exported, exporting Case and deleting the job 24 s later.
        for d in 0..<14 { s.grant(app: "Data Loader", user: admin, ip: "198.51.100.23", ua: "Dataloader/62.0.0", at: OrgScenario.time(day: d, hour: 10), loginKey: "DL-\(d)") }
        s.bulkJob(id: "750X", loginKey: "DL-12", user: admin, ip: "198.51.100.23", entity: "Case",
                  created: OrgScenario.time(day: 12, hour: 10, minute: 1), completedAfter: 200, deletedAfter: 24)
        let r = s.analyze()
        let bulk = r.findings.with(rule: "TH-006", app: "Data Loader")
        XCTAssertEqual(bulk.count, 1)
        XCTAssertTrue(bulk[0].why.contains { $0.contains("deleted within minutes") })
        XCTAssertTrue(bulk[0].chain.contains { $0.kind == .bulkDelete })
        XCTAssertTrue(r.findings.with(rule: "TH-007").isEmpty, "the delete is folded into the TH-006 episode")
    }

    func testReconFromForeignSessionIsReportedButBIFirstSyncIsNot() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Tableau CRM Sync", secretRequired: true)]
        let u = OrgScenario.user(22)
        for d in 0..<14 {
            for h in stride(from: 0, to: 24, by: 3) {
                s.grant(app: "Tableau CRM Sync", user: u, ip: "155.226.129.14", ua: "Tableau/2025.2", at: OrgScenario.time(day: d, hour: h), loginKey: "T-\(d)-\(h)")
            }
        }
        // BI first sync: describes everything on day 0 from its own network.
        for (i, obj) in ["Account", "Contact", "Case", "Opportunity", "Lead"].enumerated() {
            s.apiCall(loginKey: "T-0-0", user: u, ip: "155.226.129.14", at: OrgScenario.time(day: 0, hour: 0, minute: 1, second: i), resource: "/services/data/v60.0/sobjects/\(obj)/describe/")
        }
        s.apiCall(loginKey: "T-0-0", user: u, ip: "155.226.129.14", at: OrgScenario.time(day: 0, hour: 0, minute: 2), resource: "/services/data/v60.0/sobjects/")
        var r = s.analyze()
        XCTAssertTrue(r.findings.isEmpty, "first sync from the baseline network: " + r.findings.map(\.summary).joined(separator: "; "))

        // Recon from a foreign session (the grant itself is also a replay finding that claims the session).
        s.grant(app: "Tableau CRM Sync", user: u, ip: "45.61.1.9", ua: "Tableau/2025.2", at: OrgScenario.time(day: 12, hour: 4, minute: 30), loginKey: "EVIL")
        s.apiCall(loginKey: "EVIL", user: u, ip: "45.61.1.9", at: OrgScenario.time(day: 12, hour: 4, minute: 31), resource: "/services/data/v60.0/sobjects/")
        s.apiCall(loginKey: "EVIL", user: u, ip: "45.61.1.9", at: OrgScenario.time(day: 12, hour: 4, minute: 32), resource: "/services/data/v60.0/query", query: "SELECT COUNT() FROM Account")
        r = s.analyze()
        let replay = r.findings.with(rule: "TH-001", app: "Tableau CRM Sync")
        XCTAssertEqual(replay.count, 1)
        XCTAssertTrue(replay[0].chain.contains { $0.kind == .recon }, "recon folded into the replay's chain")
        XCTAssertTrue(replay[0].why.contains { $0.contains("reconnaissance followed the grant") })
    }

    func testSecretHuntingFromForeignSessionVersusResponder() {
        var s = etlScenario()
        for d in 0..<14 { s.grant(app: "Data Loader", user: admin, ip: "198.51.100.23", ua: "Dataloader/62.0.0", at: OrgScenario.time(day: d, hour: 10), loginKey: "DL-\(d)") }
        // Responder on the usual network after an incident.
        s.apiCall(loginKey: "DL-13", user: admin, ip: "198.51.100.23", at: OrgScenario.time(day: 13, hour: 10, minute: 5), resource: "/services/data/v60.0/query",
                  query: "SELECT Id FROM Case WHERE Description LIKE '%password%'")
        var r = s.analyze()
        let responder = r.findings.with(rule: "TH-008")
        XCTAssertEqual(responder.count, 1)
        XCTAssertLessThanOrEqual(responder[0].level, .low)
        XCTAssertTrue(responder[0].why.contains { $0.contains("responders run the same searches") })
        // Same search from a session opened on a foreign network: loud.
        s.grant(app: "Data Loader", user: admin, ip: "91.200.1.1", ua: "Dataloader/62.0.0", at: OrgScenario.time(day: 13, hour: 22), loginKey: "DL-EVIL")
        s.apiCall(loginKey: "DL-EVIL", user: admin, ip: "91.200.1.1", at: OrgScenario.time(day: 13, hour: 22, minute: 3), resource: "/services/data/v60.0/query",
                  query: "SELECT Id FROM Case WHERE Description LIKE '%AKIA%'")
        r = s.analyze()
        let replay = r.findings.with(rule: "TH-001", app: "Data Loader")
        XCTAssertEqual(replay.count, 1)
        XCTAssertTrue(replay[0].chain.contains { $0.kind == .secretSearch })
    }

    func testSessionOpenerIsTheFirstGrantOfItsLoginKey() {
        var s = OrgScenario()
        let u = OrgScenario.user(5)
        s.grant(app: "Drift", user: u, ip: "52.4.10.11", ua: "Drift/1", at: OrgScenario.time(day: 1, hour: 5), loginKey: "K1")
        s.grant(app: "Drift", user: u, ip: "52.4.10.12", ua: "Drift/1", at: OrgScenario.time(day: 1, hour: 3), loginKey: "K1")
        s.grant(app: "Drift", user: u, ip: "52.4.10.13", ua: "Drift/1", at: OrgScenario.time(day: 1, hour: 1), loginKey: "K2")
        var store = s.store
        store.canonicalize()
        let context = AnalysisContext(store: store, postures: [], files: [],
                                      options: AnalysisOptions(detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime))
        let openers = context.openers(of: [fnv1a64("K1"), fnv1a64("NONE")])
        XCTAssertEqual(openers.count, 1, "only the keys asked for, and only those a grant carries")
        XCTAssertEqual(openers[fnv1a64("K1")]?.event.sourceAddress.display, "52.4.10.12", "the earliest grant opened the session")
        XCTAssertTrue(context.openers(of: []).isEmpty)
    }

    func testVolumeAnomalyAgainstOwnHistory() {
        var s = OrgScenario()
        let app = SalesforceID("0H45j000000Snw5")!
        s.store.visit(appDirectoryID: app, name: "Snowflake ETL")
        for d in 0..<10 {
            let calls = d == 9 ? 5_000 : 200
            for i in 0..<calls {
                s.apiCall(loginKey: "", user: etl, ip: "3.228.45.101", at: OrgScenario.time(day: d, hour: 1 + i % 20, second: i % 60),
                          resource: "/services/data/v60.0/query", app: app, rows: 10, kind: .apiTotalUsage)
            }
        }
        let r = s.analyze()
        let v = r.findings.with(rule: "TH-009")
        XCTAssertEqual(v.count, 1)
        XCTAssertTrue(v[0].summary.contains("5000 calls"), v[0].summary)
        XCTAssertEqual(v[0].firstSeen.isoDate, OrgScenario.time(day: 9, hour: 0).isoDate)
    }

    func testNewAppUnapprovedAndDataLoaderLookAlike() {
        var s = etlScenario()
        // A sanctioned new integration appears on day 10.
        for d in 10..<14 { s.grant(app: "Gong", user: OrgScenario.user(30), ip: "34.1.2.3", ua: "Gong-Sync/1.0", at: OrgScenario.time(day: d, hour: 9)) }
        // UNC6040: a Data Loader client authorised as "My Ticket Portal".
        s.grant(app: "My Ticket Portal", user: OrgScenario.user(31), ip: "45.9.9.9", ua: "Dataloader/62.0.0 (Windows 11)", at: OrgScenario.time(day: 11, hour: 15))
        var r = s.analyze()
        XCTAssertEqual(r.findings.with(rule: "TH-010", app: "Gong").count, 1, "new app without an allowlist: reported")
        let lookAlike = r.findings.with(rule: "TH-010", app: "My Ticket Portal")
        XCTAssertEqual(lookAlike.count, 1)
        XCTAssertTrue(lookAlike[0].summary.contains("Data Loader look-alike"))
        var opts = AnalysisOptions(detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime)
        opts.approvedApps = ["snowflake etl", "gong"]
        r = s.analyze(options: opts)
        XCTAssertTrue(r.findings.with(rule: "TH-010", app: "Gong").isEmpty, "sanctioned integration on the allowlist")
        XCTAssertGreaterThan(r.findings.with(rule: "TH-010", app: "My Ticket Portal").first?.confidence ?? 0, lookAlike[0].confidence)
    }

    func testTorExitAsOfEventDate() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("th-tor-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("exit-addresses").path
        try """
        ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E
        Published 2025-08-09 20:00:00
        LastStatus 2025-08-09 21:00:00
        ExitAddress 185.220.101.47 2025-08-09 21:02:11
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let (tor, diags) = try TorExitList.load(path: path)
        XCTAssertTrue(diags.isEmpty)
        let ip = IPAddress("185.220.101.47")!
        XCTAssertTrue(tor.isExit(ip, at: CivilTime(year: 2025, month: 8, day: 9, hour: 22).eventTime))
        XCTAssertFalse(tor.isExit(ip, at: CivilTime(year: 2025, month: 11, day: 1).eventTime), "months later the IP is someone else")

        var s = etlScenario()
        s.grant(app: "Snowflake ETL", user: etl, ip: "185.220.101.47", ua: "python-requests/2.31.0", at: CivilTime(year: 2025, month: 8, day: 9, hour: 21, minute: 30).eventTime)
        var opts = AnalysisOptions(detectionTime: CivilTime(year: 2025, month: 9, day: 1).eventTime)
        opts.torExits = tor
        let r = s.analyze(options: opts)
        XCTAssertEqual(r.findings.with(rule: "TH-004").count, 1)
        XCTAssertTrue(r.findings.with(rule: "TH-001").first?.why.contains { $0.contains("Tor exit") } ?? false)
    }

    func testASNTableTurnsNetworksIntoASNs() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("th-asn-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("ip2asn.tsv").path
        try "3.0.0.0\t3.255.255.255\t16509\tUS\tAMAZON-02\n208.68.32.0\t208.68.39.255\t14061\tUS\tDIGITALOCEAN-ASN\nbad line\n".write(toFile: path, atomically: true, encoding: .utf8)
        let (table, diags) = try ASNTable.load(path: path)
        XCTAssertEqual(diags.count, 1)
        XCTAssertEqual(diags[0].line, 3)
        let resolver = NetworkResolver(asnTable: table)
        XCTAssertEqual(resolver.network(for: .address(IPAddress("3.228.45.101")!)), .asn(16509))
        XCTAssertEqual(resolver.label(for: .asn(14061)), "AS14061 DIGITALOCEAN-ASN (US)")
        XCTAssertEqual(resolver.network(for: .address(IPAddress("9.9.9.9")!)), IPAddress("9.9.9.9")!.defaultNetwork)
    }

    func testConfigParsesTheExampleFile() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let config = try TokenhoundConfig.load(path: root.appendingPathComponent("tokenhound.example.yaml").path)
        XCTAssertEqual(config.learningDays, 7)
        XCTAssertEqual(config.approvedApps?.contains("Drift"), true)
        XCTAssertEqual(config.suppressions?.first?.rule, "TH-008")
        XCTAssertEqual(config.apps?["Zendesk"]?.expectedEgress?.count, 2)
        XCTAssertEqual(TokenhoundConfig.networks(forEgress: "10.1.0.0/22")?.count, 4)
        XCTAssertEqual(TokenhoundConfig.networks(forEgress: "AS16509"), [.asn(16509)])
        XCTAssertNil(TokenhoundConfig.networks(forEgress: "10.0.0.0/8"), "too wide to expand into /24s")
        XCTAssertThrowsError(try TokenhoundConfig.load(path: "/nonexistent.yaml"))
    }

    func testIndicatorPackValidityWindow() {
        let m = IndicatorMatcher(packs: [.builtIn])
        let inCampaign = CivilTime(year: 2025, month: 8, day: 8).eventTime
        XCTAssertEqual(m.matches(userAgent: "Salesforce-Multi-Org-Fetcher/1.0", address: .empty, at: inCampaign).count, 1)
        XCTAssertTrue(m.matches(userAgent: "Salesforce-Multi-Org-Fetcher/1.0", address: .empty, at: CivilTime(year: 2024, month: 1, day: 1).eventTime).isEmpty)
        XCTAssertTrue(m.matches(userAgent: "", address: .address(IPAddress("208.68.36.90")!), at: CivilTime(year: 2027, month: 1, day: 1).eventTime).isEmpty, "expired IP indicator")
    }

    func testStaleLiveTokenFromOauthTokenExport() {
        var s = etlScenario()
        s.store.visit(tokenHolding: TokenHolding(appName: "Drift", user: OrgScenario.user(40), useCount: 12,
                                                 lastUsed: OrgScenario.time(day: -60, hour: 0), created: OrgScenario.time(day: -400, hour: 0),
                                                 location: RowLocation(file: 1, line: 2)))
        s.store.visit(tokenHolding: TokenHolding(appName: "Snowflake ETL", user: etl, useCount: 900,
                                                 lastUsed: OrgScenario.time(day: 13, hour: 22), created: nil, location: RowLocation(file: 1, line: 3)))
        let r = s.analyze()
        let stale = r.findings.with(rule: "TH-012")
        XCTAssertEqual(stale.count, 1, "only the token unused for longer than dormant_days")
        XCTAssertEqual(stale.first?.app.name, "Drift")
        XCTAssertTrue(stale.first?.summary.contains("unused for 73 days") ?? false, stale.first?.summary ?? "")
    }
}
