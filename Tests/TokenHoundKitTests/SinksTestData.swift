import Foundation
@testable import TokenHoundKit

/// Sample findings and a scan report full of hostile strings, shared by the Sinks tests.
enum SinksTestData {
    static func t(_ y: Int, _ mo: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0, _ s: Int = 0, _ ms: Int = 0) -> EventTime {
        CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: s, millisecond: ms).eventTime
    }

    static let accessToken = "00D5j000000XyZaEAK!AQ4AQH0dMHZfz972Szy9a8bXvQ1dYkRx2Kp6Jm9QAbcdEFghIJklMNop.qrst_UV"
    static let awsKey = "AKIAIOSFODNN7EXAMPLE"
    static let refreshToken = "5Aep861TSESvWeug_xvFHRBTTbf_YrTWgEyjBJrcaR7GmTlCxS5Y4bg0gXGNW0ZqknGDBHyTvWP5bA4KIsrvKHk"

    static let hostileUA = "python-requests/2.32.4\u{1b}[31m\r\nX-Injected: 1\u{0}|=\u{202e}gpj.exe\u{7f}\u{9b}2J"
    static let hostileApp = "Drift <script>alert(1)</script>|CEF:0|\"q\" 'sq' & `tick` *b* [l](x)"
    static let hostileUser = "=HYPERLINK(\"http://evil.example\",\"x\")@corp.example.com"
    static let hostileSummary = "Refresh token replayed from a new network </script><script>alert(1)</script> \"quoted\" 'single' a=b\\c\nsecond line \u{2067}isolate\u{2069}"
    static let hostileFile = "+evil\u{1b}]0;pwned\u{07}/LoginEvent|2025-08-08.csv"

    static let critical = Finding(
        id: "f3a9c2e1d4b5a6978812aabbccddeeff00112233445566778899aabbccddeeff",
        ruleID: "TH-REFRESH-NEW-NETWORK",
        ruleTitle: "Refresh token used from a new network",
        attackTechniqueID: "T1550.001",
        attackTechniqueName: "Use Alternate Authentication Material: Application Access Token",
        level: .critical, riskScore: 99, impact: 95, confidence: 90,
        app: AppRef(id: "0H45j000000GmaFCAS", name: hostileApp),
        user: UserRef(id: "0055j00000AT6I1AAL", name: hostileUser),
        sourceIP: "208.68.36.90", network: "208.68.36.0/24", userAgent: hostileUA,
        firstSeen: t(2025, 8, 8, 1, 2, 3, 456), lastSeen: t(2025, 8, 8, 3, 4, 5, 678),
        eventCount: 17, secretPresence: .unknown, attribution: .sessionLoginKey,
        postureFacts: ["Require Secret for Refresh Token Flow: off", "Refresh token policy: valid until revoked", "-1+1 @SUM(A1)"],
        why: ["network 208.68.36.0/24 never seen for this app in 30 days of baseline",
              "client secret not required for refresh (CVSS Critical 9.0-10.0)",
              "user agent python-requests matches indicator pack UNC6395"],
        evidence: [
            EvidenceItem(file: hostileFile, line: 42, requestID: "TID:4Gj9kQ2N0000\u{1b}[2K", time: t(2025, 8, 8, 1, 2, 3, 456),
                         summary: "refresh grant from 208.68.36.90 token \(accessToken), LOGIN_NO_ERROR"),
            EvidenceItem(file: "RestApi/2025-08-08.csv", line: 7, requestID: "4Gj9kQ2N0001", time: t(2025, 8, 8, 1, 5, 0),
                         summary: "SOQL with key \(awsKey) and refresh token \(refreshToken)"),
        ],
        chain: [
            ChainStep(time: t(2025, 8, 8, 1, 2, 3, 456), kind: .grant, detail: "refresh_token grant, 208.68.36.90"),
            ChainStep(time: t(2025, 8, 8, 1, 3, 0), kind: .recon, detail: "GET /services/data/v60.0/sobjects/"),
            ChainStep(time: t(2025, 8, 8, 1, 5, 0), kind: .secretSearch,
                      detail: "SELECT Id, Body FROM Case WHERE Body LIKE '%AKIA%' -- \(awsKey)\r\n\u{0}UNION"),
            ChainStep(time: t(2025, 8, 8, 3, 4, 5, 678), kind: .bulkExport, detail: "Bulk API 2.0 query job on Account, 120000 rows"),
        ],
        indicators: [IndicatorMatch(indicator: "python-requests/", type: "user_agent", campaign: "UNC6395 / GRUB1",
                                    source: "Google TAG 2025-08-26", packVersion: "2025.09.1")],
        summary: hostileSummary,
        remediation: "Revoke the app's tokens (Setup > Connected Apps OAuth Usage > Revoke), rotate the consumer secret, turn on Require Secret for Refresh Token Flow.",
        detectedAt: t(2025, 8, 9, 12, 0, 0, 123))

    static let medium = Finding(
        id: "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9",
        ruleID: "TH-SECRET-FAILURES",
        ruleTitle: "Refresh grants failing client authentication",
        attackTechniqueID: "T1528", attackTechniqueName: "Steal Application Access Token",
        level: .medium, riskScore: 55, impact: 60, confidence: 50,
        app: AppRef(id: "0H45j000000GmbBCAS", name: "Salesloft"),
        user: UserRef(id: "0055j000000utlPAAQ", name: "ops@corp.example.com"),
        sourceIP: "2001:db8:1234:5678::1", network: "-cmd|' /C calc'!A0", userAgent: "Go-http-client/1.1",
        firstSeen: t(2025, 8, 7, 22, 0, 0), lastSeen: t(2025, 8, 7, 23, 30, 0),
        eventCount: 5, secretPresence: .absentOrWrong, attribution: .exportApplication,
        postureFacts: ["Require Secret for Refresh Token Flow: on"],
        why: ["5 failed refresh grants in 90 minutes"],
        evidence: [EvidenceItem(file: "LoginHistory.csv", line: 3, requestID: "-", time: t(2025, 8, 7, 22, 0, 0), summary: "invalid_client_credentials")],
        chain: [], indicators: [],
        summary: "@Salesloft refresh grants failed with invalid client credentials",
        remediation: "Confirm whether the integration's secret was rotated; otherwise treat as a stolen token.",
        detectedAt: t(2025, 8, 9, 12, 0, 0, 123))

    static let low = Finding(
        id: "ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100",
        ruleID: "TH-UNATTRIBUTED-UA",
        ruleTitle: "Unattributed refresh grants from a scripting user agent",
        attackTechniqueID: "T1078", attackTechniqueName: "Valid Accounts",
        level: .low, riskScore: 30, impact: 30, confidence: 40,
        app: AppRef(id: nil, name: nil), user: UserRef(id: "0055j00000AT6I2AAL", name: nil),
        sourceIP: "Salesforce.com IP", network: nil, userAgent: nil,
        firstSeen: t(2025, 8, 6, 10, 0, 0), lastSeen: t(2025, 8, 6, 10, 0, 0),
        eventCount: 1, secretPresence: .unknown, attribution: .unattributed,
        postureFacts: [], why: [], evidence: [], chain: [], indicators: [],
        summary: "One refresh grant that no log ties to an app", remediation: "Collect LoginEvent to attribute it.",
        detectedAt: t(2025, 8, 9, 12, 0, 0, 123))

    static let findings = [critical, medium, low]

    static var report: ScanReport {
        var r = ScanReport(toolVersion: "0.1.0", generatedAt: t(2025, 8, 9, 12, 0, 1))
        r.inputFiles = 12
        r.rowsRead = 48_213
        r.observedFrom = t(2025, 8, 1)
        r.observedTo = t(2025, 8, 9)
        r.findings = findings
        r.suppressedFindings = 2

        var drift = AppActivitySummary(app: critical.app)
        drift.postureLine = "Require Secret for Refresh Token Flow: OFF; rotation: off; tokens: infinite"
        drift.cvssBand = "Critical (9.0-10.0)"
        drift.refreshGrants = 412
        drift.failedGrants = 3
        drift.users = 2
        drift.networks = ["54.84.10.0/24", "208.68.36.0/24"]; drift.networkCount = 2
        drift.newNetworks = ["208.68.36.0/24"]; drift.newNetworkCount = 1
        drift.firstSeen = t(2025, 8, 1, 0, 10)
        drift.lastSeen = t(2025, 8, 8, 23, 50)
        var points: [GrantPoint] = []
        for h in stride(from: 0, to: 8 * 24, by: 3) {
            points.append(GrantPoint(time: t(2025, 8, 1).adding(millis: Int64(h) * EventTime.hourMillis + 600_000), network: "54.84.10.0/24", succeeded: h % 45 != 0))
        }
        for m in stride(from: 0, to: 120, by: 10) {
            points.append(GrantPoint(time: t(2025, 8, 8, 1, 2, 3).adding(millis: Int64(m) * EventTime.minuteMillis), network: "208.68.36.0/24", succeeded: true))
        }
        drift.timeline = points
        drift.findingsByLevel = ["critical": 1]
        drift.topFindingIDs = [critical.id]
        drift.baselineState = "baseline from 2025-07-01 to 2025-07-31"

        var salesloft = AppActivitySummary(app: medium.app)
        salesloft.postureLine = "Require Secret for Refresh Token Flow: on; rotation: on"
        salesloft.cvssBand = "Low (0.1-3.9)"
        salesloft.refreshGrants = 96
        salesloft.failedGrants = 5
        salesloft.users = 1
        salesloft.networks = ["2001:db8:1234::/48", "-cmd|' /C calc'!A0"]; salesloft.networkCount = 2
        salesloft.firstSeen = t(2025, 8, 1, 6)
        salesloft.lastSeen = t(2025, 8, 7, 23, 30)
        salesloft.timeline = (0..<14).map { i in
            GrantPoint(time: t(2025, 8, 1, 6).adding(millis: Int64(i) * 12 * EventTime.hourMillis), network: "2001:db8:1234::/48", succeeded: true)
        } + (0..<5).map { i in
            GrantPoint(time: t(2025, 8, 7, 22).adding(millis: Int64(i) * 20 * EventTime.minuteMillis), network: "-cmd|' /C calc'!A0", succeeded: false)
        }
        salesloft.findingsByLevel = ["medium": 1]
        salesloft.topFindingIDs = [medium.id]
        salesloft.baselineState = "cold start: 2 days of history"

        var unattributed = AppActivitySummary(app: low.app)
        unattributed.postureLine = ""
        unattributed.refreshGrants = 1
        unattributed.users = 1
        unattributed.networks = ["Salesforce.com IP"]; unattributed.networkCount = 1
        unattributed.firstSeen = low.firstSeen
        unattributed.lastSeen = low.lastSeen
        unattributed.timeline = [GrantPoint(time: low.firstSeen, network: "Salesforce.com IP", succeeded: true)]
        unattributed.findingsByLevel = ["low": 1]
        unattributed.topFindingIDs = [low.id]
        unattributed.baselineState = "learning"
        r.apps = [unattributed, salesloft, drift]

        var login = EventTypeCoverage(kind: .login)
        login.files = ["ELF/Login/2025-08-01.csv", "ELF/Login/2025-08-02.csv.gz"]
        login.rows = 40_000
        login.duplicateRowsDropped = 12
        login.firstSeen = t(2025, 8, 1)
        login.lastSeen = t(2025, 8, 8, 23, 59)
        login.headerGenerations = ["Login 26 columns (2021)", "Login 31 columns (2024)"]
        login.missingDays = ["2025-08-04"]
        login.missingHours = 30
        login.rejectedRows = ["bad TIMESTAMP_DERIVED": 3, "column count": 1]
        var rest = EventTypeCoverage(kind: .restApi)
        rest.files = ["ELF/RestApi/2025-08-08.csv"]
        rest.rows = 8_000
        rest.firstSeen = t(2025, 8, 8)
        rest.lastSeen = t(2025, 8, 8, 23)
        rest.headerGenerations = ["RestApi | \"hostile\" <b>header</b>"]
        var history = EventTypeCoverage(kind: .loginHistory)
        history.files = [hostileFile]
        history.rows = 213
        history.firstSeen = t(2025, 8, 1)
        history.lastSeen = t(2025, 8, 9)
        history.missingDays = ["2025-08-02", "2025-08-03", "2025-08-04", "2025-08-05", "2025-08-06", "2025-08-07", "2025-08-08"]
        r.coverage = [login, rest, history]

        r.rules = [
            RuleAvailability(ruleID: "TH-REFRESH-NEW-NETWORK", title: "Refresh token used from a new network", canRun: true, reason: ""),
            RuleAvailability(ruleID: "TH-BULK-EXFIL", title: "Bulk export after refresh grant", canRun: false,
                             reason: "no BulkApi2 or BulkApiRequest logs in the input </td><script>alert(1)</script>"),
        ]
        r.diagnostics = [
            InputDiagnostic(severity: .warning, file: "ELF/Login/2025-08-02.csv.gz", line: 1201, message: "row has 25 of 26 columns"),
            InputDiagnostic(severity: .error, file: "broken.csv.gz", byteOffset: 4096, message: "truncated gzip member"),
        ]
        return r
    }
}
