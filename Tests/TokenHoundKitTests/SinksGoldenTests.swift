import Foundation
import XCTest
@testable import TokenHoundKit

/// Golden files for every format. `UPDATE_GOLDEN=1 swift test --filter Sinks` rewrites them.
final class SinksGoldenTests: XCTestCase {
    static var goldenDir: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/golden")
    }

    func assertGolden(_ name: String, _ actual: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = Self.goldenDir.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: Self.goldenDir, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        guard let expected = try? Data(contentsOf: url) else {
            XCTFail("missing golden \(name); run UPDATE_GOLDEN=1 swift test --filter Sinks", file: file, line: line)
            return
        }
        let exp = String(decoding: expected, as: UTF8.self)
        if exp != actual {
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let e = exp.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, e).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, e.count)
            XCTFail("\(name) differs from golden at line \(first + 1) (UPDATE_GOLDEN=1 to accept):\n- \(first < e.count ? String(e[first]) : "<eof>")\n+ \(first < a.count ? String(a[first]) : "<eof>")",
                    file: file, line: line)
        }
    }

    let findings = SinksTestData.findings
    let host = "sec-box-01"

    func testJSONGolden() throws { try assertGolden("findings.json", FindingFormat.json.render(findings)) }
    func testOCSF110Golden() throws { try assertGolden("findings.ocsf-1.1.0.json", FindingFormat.ocsf.render(findings, options: SinkOptions(ocsfVersion: "1.1.0"))) }
    func testOCSF150Golden() throws { try assertGolden("findings.ocsf-1.5.0.json", FindingFormat.ocsf.render(findings, options: SinkOptions(ocsfVersion: "1.5.0"))) }
    func testECSGolden() throws { try assertGolden("findings.ecs.json", FindingFormat.ecs.render(findings, options: SinkOptions(host: host))) }
    func testECSBulkGolden() throws { try assertGolden("findings.ecs-bulk.ndjson", FindingFormat.ecs.render(findings, options: SinkOptions(ecsBulk: true))) }
    func testHECGolden() throws {
        try assertGolden("findings.hec.json", FindingFormat.hec.render(findings, options: SinkOptions(hecIndex: "security", host: host)))
    }
    func testCEFGolden() throws { try assertGolden("findings.cef", FindingFormat.cef.render(findings)) }
    func testCEFSyslogGolden() throws {
        try assertGolden("findings.cef-syslog", FindingFormat.cef.render(findings, options: SinkOptions(syslog: true, host: host)))
        try assertGolden("findings.cef-syslog-octet", FindingFormat.cef.render(findings, options: SinkOptions(syslog: true, syslogOctetCounting: true, host: host)))
    }
    func testCSVGolden() throws { try assertGolden("findings.csv", FindingFormat.csv.render(findings)) }
    func testTextGolden() throws {
        try assertGolden("findings.txt", FindingFormat.text.render(findings))
        try assertGolden("findings.colour.txt", FindingFormat.text.render(findings, options: SinkOptions(colour: true)))
    }
    func testSummaryGoldens() throws {
        let r = SinksTestData.report
        try assertGolden("summary.md", SummaryFormat.markdown.render(r))
        try assertGolden("summary.json", SummaryFormat.json.render(r))
        try assertGolden("summary.html", SummaryFormat.html.render(r))
        try assertGolden("summary.txt", SummaryFormat.text.render(r))
    }

    func testOutputIsDeterministic() throws {
        for format in FindingFormat.allCases {
            XCTAssertEqual(try format.render(findings), try format.render(findings), format.rawValue)
        }
        XCTAssertEqual(SummaryFormat.html.render(SinksTestData.report), SummaryFormat.html.render(SinksTestData.report))
    }
}
