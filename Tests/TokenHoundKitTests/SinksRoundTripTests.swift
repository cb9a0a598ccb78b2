import Foundation
import XCTest
@testable import TokenHoundKit

final class SinksRoundTripTests: XCTestCase {
    let findings = SinksTestData.findings

    func testNativeJSONRoundTrip() throws {
        let out = try FindingFormat.json.render(findings)
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.count, findings.count)
        for (line, f) in zip(lines, findings) {
            XCTAssertEqual(try NativeJSON.decodeFinding(String(line)), f.maskedForOutput)
        }
        // Without secrets in it, a finding round-trips exactly.
        XCTAssertEqual(try NativeJSON.decodeFinding(NativeJSON.line(SinksTestData.medium)), SinksTestData.medium)
        // Foundation agrees it is JSON, and keys are the documented ones.
        let obj = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        for key in ["rule_id", "rule_title", "level", "risk_score", "impact", "confidence", "app", "user", "source_ip", "network", "user_agent",
                    "first_seen", "last_seen", "event_count", "secret_presence", "attribution", "attack", "posture_facts", "why", "evidence",
                    "chain", "indicators", "summary", "remediation", "detected_at", "finding_id", "severity_id"] {
            XCTAssertNotNil(obj[key], key)
        }
        XCTAssertEqual(obj["severity_id"] as? Int, 5)
        XCTAssertEqual(obj["first_seen"] as? String, "2025-08-08T01:02:03.456Z")
    }

    func testNativeJSONDecodeErrors() {
        XCTAssertThrowsError(try NativeJSON.decodeFinding("{}"))
        XCTAssertThrowsError(try NativeJSON.decodeFinding("not json"))
        var line = NativeJSON.line(SinksTestData.low)
        line = line.replacingOccurrences(of: "\"level\":\"low\"", with: "\"level\":\"severe\"")
        XCTAssertThrowsError(try NativeJSON.decodeFinding(line))
    }

    func testJSONValueParserHandlesEscapes() throws {
        let s = "a\u{0}\u{1b}\"\\/\u{2028}😀</script>"
        let v = JSONValue.object([("k", .string(s)), ("n", .number("1.5")), ("a", .array([.null, .bool(true), .int(-3)]))])
        XCTAssertFalse(v.serialized.contains("</script"))
        XCTAssertEqual(try JSONValue.parse(v.serialized), v)
        XCTAssertEqual(try JSONValue.parse(#"{"x":"\ud83d\ude00"}"#)["x"]?.stringValue, "😀")
    }

    func testCEFRoundTrip() throws {
        let opts = SinkOptions(host: "sec-box-01")
        let out = try FindingFormat.cef.render(findings, options: opts)
        let lines = out.split(separator: "\n")
        XCTAssertEqual(lines.count, findings.count)
        for (line, f0) in zip(lines, findings) {
            let f = f0.maskedForOutput
            let r = try CEFParser.parse(String(line))
            XCTAssertEqual(r.header, ["CEF:0", "tokenhound", "tokenhound", "0.1.0", f.ruleID, f.ruleTitle, String(f.level.cefSeverity)])
            // Every extension field parses back to exactly what was meant (after control-visibility).
            let expected = CEF.extensionFields(f, options: opts).map { ($0.0, CEF.sanitized($0.1)) }
            XCTAssertEqual(r.extensions.map(\.0), expected.map(\.0))
            for (got, want) in zip(r.extensions, expected) { XCTAssertEqual(got.1, want.1, got.0) }
            XCTAssertEqual(r["rt"], String(f.detectedAt.millis))
            XCTAssertEqual(r["start"], String(f.firstSeen.millis))
            XCTAssertEqual(r["end"], String(f.lastSeen.millis))
            XCTAssertEqual(r["cnt"], String(f.eventCount))
            XCTAssertEqual(r["externalId"], f.id)
            XCTAssertEqual(r.custom("riskScore"), String(f.riskScore))
            XCTAssertEqual(r.custom("app"), CEF.sanitized(f.app.display))
            XCTAssertEqual(r["msg"], CEF.sanitized(f.summary))
        }
        let first = try CEFParser.parse(String(lines[0]))
        XCTAssertEqual(first["suser"], SinksTestData.hostileUser)  // '=' and quotes survive
        XCTAssertEqual(first["requestClientApplication"], "python-requests/2.32.4\\x1b[31m\r\nX-Injected: 1\\x00|=\\u{202e}gpj.exe\\x7f\\x9b2J")
        XCTAssertEqual(first.custom("network"), "208.68.36.0/24")
        XCTAssertEqual(first.custom("secretPresence"), "unknown")
        XCTAssertEqual(first["src"], "208.68.36.90")
        // The invalid source "Salesforce.com IP" is not put in `src` (an IP field).
        XCTAssertNil(try CEFParser.parse(String(lines[2]))["src"])
    }

    func testCEFHeaderEscaping() throws {
        XCTAssertEqual(CEF.escapeHeader(#"a|b\c"#), #"a\|b\\c"#)
        XCTAssertEqual(CEF.escapeExtension("a|b=c\\d\ne\rf"), #"a|b\=c\\d\ne\rf"#)
        var f = SinksTestData.low
        f.ruleTitle = #"Title | with \ pipe"#
        let line = try FindingFormat.cef.render([f])
        XCTAssertTrue(line.contains(#"|Title \| with \\ pipe|"#))
        XCTAssertEqual(try CEFParser.parse(line).header[5], f.ruleTitle)
    }

    func testSyslogFraming() throws {
        let opts = SinkOptions(syslog: true, host: "sec box\u{1b}01")
        let out = try FindingFormat.cef.render(findings, options: opts)
        let lines = out.split(separator: "\n", omittingEmptySubsequences: false)
        XCTAssertEqual(lines.count, findings.count + 1)
        XCTAssertEqual(lines.last, "")
        // authpriv (10) * 8 + severity: critical 2, medium 4, low 5.
        XCTAssertTrue(lines[0].hasPrefix("<82>1 2025-08-09T12:00:00.123Z secbox01 tokenhound - FINDING - CEF:0|"), String(lines[0].prefix(80)))
        XCTAssertTrue(lines[1].hasPrefix("<84>1 "))
        XCTAssertTrue(lines[2].hasPrefix("<85>1 "))
        XCTAssertEqual(try CEFParser.parse(String(lines[0])).header[4], "TH-REFRESH-NEW-NETWORK")
        let local4 = try FindingFormat.cef.render([SinksTestData.low], options: SinkOptions(syslog: true, syslogFacility: 20))
        XCTAssertTrue(local4.hasPrefix("<165>1 2025-08-09T12:00:00.123Z - tokenhound - FINDING - CEF:0|"))
    }

    func testSyslogOctetCounting() throws {
        let out = try FindingFormat.cef.render(findings, options: SinkOptions(syslog: true, syslogOctetCounting: true))
        var bytes = Array(out.utf8)[...]
        var frames: [String] = []
        while !bytes.isEmpty {
            guard let sp = bytes.firstIndex(of: 0x20), let len = Int(String(decoding: bytes[bytes.startIndex..<sp], as: UTF8.self)) else {
                return XCTFail("bad frame length")
            }
            let start = sp + 1
            XCTAssertLessThanOrEqual(start + len, bytes.endIndex)
            frames.append(String(decoding: bytes[start..<start + len], as: UTF8.self))
            bytes = bytes[(start + len)...]
        }
        XCTAssertEqual(frames.count, findings.count)
        for (frame, f) in zip(frames, findings) {
            XCTAssertTrue(frame.hasPrefix("<"))
            XCTAssertFalse(frame.contains("\n"))
            XCTAssertEqual(try CEFParser.parse(frame)["externalId"], f.id)
        }
    }

    /// A small RFC 4180 reader for the round trip.
    static func parseCSV(_ s: String) -> [[String]] {
        var rows: [[String]] = [], row: [String] = [], cell = String.UnicodeScalarView()
        var quoted = false, i = s.unicodeScalars.startIndex
        let u = s.unicodeScalars
        while i < u.endIndex {
            let c = u[i]
            if quoted {
                if c == "\"" {
                    let n = u.index(after: i)
                    if n < u.endIndex, u[n] == "\"" { cell.append("\""); i = u.index(after: n); continue }
                    quoted = false
                } else { cell.append(c) }
            } else if c == "\"" { quoted = true
            } else if c == "," { row.append(String(cell)); cell = String.UnicodeScalarView()
            } else if c == "\r" {
            } else if c == "\n" { row.append(String(cell)); rows.append(row); row = []; cell = String.UnicodeScalarView()
            } else { cell.append(c) }
            i = u.index(after: i)
        }
        if !cell.isEmpty || !row.isEmpty { row.append(String(cell)); rows.append(row) }
        return rows
    }

    func testCSVRoundTrip() throws {
        let out = try FindingFormat.csv.render(findings)
        XCTAssertTrue(out.hasPrefix(CSVTimeline.columns.joined(separator: ",") + "\r\n"))
        let rows = Self.parseCSV(out)
        XCTAssertEqual(rows.first, CSVTimeline.columns)
        let sorted = findings.map(\.maskedForOutput).sorted { $0.firstSeen < $1.firstSeen }
        XCTAssertEqual(rows.count, sorted.count + 1)
        for (row, f) in zip(rows.dropFirst(), sorted) {
            XCTAssertEqual(row.count, CSVTimeline.columns.count)
            XCTAssertEqual(row.map(CSVTimeline.unneutralise), CSVTimeline.cells(f))
        }
        // The neutralised cells carry the leading apostrophe.
        let critical = rows[3]
        XCTAssertEqual(critical[8], "'" + SinksTestData.hostileUser)
        XCTAssertEqual(rows[2][10], "'-cmd|' /C calc'!A0")
    }

    func testCSVNeutralisationIsReversible() {
        for s in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "\nx", "'quoted", "''", "'=x", "plain", "", "'", "\u{1b}[31m", "\u{0}x"] {
            let n = CSVTimeline.neutralise(s)
            if let first = n.unicodeScalars.first {
                XCTAssertFalse(["=", "+", "-", "@", "\t", "\r", "\n", "\u{1b}", "\u{0}"].contains(first), s.debugDescription)
            }
            XCTAssertEqual(CSVTimeline.unneutralise(n), s, s.debugDescription)
        }
    }
}
