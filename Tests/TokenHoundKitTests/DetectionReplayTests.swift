import XCTest
@testable import TokenHoundKit

final class DetectionReplayTests: XCTestCase {
    let vendorUA = "Drift-Salesforce-Sync/4.2"

    func testHeadlessReplayWithIndicatorIsCritical() {
        let r = OrgScenario.drift().analyze()
        let replay = r.findings.with(rule: "TH-001", app: "Drift")
        XCTAssertEqual(replay.count, 1)
        XCTAssertEqual(replay[0].level, .critical, replay[0].why.joined(separator: "\n"))
        XCTAssertEqual(replay[0].network, "208.68.36.0/24")
        XCTAssertEqual(replay[0].eventCount, 4)
        XCTAssertEqual(replay[0].secretPresence, .unknown)
        XCTAssertFalse(replay[0].indicators.isEmpty)
        XCTAssertTrue(replay[0].why.contains { $0.contains("two token holders") })
        XCTAssertFalse(r.findings.with(rule: "TH-002", app: "Drift").isEmpty, "split brain expected")
        XCTAssertFalse(r.findings.with(rule: "TH-003", app: "Drift").isEmpty, "tool fingerprint expected")
    }

    func testReplayWithoutCorroborationIsHighButNeverCritical() {
        let r = OrgScenario.drift(withIndicatorIP: false).analyze()
        let replay = r.findings.with(rule: "TH-001", app: "Drift")
        XCTAssertEqual(replay.count, 1)
        XCTAssertEqual(replay[0].level, .high, replay[0].why.joined(separator: "\n"))
        XCTAssertLessThanOrEqual(replay[0].riskScore, 98)
        XCTAssertTrue(r.findings.allSatisfy { $0.level < .critical })
    }

    func testMobileCarrierChurnStaysQuiet() {
        var s = OrgScenario()
        s.postures = []   // no metadata: unknown, assumed exposed
        for n in 1...15 {
            let u = OrgScenario.user(n)
            for d in 0..<20 {
                // A different carrier /24 (and sometimes IPv6 /48) most days.
                let ip = (d + n) % 3 == 0 ? "2600:380:\(String(d * 7 + n, radix: 16)):1::\(n)" : "166.\(100 + n).\((d * 13 + n) % 250).\(10 + d)"
                s.grant(app: "Salesforce for iOS", user: u, ip: ip, ua: "SalesforceMobileSDK/11.1.0 iOS/17.5", at: OrgScenario.time(day: d, hour: 8 + n % 10))
                s.grant(app: "Salesforce for iOS", user: u, ip: ip, ua: "SalesforceMobileSDK/11.1.0 iOS/17.5", at: OrgScenario.time(day: d, hour: 18))
            }
        }
        let r = s.analyze()
        let loud = r.findings.filter { $0.app.name == "Salesforce for iOS" && $0.level >= .medium }
        XCTAssertTrue(loud.isEmpty, loud.map { "\($0.ruleID) \($0.level) \($0.summary)" }.joined(separator: "\n"))
    }

    func testVendorReplatformingWithGoodPostureIsLow() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Zendesk", secretRequired: true)]
        let u = OrgScenario.user(2)
        s.cadence(app: "Zendesk", user: u, ips: ["34.120.5.10"], ua: "Zendesk-Salesforce/3.1", days: 0..<12)
        s.cadence(app: "Zendesk", user: u, ips: ["35.190.77.20", "35.190.77.21"], ua: "Zendesk-Salesforce/3.2", days: 12..<21)
        let r = s.analyze()
        let z = r.findings.filter { $0.app.name == "Zendesk" }
        XCTAssertFalse(z.with(rule: "TH-001").isEmpty, "the move is still reported, at low severity")
        XCTAssertLessThanOrEqual(z.maxLevel ?? .informational, .low, z.map { "\($0.ruleID) \($0.level) \($0.why)" }.joined(separator: "\n"))
        XCTAssertEqual(z.with(rule: "TH-001").first?.secretPresence, .presented)
    }

    func testActiveActiveRegionsAreNotSplitBrain() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Outreach", secretRequired: false)]
        let u = OrgScenario.user(3)
        s.cadence(app: "Outreach", user: u, ips: ["52.10.1.5", "18.200.9.9"], ua: "Outreach-Sync/2.0", days: 0..<21, everyHours: 1)
        let r = s.analyze()
        XCTAssertTrue(r.findings.filter { $0.app.name == "Outreach" }.isEmpty, r.findings.map(\.summary).joined(separator: "\n"))
    }

    func testColdStartSaysSoAndStaysLow() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Drift", secretRequired: false)]
        let u = OrgScenario.user(1)
        s.cadence(app: "Drift", user: u, ips: ["52.4.10.11"], ua: vendorUA, days: 0..<2, everyHours: 1)
        for h in [1, 3, 5] { s.grant(app: "Drift", user: u, ip: "203.0.113.77", ua: "Go-http-client/1.1", at: OrgScenario.time(day: 1, hour: h, minute: 30)) }
        let r = s.analyze()
        XCTAssertTrue(r.findings.with(rule: "TH-001").isEmpty, "no baseline, no new-network verdict")
        let split = r.findings.with(rule: "TH-002")
        XCTAssertFalse(split.isEmpty)
        XCTAssertTrue(split.allSatisfy { $0.confidence <= 35 && $0.why.contains { $0.contains("cold start") } })
        XCTAssertTrue(r.apps.first { $0.app.name == "Drift" }!.baselineState.hasPrefix("cold start"))
    }

    func testBlueGreenDeployIsNotLoud() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Gearset", secretRequired: true, rotation: true)]
        let u = OrgScenario.user(4)
        s.cadence(app: "Gearset", user: u, ips: ["20.50.1.1"], ua: "Gearset/1.0", days: 0..<10, everyHours: 1)
        // Day 10: both colours for 6 hours, then only green.
        for h in 0..<6 {
            s.grant(app: "Gearset", user: u, ip: "20.50.1.1", ua: "Gearset/1.0", at: OrgScenario.time(day: 10, hour: h))
            s.grant(app: "Gearset", user: u, ip: "20.60.2.2", ua: "Gearset/1.0", at: OrgScenario.time(day: 10, hour: h, minute: 30))
        }
        s.cadence(app: "Gearset", user: u, ips: ["20.60.2.2"], ua: "Gearset/1.0", days: 11..<14, everyHours: 1)
        let r = s.analyze()
        let g = r.findings.filter { $0.app.name == "Gearset" }
        XCTAssertLessThanOrEqual(g.maxLevel ?? .informational, .low, g.map { "\($0.ruleID) \($0.level) \($0.riskScore)" }.joined(separator: "\n"))
    }

    func testBlockedReplayReportsStolenTokenEvenWhenControlHeld() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Gearset", secretRequired: true, rotation: true)]
        let u = OrgScenario.user(5)
        s.cadence(app: "Gearset", user: u, ips: ["20.50.1.1"], ua: "Gearset/1.0", days: 0..<12)
        for m in [0, 5, 10] {
            s.grant(app: "Gearset", user: u, ip: "185.220.101.4", ua: "python-requests/2.31.0",
                    at: OrgScenario.time(day: 10, hour: 3, minute: m), status: "Failed: Invalid Client Credentials")
        }
        let r = s.analyze()
        let blocked = r.findings.with(rule: "TH-011")
        XCTAssertEqual(blocked.count, 1)
        XCTAssertGreaterThanOrEqual(blocked[0].level, .medium)
        XCTAssertEqual(blocked[0].secretPresence, .absentOrWrong)
        XCTAssertTrue(blocked[0].why.contains { $0.contains("someone else's hands") })
    }

    func testDormantTokenReturnsFromNewNetwork() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Data Loader", secretRequired: false)]
        let u = OrgScenario.user(6)
        s.cadence(app: "Data Loader", user: u, ips: ["198.51.100.20"], ua: "DataLoader/60.0", days: 0..<3, everyHours: 8)
        // An unrelated busy app keeps the data window alive.
        s.cadence(app: "Outreach", user: OrgScenario.user(7), ips: ["52.10.1.5"], ua: "Outreach-Sync/2.0", days: 0..<25, everyHours: 12)
        s.grant(app: "Data Loader", user: u, ip: "45.77.1.9", ua: "DataLoader/60.0", at: OrgScenario.time(day: 22, hour: 4))
        let r = s.analyze()
        let dormant = r.findings.with(rule: "TH-012", app: "Data Loader")
        XCTAssertEqual(dormant.count, 1)
        XCTAssertTrue(dormant[0].summary.contains("19 days"), dormant[0].summary)
    }

    func testSalesforceInternalIsNeverANewNetwork() {
        var s = OrgScenario()
        s.postures = [OrgScenario.posture("Drift", secretRequired: false)]
        let u = OrgScenario.user(1)
        s.cadence(app: "Drift", user: u, ips: ["52.4.10.11"], ua: vendorUA, days: 0..<12)
        s.store.visit(auth: AuthEvent(source: .eventLogLogin, time: OrgScenario.time(day: 10, hour: 5), user: u, sourceAddress: .salesforceInternal,
                                      userAgent: vendorUA, loginKey: "X", requestID: "R", flow: .refreshToken, loginType: "i",
                                      status: "LOGIN_NO_ERROR", succeeded: true, location: RowLocation(file: 1, line: 9)))
        let r = s.analyze()
        XCTAssertTrue(r.findings.filter { $0.ruleID == "TH-001" }.isEmpty)
    }
}
