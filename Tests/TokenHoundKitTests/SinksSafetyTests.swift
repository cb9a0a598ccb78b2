import Foundation
import XCTest
@testable import TokenHoundKit

/// Injection and masking: no attacker-supplied control byte, bidi control or markup reaches
/// terminal, CEF, syslog, CSV cell starts or HTML.
final class SinksSafetyTests: XCTestCase {
    let findings = SinksTestData.findings
    static let bidi: Set<UInt32> = [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F, 0x061C]

    func assertNoRawControls(_ s: String, allowLF: Bool, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for u in s.unicodeScalars {
            let v = u.value
            if v == 0x0A && allowLF { continue }
            if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) || Self.bidi.contains(v) {
                XCTFail("\(what): raw U+\(String(v, radix: 16)) in output", file: file, line: line)
                return
            }
        }
    }

    func testTextHasNoRawControls() throws {
        let out = try FindingFormat.text.render(findings)
        assertNoRawControls(out, allowLF: true, "text")
        XCTAssertFalse(out.contains("\nX-Injected"), "a CR/LF in a user agent must not start a new line")
        XCTAssertTrue(out.contains(#"\x1b[31m\r\nX-Injected: 1\x00|=\u{202e}gpj.exe\x7f\x9b2J"#))
        XCTAssertEqual(out.split(separator: "\n").filter { $0.hasPrefix("second line") }.count, 0)
    }

    func testColouredTextOnlyHasOurSGR() throws {
        let out = try FindingFormat.text.render(findings, options: SinkOptions(colour: true))
        XCTAssertTrue(out.contains("\u{1b}[1;31m[CRITICAL]\u{1b}[0m"))
        // Strip the SGR sequences we emit; nothing else may contain ESC.
        var stripped = out
        for code in ["\u{1b}[1;31m", "\u{1b}[31m", "\u{1b}[33m", "\u{1b}[36m", "\u{1b}[2m", "\u{1b}[1m", "\u{1b}[0m"] {
            stripped = stripped.replacingOccurrences(of: code, with: "")
        }
        assertNoRawControls(stripped, allowLF: true, "coloured text")
        let plain = try FindingFormat.text.render(findings)
        XCTAssertFalse(plain.contains("\u{1b}"))
    }

    func testSummaryTextHasNoRawControls() {
        assertNoRawControls(SummaryFormat.text.render(SinksTestData.report), allowLF: true, "summary text")
    }

    func testCEFAndSyslogHaveNoRawControls() throws {
        for opts in [SinkOptions(), SinkOptions(syslog: true, host: "h\u{1b}"), SinkOptions(syslog: true, syslogOctetCounting: true)] {
            let out = try FindingFormat.cef.render(findings, options: opts)
            assertNoRawControls(out, allowLF: true, "cef syslog=\(opts.syslog)")
            let lineCount = out.split(separator: "\n").count
            XCTAssertEqual(lineCount, opts.syslogOctetCounting ? 1 : findings.count, "one line per event")
        }
    }

    func testCSVCellsNeverStartWithFormulaOrControl() throws {
        let rows = SinksRoundTripTests.parseCSV(try FindingFormat.csv.render(findings))
        for row in rows {
            for cell in row {
                guard let first = cell.unicodeScalars.first else { continue }
                XCTAssertFalse(["=", "+", "-", "@", "\t", "\r", "\n"].contains(first) || first.value < 0x20, "cell starts with \(first.debugDescription): \(cell.debugDescription)")
            }
        }
    }

    func testHTMLIsEscaped() {
        let html = SummaryFormat.html.render(SinksTestData.report)
        assertNoRawControls(html, allowLF: true, "html")
        XCTAssertFalse(html.lowercased().contains("<script"), "no script element from data")
        XCTAssertFalse(html.contains("</script>"))
        XCTAssertFalse(html.contains("</td><script"))
        XCTAssertTrue(html.contains("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertTrue(html.contains("&quot;q&quot; &#39;sq&#39; &amp; `tick`"))
        XCTAssertFalse(html.contains("http://") && html.range(of: #"(src|href)="http"#, options: .regularExpression) != nil, "no external URLs")
        XCTAssertFalse(html.contains("<link"), "self-contained")
        XCTAssertTrue(html.contains("<svg"))
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertEqual(HTMLEscape.escape(#"<a href="x">'&'</a>"#), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    func testMarkdownCellsAreEscaped() {
        XCTAssertEqual(SummaryMarkdown.cell("a|b`c<d>&e\u{1b}"), #"a\|b\`c&lt;d&gt;&amp;e\\x1b"#)
        let md = SummaryFormat.markdown.render(SinksTestData.report)
        assertNoRawControls(md, allowLF: true, "markdown")
        XCTAssertFalse(md.contains("<script"))
        // Every table row has the same number of unescaped pipes as its header.
        for table in md.components(separatedBy: "\n\n") where table.hasPrefix("|") {
            let rows = table.split(separator: "\n")
            let counts = rows.map { row -> Int in
                var n = 0, escaped = false
                for c in row { if c == "\\" && !escaped { escaped = true; continue }; if c == "|" && !escaped { n += 1 }; escaped = false }
                return n
            }
            XCTAssertEqual(Set(counts).count, 1, "ragged table: \(rows.first ?? "")")
        }
    }

    func testJSONFormatsAreValidJSONPerLine() throws {
        for (format, opts) in [(FindingFormat.json, SinkOptions()), (.ocsf, SinkOptions()), (.ocsf, SinkOptions(ocsfVersion: "1.5.0")),
                               (.ecs, SinkOptions()), (.ecs, SinkOptions(ecsBulk: true)), (.hec, SinkOptions(hecIndex: "main"))] {
            let out = try format.render(findings, options: opts)
            XCTAssertTrue(out.hasSuffix("\n"), "\(format) ends with a newline")
            let lines = out.split(separator: "\n")
            XCTAssertEqual(lines.count, findings.count * (opts.ecsBulk ? 2 : 1))
            for line in lines { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "\(format): \(line.prefix(60))") }
            assertNoRawControls(out, allowLF: true, "\(format)")
        }
        let bulk = try FindingFormat.ecs.render(findings, options: SinkOptions(ecsBulk: true)).split(separator: "\n")
        XCTAssertEqual(bulk[0], #"{"create":{}}"#)
        let hec = try JSONSerialization.jsonObject(with: Data(try FindingFormat.hec.render([SinksTestData.critical], options: SinkOptions(hecIndex: "sec", host: "h")).utf8)) as! [String: Any]
        XCTAssertEqual(hec["index"] as? String, "sec")
        XCTAssertEqual(hec["sourcetype"] as? String, "tokenhound:finding")
        XCTAssertEqual((hec["time"] as? NSNumber)?.doubleValue ?? 0, 1754740800.123, accuracy: 0.0005)
        let ecs = try JSONSerialization.jsonObject(with: Data(try FindingFormat.ecs.render([SinksTestData.critical]).utf8)) as! [String: Any]
        XCTAssertEqual((ecs["event"] as? [String: Any])?["severity"] as? Int, 99)
        XCTAssertEqual((ecs["event"] as? [String: Any])?["kind"] as? String, "alert")
        XCTAssertEqual(ecs["@timestamp"] as? String, "2025-08-09T12:00:00.123Z")
    }

    func testEveryFormatMasksSecrets() throws {
        let r = SinksTestData.report
        var outputs = try FindingFormat.allCases.map { try $0.render(findings) }
        outputs += SummaryFormat.allCases.map { $0.render(r) }
        for out in outputs {
            XCTAssertFalse(out.contains(SinksTestData.accessToken.dropFirst(20)), "access token leaked")
            XCTAssertFalse(out.contains(SinksTestData.awsKey), "AWS key leaked")
            XCTAssertFalse(out.contains(SinksTestData.refreshToken), "refresh token leaked")
        }
    }

    func testSecretMasker() {
        XCTAssertEqual(SecretMasker.mask("token \(SinksTestData.accessToken) end"), "token 00D5…(83) end")
        XCTAssertEqual(SecretMasker.mask("key=\(SinksTestData.awsKey)"), "key=AKIA…(20)")
        XCTAssertEqual(SecretMasker.mask("x AKIAIOSFODNN7EXAMPLEzz"), "x AKIA…(20)zz")
        XCTAssertEqual(SecretMasker.mask(SinksTestData.refreshToken), "5Aep…(87)")
        let keep = ["0055j00000AT6I1AAL", "GET /services/data/v60.0/sobjects/Account/describe", "python-requests/2.32.4",
                    "2001:db8:1234:5678::1", "refresh grant from 208.68.36.90", "SELECT Id FROM Account WHERE Name = 'x'",
                    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"]
        for s in keep { XCTAssertEqual(SecretMasker.mask(s), s) }
        // JWT: each part masked.
        let jwt = "eyJhbGciOiJSUzI1NiJ9abcdef.eyJzdWIiOiIwMDU1ajAwMDAwQVQ2STEifQ.c2lnbmF0dXJlc2lnbmF0dXJlc2ln1"
        XCTAssertEqual(SecretMasker.mask(jwt), "eyJh…(26).eyJz…(34).c2ln…(29)")
        // Unicode around a token survives.
        XCTAssertEqual(SecretMasker.mask("→\(SinksTestData.refreshToken)←"), "→5Aep…(87)←")
    }

    /// `mask` (its shortcut, and masking on UTF-8 bytes) gives what looking at every scalar gives
    /// (`ScalarMaskerReference`, the masker as first written), whatever the text. Runs of 14 to 25
    /// characters either side of the shortcut's threshold, multi-byte characters around them.
    func testSecretMaskerMatchesScalarReference() {
        let pieces = ["00D5j000000ABCD", "00D5j000000ABCDEFG", "!", "AKIA", "IOSFODNN7EXAMPL", "IOSFODNN7EXAMPLE", "abc123", "x",
                      "-", "_", "+", "/", ".", " ", "=", "é", "→", SinksTestData.refreshToken, "5Aep861TSESvWeug_xvFHRBTTbf", "Q"]
        var rng = ReadingTestSupport.SplitMix64(seed: 5)
        var masked = 0
        for _ in 0..<3_000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 9) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let out = SecretMasker.mask(s)
            XCTAssertEqual(out, ScalarMaskerReference.mask(s), s)
            XCTAssertEqual(SecretMasker.maskBytes(s), ScalarMaskerReference.mask(s), s)
            if out != s { masked += 1 }
        }
        XCTAssertGreaterThan(masked, 100, "the sample exercises masking, not only the shortcut")
        XCTAssertEqual(SecretMasker.mask("00D5j000000ABCD!" + String(repeating: "a1", count: 10)), "00D5…(36)")
    }

    func testTerminalSafe() {
        XCTAssertEqual(TerminalSafe.escape("a\u{1b}[2Jb\u{0}\u{7f}\u{85}\u{202e}\u{2066}\n\r\tc"), #"a\x1b[2Jb\x00\x7f\x85\u{202e}\u{2066}\n\r\tc"#)
        XCTAssertEqual(TerminalSafe.escape("héllo 😀 日本"), "héllo 😀 日本")
    }

    func testOptionsValidation() {
        XCTAssertThrowsError(try FindingFormat.ocsf.makeSink(options: SinkOptions(ocsfVersion: "2.0.0"), writer: BufferWriter()))
        XCTAssertThrowsError(try FindingFormat.cef.makeSink(options: SinkOptions(syslogFacility: 24), writer: BufferWriter()))
        for v in SinkOptions.supportedOCSFVersions { XCTAssertNoThrow(try SinkOptions(ocsfVersion: v).validate()) }
    }

    func testOCSFVersionSpecificFields() throws {
        let old = try JSONSerialization.jsonObject(with: Data(try FindingFormat.ocsf.render([SinksTestData.critical]).utf8)) as! [String: Any]
        XCTAssertNil(old["is_alert"])
        XCTAssertEqual(old["class_uid"] as? Int, 2004)
        XCTAssertEqual(old["time"] as? Int, 1754740800123)
        XCTAssertEqual((old["metadata"] as? [String: Any])?["version"] as? String, "1.1.0")
        let ua110 = (old["observables"] as! [[String: Any]]).first { $0["name"] as? String == "user_agent" }
        XCTAssertEqual(ua110?["type_id"] as? Int, 99)
        let new = try JSONSerialization.jsonObject(with: Data(try FindingFormat.ocsf.render([SinksTestData.critical], options: SinkOptions(ocsfVersion: "1.5.0")).utf8)) as! [String: Any]
        XCTAssertEqual(new["is_alert"] as? Bool, true)
        let ua150 = (new["observables"] as! [[String: Any]]).first { $0["name"] as? String == "user_agent" }
        XCTAssertEqual(ua150?["type_id"] as? Int, 16)
    }

    func testFileDescriptorWriterWritesThroughPipe() throws {
        var fds: [Int32] = [0, 0]
        XCTAssertEqual(pipe(&fds), 0)
        let w = FileDescriptorWriter(fd: fds[1], bufferSize: 16)
        var sink = try FindingFormat.json.makeSink(writer: w)
        try sink.write(SinksTestData.low)
        try sink.finish()
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        XCTAssertEqual(String(decoding: data, as: UTF8.self), NativeJSON.line(SinksTestData.low) + "\n")
    }
}

/// Issue 7: every attacker-controlled field of a finding, loaded with every injection trick, through
/// every output format and option.
enum HostileOutputTests {
    /// ANSI (CSI, OSC with BEL), CR/LF, NUL, CEF's `|` and `=`, formula starts, markup, quotes,
    /// bidi overrides/isolates and the U+FFFD that invalid UTF-8 becomes.
    static let payloads = [
        "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\u{1b}[2J\u{1b}]0;title\u{7}x",
        "a\r\nInjected: line", "nul\u{0}byte", "pipe|CEF:0|evil|", "key=value k2\\=v", "</script><script>alert(1)</script>",
        "\"dq\" 'sq' `bt`", "\u{202e}exe.txt\u{2066}iso\u{2069}", "bad\u{FFFD}\u{FFFD}utf8", "\u{9b}31mC1", "\u{2028}ls\u{2029}ps",
    ]
    static var hostile: String { payloads.joined(separator: " ") }

    static func finding(userAgent: String? = nil, userName: String? = nil, index: Int = 0) -> Finding {
        var f = SinksTestData.critical
        let p = payloads[index % payloads.count]
        f.userAgent = userAgent ?? p + " " + hostile
        f.user = UserRef(id: f.user.id, name: userName ?? p + hostile)
        f.app = AppRef(id: f.app.id, name: p + " app " + hostile)
        f.summary = p + " summary " + hostile
        f.why = [p, hostile]
        f.postureFacts = [p]
        f.evidence = [EvidenceItem(file: p + "/Login.csv", line: 3, requestID: p, time: f.firstSeen, summary: "query " + hostile)]
        f.chain = [ChainStep(time: f.firstSeen, kind: .secretSearch, detail: p + " SELECT Body FROM Case " + hostile)]
        return f
    }
    static var findings: [Finding] { payloads.indices.map { finding(index: $0) } }

    static let allFindingFormats: [(FindingFormat, SinkOptions)] = {
        var out: [(FindingFormat, SinkOptions)] = []
        for f in FindingFormat.allCases {
            switch f {
            case .ecs: out += [(f, SinkOptions()), (f, SinkOptions(ecsBulk: true))]
            case .cef: out += [(f, SinkOptions()), (f, SinkOptions(syslog: true)), (f, SinkOptions(syslog: true, syslogOctetCounting: true))]
            case .ocsf: out += [(f, SinkOptions()), (f, SinkOptions(ocsfVersion: "1.5.0"))]
            case .text: out += [(f, SinkOptions()), (f, SinkOptions(colour: true))]
            default: out.append((f, SinkOptions()))
            }
        }
        return out
    }()
}

extension SinksSafetyTests {
    func testEveryFormatEscapesEveryHostileField() throws {
        let fs = HostileOutputTests.findings
        for (format, options) in HostileOutputTests.allFindingFormats {
            var out = try format.render(fs, options: options)
            let what = "\(format) \(options.syslog ? "syslog" : "") \(options.ecsBulk ? "bulk" : "")"
            if options.colour {
                for code in ["\u{1b}[1;31m", "\u{1b}[31m", "\u{1b}[33m", "\u{1b}[36m", "\u{1b}[2m", "\u{1b}[1m", "\u{1b}[0m"] {
                    out = out.replacingOccurrences(of: code, with: "")
                }
            }
            // No raw ESC, CR, NUL, C1, bidi or line separators anywhere; LF only as the format's own
            // terminator. (CSV is checked below: RFC 4180 quotes CR/LF inside a cell.)
            if format != .csv {
                assertNoRawControls(out, allowLF: true, what)
                XCTAssertFalse(out.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 }, "\(what): raw line separator")
                XCTAssertFalse(out.contains("\nInjected"), "\(what): CR/LF in data started a new line")
            }
            switch format {
            case .json, .ocsf, .ecs, .hec:
                let lines = out.split(separator: "\n")
                XCTAssertEqual(lines.count, fs.count * (options.ecsBulk ? 2 : 1), what)
                for line in lines { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(line.utf8)), "\(what): \(line.prefix(80))") }
            case .cef:
                if !options.syslogOctetCounting { XCTAssertEqual(out.split(separator: "\n").count, fs.count, "\(what): one line per finding") }
                for line in out.split(separator: "\n") {
                    // Header: exactly 7 unescaped pipes before the extension.
                    var pipes = 0, escaped = false
                    for c in line.unicodeScalars {
                        if c == "\\" && !escaped { escaped = true; continue }
                        if c == "|" && !escaped { pipes += 1 }
                        escaped = false
                    }
                    XCTAssertGreaterThanOrEqual(pipes, 7, what)
                    let ext = line.components(separatedBy: "|").dropFirst(7).joined(separator: "|")
                    XCTAssertFalse(ext.contains("k2=v"), "\(what): '=' in a value must be escaped")
                }
            case .csv:
                XCTAssertFalse(out.unicodeScalars.contains { $0.value == 0x1b || $0.value == 0 || Self.bidi.contains($0.value) }, "\(what): raw ESC/NUL/bidi")
                let rows = SinksRoundTripTests.parseCSV(out)
                XCTAssertEqual(Set(rows.map(\.count)).count, 1, "\(what): every row has the header's cell count")
                for row in rows {
                    for cell in row {
                        guard let first = cell.unicodeScalars.first else { continue }
                        XCTAssertFalse(["=", "+", "-", "@", "\t", "\r"].contains(first) || first.value < 0x20, "\(what): cell \(cell.prefix(30).debugDescription)")
                    }
                }
            case .text: break
            }
        }
        // JSON carries the original text exactly (it is data, not display).
        let line = try FindingFormat.json.render([fs[0]])
        let obj = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        XCTAssertTrue(line.contains("\\u001b") || line.contains("\\u001B"), "ESC escaped in JSON")
        func find(_ v: Any, _ needle: String) -> Bool {
            if let s = v as? String { return s == needle }
            if let a = v as? [Any] { return a.contains { find($0, needle) } }
            if let d = v as? [String: Any] { return d.values.contains { find($0, needle) } }
            return false
        }
        XCTAssertTrue(find(obj, fs[0].userAgent ?? ""), "the user agent round-trips through JSON")
        // Summaries.
        var report = SinksTestData.report
        report.findings = fs
        for format in SummaryFormat.allCases {
            let out = format.render(report)
            assertNoRawControls(out, allowLF: true, "summary \(format)")
            if format == .html || format == .markdown { XCTAssertFalse(out.lowercased().contains("<script"), "summary \(format): raw <script") }
            if format == .json { XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(out.utf8))) }
        }
    }
}

/// `SecretMasker` as first written, scalar by scalar: the reference its byte-wise masking is
/// tested against.
private enum ScalarMaskerReference {
    static func isAlnumByte(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
    }

    static func mask(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            // Salesforce access token: 00D + 12 or 15 alnum + '!' + >= 20 token chars.
            if let end = accessTokenEnd(scalars, i) {
                appendMasked(scalars[i..<end], to: &out)
                i = end
                continue
            }
            if isRunChar(scalars[i]), i == 0 || !isRunChar(scalars[i - 1]) {
                var j = i
                while j < scalars.count, isRunChar(scalars[j]) { j += 1 }
                let run = scalars[i..<j]
                if shouldMask(run) {
                    appendMasked(run, to: &out)
                } else {
                    maskAWSKeys(run, into: &out)
                }
                i = j
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    static func isRunByte(_ b: UInt8) -> Bool { isAlnumByte(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") }
    static func isAlnum(_ u: Unicode.Scalar) -> Bool { u.isASCII && isAlnumByte(UInt8(u.value)) }
    static func isRunChar(_ u: Unicode.Scalar) -> Bool { u.isASCII && isRunByte(UInt8(u.value)) }

    static func accessTokenEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i + 3 < s.count, s[i] == "0", s[i + 1] == "0", s[i + 2] == "D" else { return nil }
        if i > 0, isAlnum(s[i - 1]) { return nil }
        var j = i + 3
        while j < s.count, isAlnum(s[j]) { j += 1 }
        let idLen = j - i
        guard idLen == 15 || idLen == 18, j < s.count, s[j] == "!" else { return nil }
        j += 1
        let tokStart = j
        while j < s.count, isAlnum(s[j]) || s[j] == "." || s[j] == "_" || s[j] == "-" || s[j] == "+" || s[j] == "/" || s[j] == "=" { j += 1 }
        return j - tokStart >= 20 ? j : nil
    }

    static func shouldMask(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        guard run.count >= SecretMasker.minimumRun else { return false }
        var digits = false, letters = false
        for u in run {
            if u >= "0" && u <= "9" { digits = true } else if isAlnum(u) { letters = true }
        }
        return digits && letters
    }

    static func maskAWSKeys(_ run: ArraySlice<Unicode.Scalar>, into out: inout String.UnicodeScalarView) {
        var i = run.startIndex
        while i < run.endIndex {
            if i + 20 <= run.endIndex, run[i] == "A", run[i + 1] == "K", run[i + 2] == "I", run[i + 3] == "A",
               run[(i + 4)..<(i + 20)].allSatisfy({ ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }) {
                appendMasked(run[i..<(i + 20)], to: &out)
                i += 20
            } else {
                out.append(run[i])
                i += 1
            }
        }
    }

    static func appendMasked(_ s: ArraySlice<Unicode.Scalar>, to out: inout String.UnicodeScalarView) {
        out.append(contentsOf: s.prefix(4))
        out.append(contentsOf: "…(\(s.count))".unicodeScalars)
    }
}
