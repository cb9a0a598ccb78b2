import Foundation
import XCTest
@testable import TokenHoundKit

final class SinksEdgeCaseTests: XCTestCase {
    func testEmptyInputs() throws {
        XCTAssertEqual(try FindingFormat.json.render([]), "")
        XCTAssertEqual(try FindingFormat.csv.render([]), CSVTimeline.columns.joined(separator: ",") + "\r\n")
        XCTAssertEqual(try FindingFormat.text.render([]), "No findings.\n")
        let empty = ScanReport(toolVersion: "0.1.0", generatedAt: EventTime(millis: 0))
        for f in SummaryFormat.allCases { XCTAssertFalse(f.render(empty).isEmpty, f.rawValue) }
        XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(SummaryFormat.json.render(empty).utf8)))
    }

    func testAppWithoutTimelineOrWindowStillDraws() {
        var r = ScanReport(toolVersion: "0.1.0", generatedAt: EventTime(millis: 0))
        r.apps = [AppActivitySummary(app: AppRef(id: nil, name: "Empty"))]
        let html = SummaryFormat.html.render(r)
        XCTAssertTrue(html.contains("<svg"))
        for bad in ["=\"nan", "=\"inf", "=\"-inf", "=\"-nan"] { XCTAssertFalse(html.contains(bad), bad) }
    }

    func testEveryLevelMapsConsistently() throws {
        for level in Level.allCases {
            var f = SinksTestData.low
            f.level = level
            let ocsf = try JSONSerialization.jsonObject(with: Data(try FindingFormat.ocsf.render([f]).utf8)) as! [String: Any]
            XCTAssertEqual(ocsf["severity_id"] as? Int, level.ocsfSeverityID)
            let ecs = try JSONSerialization.jsonObject(with: Data(try FindingFormat.ecs.render([f]).utf8)) as! [String: Any]
            XCTAssertEqual((ecs["event"] as! [String: Any])["severity"] as? Int, level.ecsSeverity)
            XCTAssertEqual(try CEFParser.parse(try FindingFormat.cef.render([f])).header[6], String(level.cefSeverity))
            XCTAssertTrue(try FindingFormat.cef.render([f], options: SinkOptions(syslog: true)).hasPrefix("<\(80 + level.syslogSeverity)>1 "))
            XCTAssertEqual(try NativeJSON.decodeFinding(NativeJSON.line(f)).level, level)
        }
    }

    func testISO8601Parsing() {
        XCTAssertEqual(NativeJSON.parseISO8601("2025-08-08T12:34:56.789Z")?.iso8601, "2025-08-08T12:34:56.789Z")
        XCTAssertEqual(NativeJSON.parseISO8601("2025-08-08T12:34:56Z")?.iso8601, "2025-08-08T12:34:56.000Z")
        XCTAssertEqual(NativeJSON.parseISO8601("1969-12-31T23:59:59.5Z")?.millis, -500)
        XCTAssertNil(NativeJSON.parseISO8601("2025-08-08 12:34:56Z"))
        XCTAssertNil(NativeJSON.parseISO8601("2025-08-08T12:34:56+02:00"))
    }

    func testHECSecondsFormatting() {
        XCTAssertEqual(HEC.seconds(EventTime(millis: 1_754_740_800_123)), "1754740800.123")
        XCTAssertEqual(HEC.seconds(EventTime(millis: 5)), "0.005")
        XCTAssertEqual(HEC.seconds(EventTime(millis: -1)), "-0.001")
    }
}
