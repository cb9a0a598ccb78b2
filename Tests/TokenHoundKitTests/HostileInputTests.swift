import Foundation
import XCTest
@testable import TokenHoundKit

/// Issue 7: damaged and hostile inputs, end to end through `ScanPipeline.run`. Every damaged file
/// gets exactly one clear diagnostic naming it (and a line or byte offset), the run is marked
/// damaged (exit 3), and every other file is still analysed.
final class HostileInputTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let sampleLogs = root.appendingPathComponent("SampleLogs")
    static let detectionTime = CivilTime(year: 2025, month: 9, day: 1).eventTime

    /// The 2025 ELF Login header and two good rows (an OAuth refresh, a UI login).
    static let loginHeader = #""EVENT_TYPE","TIMESTAMP","REQUEST_ID","ORGANIZATION_ID","USER_ID","RUN_TIME","CPU_TIME","URI","SESSION_KEY","LOGIN_KEY","USER_TYPE","REQUEST_STATUS","DB_TOTAL_TIME","LOGIN_TYPE","BROWSER_TYPE","API_TYPE","API_VERSION","USER_NAME","TLS_PROTOCOL","CIPHER_SUITE","AUTHENTICATION_METHOD_REFERENCE","LOGIN_SUB_TYPE","TIMESTAMP_DERIVED","USER_ID_DERIVED","CLIENT_IP","URI_ID_DERIVED","LOGIN_STATUS","SOURCE_IP""#
    static func loginRow(second: Int, browser: String = "Outreach-Salesforce-Sync/3.1", user: String = "outreach.sync@acme.example",
                         loginKey: String = "CNCxFztYjSQIh094", ip: String = "54.208.17.36") -> String {
        let s = String(format: "%02d", second)
        return #""Login","202508020001\#(s).999","4CLnCC23oBZnU6l3Fp\#(s)-","00D5j00000TkHnd","0055j00000OtrSy","551","110","/services/oauth2/token","","\#(loginKey)","Standard","","293992938","i","\#(browser)","","9998.0","\#(user)","TLSv1.3","TLS_AES_256_GCM_SHA384","","oauthrefreshtoken","2025-08-02T00:01:\#(s).999Z","0055j00000OtrSyAAJ","\#(ip)","","LOGIN_NO_ERROR","\#(ip)""#
    }
    static var goodLogin: String { ([loginHeader] + (10..<14).map { loginRow(second: $0) }).joined(separator: "\r\n") + "\r\n" }

    func tempDir() throws -> URL { try ReadingTestSupport.tempDir(self) }

    func write(_ s: String, _ name: String, in dir: URL) throws -> URL {
        let url = dir.appendingPathComponent(name)
        try Data(s.utf8).write(to: url)
        return url
    }

    func scan(_ paths: [String], threads: Int = 2, configure: (inout ScanRequest) -> Void = { _ in }) -> ScanOutcome {
        var r = ScanRequest(paths: paths, detectionTime: Self.detectionTime)
        r.ingest.threads = threads
        configure(&r)
        return ScanPipeline.run(r)
    }

    func rendered(_ out: ScanOutcome) -> String { out.report.diagnostics.map(\.rendered).joined(separator: "\n") }

    /// One bad file next to a good one: exactly one error/warning diagnostic, for the bad file, with
    /// a line or an offset; the run is damaged; the good file's four rows are all analysed.
    @discardableResult
    func assertOneDiagnostic(bad: URL, dir: URL, mentions: String, file: StaticString = #filePath, line: UInt = #line) throws -> InputDiagnostic {
        _ = try write(Self.goodLogin, "good-Login.csv", in: dir)
        let out = scan([dir.path])
        let all = rendered(out)
        XCTAssertTrue(out.inputDamaged, "damaged input must give exit 3:\n\(all)", file: file, line: line)
        let serious = out.report.diagnostics.filter { $0.severity != .note || $0.file.hasSuffix(bad.lastPathComponent) }
        XCTAssertEqual(serious.count, 1, "exactly one diagnostic:\n\(all)", file: file, line: line)
        let d = try XCTUnwrap(serious.first, file: file, line: line)
        XCTAssertTrue(d.file.hasSuffix(bad.lastPathComponent), "names the file: \(d.rendered)", file: file, line: line)
        XCTAssertTrue(d.line != nil || d.byteOffset != nil, "names a line or offset: \(d.rendered)", file: file, line: line)
        XCTAssertTrue(d.rendered.lowercased().contains(mentions.lowercased()), "says what is wrong (\(mentions)): \(d.rendered)", file: file, line: line)
        let good = try XCTUnwrap(out.ingest.outcomes.first { $0.file.path.hasSuffix("good-Login.csv") }, file: file, line: line)
        XCTAssertEqual(good.report.rowsAccepted, 4, file: file, line: line)
        XCTAssertFalse(good.damaged, file: file, line: line)
        return d
    }

    // MARK: - Damaged input

    func testTruncatedGzip() throws {
        let dir = try tempDir()
        let gz = GzipEncoder.compress(Array(Self.goodLogin.utf8) + Array(((20..<60).map { Self.loginRow(second: $0 % 60) }.joined(separator: "\r\n")).utf8))
        let bad = dir.appendingPathComponent("cut-Login.csv.gz")
        try Data(gz.prefix(gz.count * 2 / 3)).write(to: bad)
        let d = try assertOneDiagnostic(bad: bad, dir: dir, mentions: "trunc")
        XCTAssertNotNil(d.byteOffset)
        // Rows before the cut were still analysed.
        let out = scan([dir.path])
        let cut = try XCTUnwrap(out.ingest.outcomes.first { $0.file.path.hasSuffix("cut-Login.csv.gz") })
        XCTAssertGreaterThan(cut.report.rowsAccepted, 0)
    }

    func testCSVCutMidQuote() throws {
        let dir = try tempDir()
        let text = Self.goodLogin + #""Login","20250802000159.999","4CLnCC23oB","00D5j00000TkHnd","0055j00000OtrSy","551","110","/services/oauth2/token","","KEY","Standard","","1","i","Mozilla/5.0 (cut"#
        let bad = try write(text, "midquote-Login.csv", in: dir)
        let d = try assertOneDiagnostic(bad: bad, dir: dir, mentions: "quote")
        XCTAssertEqual(d.line, 6)
    }

    func testBinaryGarbage() throws {
        let dir = try tempDir()
        var rng = ReadingTestSupport.SplitMix64(seed: 7)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let bad = dir.appendingPathComponent("garbage-Login.csv")
        try Data(bytes).write(to: bad)
        try assertOneDiagnostic(bad: bad, dir: dir, mentions: "unrecognised header")
    }

    func testUTF16ReSavedSpreadsheet() throws {
        let dir = try tempDir()
        var bytes: [UInt8] = [0xFF, 0xFE]
        for u in Self.goodLogin.utf16 { bytes += [UInt8(u & 0xFF), UInt8(u >> 8)] }
        let bad = dir.appendingPathComponent("utf16-Login.csv")
        try Data(bytes).write(to: bad)
        try assertOneDiagnostic(bad: bad, dir: dir, mentions: "UTF-16")
        let noBOM = dir.appendingPathComponent("utf16nobom-Login.csv")
        try Data(bytes.dropFirst(2)).write(to: noBOM)
        let out = scan([noBOM.path])
        XCTAssertEqual(out.report.diagnostics.count, 1, rendered(out))
        XCTAssertTrue(out.report.diagnostics[0].message.contains("UTF-16"), rendered(out))
    }

    func testSemicolonAndTabReSavedSpreadsheets() throws {
        let dir = try tempDir()
        let semi = try write(Self.goodLogin.replacingOccurrences(of: "\",\"", with: "\";\""), "semi-Login.csv", in: dir)
        try assertOneDiagnostic(bad: semi, dir: dir, mentions: "';'")
        let tab = try write(Self.goodLogin.replacingOccurrences(of: "\",\"", with: "\"\t\""), "tab-Login.csv", in: dir)
        let out = scan([tab.path])
        XCTAssertEqual(out.report.diagnostics.count, 1, rendered(out))
        XCTAssertTrue(out.report.diagnostics[0].message.contains("tab"), rendered(out))
    }

    func testZeroByteFile() throws {
        let dir = try tempDir()
        let bad = dir.appendingPathComponent("empty-Login.csv")
        try Data().write(to: bad)
        try assertOneDiagnostic(bad: bad, dir: dir, mentions: "empty")
    }

    func testDuplicatedHeaderColumns() throws {
        let dir = try tempDir()
        let header = Self.loginHeader + #","CLIENT_IP""#
        let rows = (10..<12).map { Self.loginRow(second: $0) + #","1.2.3.4""# }
        let bad = try write(([header] + rows).joined(separator: "\n") + "\n", "dupcol-Login.csv", in: dir)
        try assertOneDiagnostic(bad: bad, dir: dir, mentions: "CLIENT_IP")
    }

    func testHeaderRepeatedMidFile() throws {
        let dir = try tempDir()
        let text = Self.goodLogin + Self.loginHeader + "\r\n" + Self.loginRow(second: 30) + "\r\n"
        let bad = try write(text, "concat-Login.csv", in: dir)
        let d = try assertOneDiagnostic(bad: bad, dir: dir, mentions: "repeated")
        XCTAssertEqual(d.line, 6)
        let out = scan([bad.path])
        XCTAssertEqual(out.ingest.outcomes[0].report.rowsAccepted, 5, "rows after the repeated header are analysed")
    }

    func testHeaderOnlyFileIsANoteNotAnError() throws {
        let dir = try tempDir()
        let f = try write(Self.loginHeader + "\r\n", "2025-08-20_Login.csv", in: dir)
        let out = scan([f.path])
        XCTAssertFalse(out.inputDamaged, rendered(out))
        XCTAssertEqual(out.report.diagnostics.count, 1, rendered(out))
        XCTAssertEqual(out.report.diagnostics.first?.severity, .note)
        XCTAssertTrue(out.report.diagnostics.first?.message.contains("header only") ?? false, rendered(out))
    }

    func testInvalidUTF8IsCarriedAndEscapedNeverACrash() throws {
        let dir = try tempDir()
        var bytes = Array((Self.loginHeader + "\r\n").utf8)
        bytes += Array(Self.loginRow(second: 10, browser: "UA-\u{1}MARK", user: "u\u{1}MARK@x.example").utf8) + [0x0d, 0x0a]
        // Replace the two \u{1} placeholders with invalid UTF-8 (a lone continuation byte, an overlong NUL, a truncated sequence).
        var replaced: [UInt8] = []
        for b in bytes { if b == 0x01 { replaced += [0x80, 0xC0, 0x80, 0xE2, 0x82] } else { replaced.append(b) } }
        let f = dir.appendingPathComponent("utf8-Login.csv")
        try Data(replaced).write(to: f)
        let out = scan([f.path])
        XCTAssertFalse(out.inputDamaged, rendered(out))
        XCTAssertEqual(out.ingest.outcomes[0].report.rowsAccepted, 1)
        let auth = try XCTUnwrap(Ingestor.storedGrants([f.path]).first)
        XCTAssertTrue(auth.userAgent.contains("\u{FFFD}"), "invalid bytes repaired to U+FFFD for display: \(auth.userAgent.debugDescription)")
        // Every output format renders valid UTF-8 (Swift Strings always are) with no raw controls.
        let finding = HostileOutputTests.finding(userAgent: auth.userAgent, userName: auth.userName)
        for (format, options) in HostileOutputTests.allFindingFormats where !options.colour {
            let text = try format.render([finding], options: options)
            XCTAssertNotNil(String(data: Data(text.utf8), encoding: .utf8), "\(format)")
            XCTAssertTrue(text.contains("\u{FFFD}") || text.contains("\\ufffd") || text.contains("\\uFFFD") || text.contains("%EF%BF%BD"), "\(format) shows the repaired bytes")
            // CSV may quote CR/LF inside a cell (RFC 4180); every other format escapes them.
            XCTAssertFalse(text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && (format != .csv || $0 != "\r") && $0 != "\t" || $0.value == 0x1b }, "\(format): raw control")
        }
    }

    func testExtremeTimestampsAndValuesDoNotBreakAnalysis() throws {
        let dir = try tempDir()
        var rows = [Self.loginHeader]
        for (i, ts) in ["19000101000000.000", "99991231235959.999", "20250802000111.999", "00000000000000.000", "99999999999999.999"].enumerated() {
            var r = Self.loginRow(second: i, ip: ["0.0.0.0", "255.255.255.255", "::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "1.2.3.4"][i])
            r = r.replacingOccurrences(of: "202508020001\(String(format: "%02d", i)).999", with: ts)
            rows.append(r)
        }
        let f = try write(rows.joined(separator: "\n") + "\n", "extreme-Login.csv", in: dir)
        for detection in [CivilTime(year: 1900, month: 1, day: 1).eventTime, Self.detectionTime, CivilTime(year: 9999, month: 12, day: 31).eventTime] {
            var r = ScanRequest(paths: [f.path], detectionTime: detection)
            r.learningDays = 36500
            let out = ScanPipeline.run(r)
            for format in SummaryFormat.allCases { _ = format.render(out.report) }
            for (format, options) in HostileOutputTests.allFindingFormats { _ = try format.render(out.report.findings, options: options) }
        }
    }

    // MARK: - Limits: a hostile file affects only itself

    func testDistinctEventTypesPerRowCannotGrowTheReport() throws {
        let dir = try tempDir()
        var lines = [Self.loginHeader, Self.loginRow(second: 1)]
        for i in 0..<2000 {
            lines.append(Self.loginRow(second: i % 60).replacingOccurrences(of: "\"Login\",", with: "\"Evil\(i)\(String(repeating: "x", count: 200))\","))
        }
        let f = try write(lines.joined(separator: "\n") + "\n", "types-Login.csv", in: dir)
        let out = scan([f.path])
        let r = out.ingest.outcomes[0].report
        XCTAssertLessThanOrEqual(r.unknownEventTypes.count, EventDecoder.maxEventTypeKeys + 1)
        XCTAssertLessThanOrEqual(r.rejectedRows.count, EventDecoder.maxEventTypeKeys + 2)
        XCTAssertEqual(r.rejectedRows.values.reduce(0, +), 2000)
        XCTAssertTrue(r.unknownEventTypes.keys.allSatisfy { $0.count <= 65 })
        XCTAssertLessThan(out.report.diagnostics.count, 30)
    }

    func testBombGarbageAndGoodFileTogether() throws {
        let dir = try tempDir()
        // The real sample org (its incident must still be found) ...
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.copyItem(at: Self.sampleLogs, to: logs)
        // ... a gzip bomb (64 MiB of zeros, ratio ~1000:1) ...
        let bomb = GzipEncoder.compress([UInt8](repeating: 0x30, count: 64 << 20), level: 9)
        try Data(bomb).write(to: logs.appendingPathComponent("EventLogFile/2025-08-18_Login.csv.gz"))
        // ... and random bytes named like a log.
        var rng = ReadingTestSupport.SplitMix64(seed: 11)
        try Data((0..<65536).map { _ in UInt8.random(in: 0...255, using: &rng) }).write(to: logs.appendingPathComponent("EventLogFile/2025-08-19_RestApi.csv"))
        let out = scan([logs.path]) { $0.ingest.readLimits.maxDecompressionRatio = 100 }
        XCTAssertTrue(out.inputDamaged)
        let all = rendered(out)
        XCTAssertTrue(out.report.diagnostics.contains { $0.file.hasSuffix("2025-08-18_Login.csv.gz") && $0.message.contains("ratio") }, all)
        XCTAssertTrue(out.report.diagnostics.contains { $0.file.hasSuffix("2025-08-19_RestApi.csv") && $0.severity == .error }, all)
        XCTAssertTrue(out.report.findings.contains { $0.ruleID == "TH-001" && $0.app.name == "Drift" && $0.level == .critical }, "the good files' findings still appear")
    }

    func testHeaderWiderThanTheLimitIsRejectedWithOneDiagnostic() throws {
        let dir = try tempDir()
        let header = (0..<5000).map { "\"C\($0)\"" }.joined(separator: ",")
        let bad = try write(header + "\n" + (0..<3).map { _ in (0..<5000).map { _ in "x" }.joined(separator: ",") }.joined(separator: "\n") + "\n", "wide-Login.csv", in: dir)
        try assertOneDiagnostic(bad: bad, dir: dir, mentions: "fields")
    }

    func testLineAndFieldCapsReachTheReader() throws {
        let dir = try tempDir()
        let huge = String(repeating: "A", count: 5000)
        let text = Self.goodLogin + Self.loginRow(second: 40, browser: huge) + "\r\n" + Self.loginRow(second: 41) + "\r\n"
        let bad = try write(text, "long-Login.csv", in: dir)
        let out = scan([bad.path]) { $0.ingest.csvLimits = CSVLimits(maxFieldBytes: 4096, maxRecordBytes: 1 << 20) }
        XCTAssertTrue(out.inputDamaged)
        XCTAssertEqual(out.report.diagnostics.filter { $0.severity != .note }.count, 1, rendered(out))
        XCTAssertEqual(out.report.diagnostics.first?.line, 6, rendered(out))
        XCTAssertEqual(out.ingest.outcomes[0].report.rowsAccepted, 5, "the over-long row is skipped, the rest read")
        let lineCap = scan([bad.path]) { $0.ingest.csvLimits = CSVLimits(maxFieldBytes: 1 << 20, maxRecordBytes: 2048) }
        XCTAssertEqual(lineCap.ingest.outcomes[0].report.rowsAccepted, 5, rendered(lineCap))
        XCTAssertTrue(lineCap.report.diagnostics.contains { $0.line == 6 && $0.message.contains("2048") }, rendered(lineCap))
    }

    func testTooManyFilesIsAnErrorAndTheFirstOnesAreRead() throws {
        let dir = try tempDir()
        for i in 0..<5 { _ = try write(Self.goodLogin, "2025-08-0\(i + 1)_Login.csv", in: dir) }
        let out = scan([dir.path]) { $0.maxFiles = 3 }
        XCTAssertTrue(out.inputDamaged)
        XCTAssertEqual(out.ingest.outcomes.count, 3)
        XCTAssertTrue(out.report.diagnostics.contains { $0.severity == .error && $0.message.contains("3") }, rendered(out))
    }

    func testPostureXMLEntitiesAndDepthAreRefused() throws {
        let dir = try tempDir()
        let laughs = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><ConnectedApp><label>&c;</label></ConnectedApp>"
        let xxe = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ConnectedApp><label>&e;</label></ConnectedApp>"
        let deep = "<ConnectedApp>" + String(repeating: "<a>", count: 10_000) + String(repeating: "</a>", count: 10_000) + "</ConnectedApp>"
        for (name, text) in [("Laughs", laughs), ("Xxe", xxe), ("Deep", deep)] {
            _ = try write(text, "\(name).connectedApp-meta.xml", in: dir)
        }
        let (apps, diags) = PostureLoader.load(paths: [dir.path])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertEqual(diags.filter { $0.severity == .error }.count, 3, diags.map(\.rendered).joined(separator: "\n"))
        XCTAssertFalse(diags.map(\.message).joined().contains("root:"), "no external entity content")
    }

    func testConfigAliasBombIsRefused() throws {
        let dir = try tempDir()
        var yaml = "a0: &a0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
        for i in 1..<12 { yaml += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 9).joined(separator: ",") + "]\n" }
        yaml += "approved_apps: *a11\n"
        let f = try write(yaml, "bomb.yaml", in: dir)
        let start = Date()
        XCTAssertThrowsError(try TokenhoundConfig.load(path: f.path)) { e in
            XCTAssertTrue("\(e)".contains("alias"), "\(e)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        // A few ordinary aliases are still fine.
        let ok = try write("approved_apps: &apps [Drift, Gearset]\nlearning_days: 30\n", "ok.yaml", in: dir)
        XCTAssertEqual(try TokenhoundConfig.load(path: ok.path).approvedApps ?? [], ["Drift", "Gearset"])
        // Deep nesting is refused too.
        let deep = try write("approved_apps: " + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n", "deep.yaml", in: dir)
        XCTAssertThrowsError(try TokenhoundConfig.load(path: deep.path))
    }

    // MARK: - Attacker text through the real pipeline

    func testHostileFieldsThroughThePipelineArriveEscaped() throws {
        let dir = try tempDir()
        let ua = "python-requests\u{1b}[31m\u{1b}]0;owned\u{7}\"\"\r\nFAKE: finding\u{202e}"
        let user = "=cmd|' /C calc'!A0\nx@acme.example"
        // RFC 4180: a quoted field may hold CR/LF; quotes doubled (already doubled above).
        let text = Self.goodLogin + Self.loginRow(second: 50, browser: ua, user: user, ip: "208.68.36.90") + "\r\n"
        let f = try write(text, "2025-08-02_Login.csv", in: dir)
        let out = scan([f.path])
        XCTAssertFalse(out.inputDamaged, rendered(out))
        XCTAssertEqual(out.ingest.outcomes[0].report.rowsAccepted, 5)
        let stored = try XCTUnwrap(Ingestor.storedGrants([f.path]).first { $0.userAgent.contains("python-requests") })
        XCTAssertTrue(stored.userAgent.contains("\r\nFAKE"), "carried as data")
        let finding = HostileOutputTests.finding(userAgent: stored.userAgent, userName: stored.userName)
        let textOut = try FindingFormat.text.render([finding])
        XCTAssertFalse(textOut.contains("\u{1b}"))
        XCTAssertFalse(textOut.contains("\nFAKE"))
        XCTAssertTrue(textOut.contains(#"\x1b[31m"#), textOut)
        XCTAssertTrue(textOut.contains(#"\u{202e}"#), textOut)
        for d in out.report.diagnostics { XCTAssertFalse(TerminalSafe.escape(d.rendered).contains("\u{1b}")) }
        // `inspect` on a file whose header carries an escape in an unknown column name.
        let odd = try write(Self.loginHeader + ",\"X\u{1b}]0;t\u{7}\"\r\n" + Self.loginRow(second: 1, ip: "not-an-ip") + ",\"v\"\r\n", "odd-Login.csv", in: dir)
        let o2 = scan([odd.path, f.path])
        let inspect = InspectReport(outcomes: o2.ingest.outcomes, coverage: o2.report.coverage, diagnostics: o2.report.diagnostics, postureApps: [])
        XCTAssertFalse(inspect.text().unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, inspect.text())
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(inspect.json().utf8)))
    }

    // MARK: - Secrets and network

    func testNoOutputCarriesSessionOrLoginKeysOrPlantedTokens() throws {
        // The sample org, with an access token planted in the secret-hunting SOQL of its RestApi logs.
        let token = "00D5j00000TkHndEAE!AQ4AQH0dMHZfz972Szy9a8bXvQ1dYkRx2Kp6Jm9QAbcdEFghIJklMNop.qrst_UV"
        let dir = try tempDir()
        let logs = dir.appendingPathComponent("logs")
        try FileManager.default.copyItem(at: Self.sampleLogs, to: logs)
        var keys = Set<String>()
        var planted = 0
        let e = try XCTUnwrap(FileManager.default.enumerator(at: logs, includingPropertiesForKeys: nil))
        for case let url as URL in e where url.lastPathComponent.contains(".csv") {
            let decoded = ReadingTestSupport.decode(path: url.path)
            var rows = DetectionFileInvariantTests.records(decoded.bytes)
            guard let header = rows.first else { continue }
            for column in ["SESSION_KEY", "LOGIN_KEY"] {
                guard let i = header.firstIndex(of: column) else { continue }
                for r in rows.dropFirst() where r.count > i && r[i].count >= 8 { keys.insert(r[i]) }
            }
            guard url.lastPathComponent.contains("RestApi"), let q = header.firstIndex(of: "QUERY") else { continue }
            for j in rows.indices.dropFirst() where rows[j].count > q && rows[j][q].contains("'%AKIA%'") {
                rows[j][q] += " OR Subject = '\(token)'"
                planted += 1
            }
            let bytes = DetectionFileInvariantTests.csv(rows)
            try Data(url.pathExtension == "gz" ? GzipEncoder.compress(bytes) : bytes).write(to: url)
        }
        XCTAssertGreaterThan(planted, 0)
        XCTAssertGreaterThan(keys.count, 100)
        let out = scan([logs.path])
        XCTAssertFalse(out.inputDamaged, rendered(out))
        var outputs = try HostileOutputTests.allFindingFormats.map { try $0.0.render(out.report.findings, options: $0.1) }
        outputs += SummaryFormat.allCases.map { $0.render(out.report) }
        outputs.append(out.report.diagnostics.map(\.rendered).joined(separator: "\n"))
        let everything = outputs.joined(separator: "\n")
        XCTAssertFalse(everything.contains(token.dropFirst(19)), "planted access token printed")
        XCTAssertTrue(everything.contains("00D5…("), "the planted token reached a finding, masked")
        // Every maximal run of key characters in any output; a key printed whole would be one of them.
        var runs = Set<Substring>()
        for o in outputs { runs.formUnion(o.split { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "/")) }) }
        let leaked = keys.filter { runs.contains(Substring($0)) }
        XCTAssertEqual(leaked.count, 0, "SESSION_KEY/LOGIN_KEY values printed at full length: \(leaked.prefix(3).map { $0.prefix(4) })")
    }

    func testNoNetworkingAPIsInSources() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        let forbidden = ["URLSession", "URLRequest", "NSURLConnection", "CFStream", "getaddrinfo", "gethostbyname",
                         "socket(", "connect(", "libcurl", "curl_easy", "NWConnection", "import Network", "FoundationNetworking"]
        let e = try XCTUnwrap(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil))
        var hits: [String] = []
        for case let url as URL in e where ["swift", "h", "c", "modulemap"].contains(url.pathExtension) {
            let text = try String(contentsOf: url, encoding: .utf8)
            for f in forbidden where text.contains(f) { hits.append("\(url.lastPathComponent): \(f)") }
        }
        XCTAssertEqual(hits, [], "tokenhound never reaches the network")
    }

    // MARK: - The CLI's exit code

    /// Runs the built CLI (`.build/debug/tokenhound`); skips visibly when it is not built.
    func runCLI(_ args: [String]) throws -> (status: Int32, stderr: String) {
        let bin = Self.root.appendingPathComponent(".build/debug/tokenhound")
        guard FileManager.default.isExecutableFile(atPath: bin.path) else {
            throw XCTSkip("\(bin.path) not built (run `swift build` first)")
        }
        let p = Process()
        p.executableURL = bin
        p.arguments = args
        let errPipe = Pipe(), outPipe = Pipe()
        p.standardError = errPipe
        p.standardOutput = outPipe
        try p.run()
        // Drain stdout on another thread so a full pipe never blocks the child.
        let drain = Thread { _ = outPipe.fileHandleForReading.readDataToEndOfFile() }
        drain.start()
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: errData, as: UTF8.self))
    }

    func testCLIExitsThreeOnDamagedInputAndStillReports() throws {
        let dir = try tempDir()
        _ = try write(Self.goodLogin, "good-Login.csv", in: dir)
        try Data().write(to: dir.appendingPathComponent("empty-Login.csv"))
        try Data([0x1f, 0x8b, 0x08, 0x00, 0x01]).write(to: dir.appendingPathComponent("cut-Login.csv.gz"))
        let (status, err) = try runCLI(["scan", dir.path, "--format", "json", "--quiet", "--detection-time", "2025-09-01T00:00:00Z"])
        XCTAssertEqual(status, 3, err)
        XCTAssertTrue(err.contains("empty-Login.csv"), err)
        XCTAssertTrue(err.contains("cut-Login.csv.gz"), err)
    }

    func testCLILimitFlagsReachTheReader() throws {
        let dir = try tempDir()
        let f = try write(Self.goodLogin, "good-Login.csv", in: dir)
        let base = ["scan", f.path, "--format", "json", "--quiet", "--detection-time", "2025-09-01T00:00:00Z"]
        let narrow = try runCLI(base + ["--max-columns", "20"])
        XCTAssertEqual(narrow.status, 3, narrow.stderr)
        XCTAssertTrue(narrow.stderr.contains("header rejected"), narrow.stderr)
        let short = try runCLI(base + ["--max-field-bytes", "1024", "--max-line-bytes", "1024"])
        XCTAssertEqual(short.status, 0, short.stderr)
        let bad = try runCLI(base + ["--max-line-bytes", "10"])
        XCTAssertEqual(bad.status, 2, bad.stderr)
        let tiny = try runCLI(base + ["--max-input-bytes", "1024"])
        XCTAssertEqual(tiny.status, 3, tiny.stderr)
    }
}
