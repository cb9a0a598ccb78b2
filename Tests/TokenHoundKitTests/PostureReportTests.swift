import Foundation
import XCTest
@testable import TokenHoundKit

final class PostureReportTests: XCTestCase {
    private func report() -> PostureReport {
        let (apps, diagnostics) = PostureLoader.load(paths: [PostureFixtures.forceApp, PostureFixtures.bad])
        let usage = [
            "drift": AppRefreshUsage(appName: "Drift", users: 3, networks: 4, grants: 10, failedGrants: 2),
            "gearset": AppRefreshUsage(appName: "Gearset", users: 1, networks: 1, grants: 1, failedGrants: 0),
            "my ticket portal": AppRefreshUsage(appName: "My Ticket Portal", users: 1, networks: 2, grants: 5, failedGrants: 0),
        ]
        return PostureReport(apps: apps, usage: usage, diagnostics: diagnostics)
    }

    func testEntriesSortedAndUnknownAppsListed() {
        let entries = report().entries
        XCTAssertEqual(entries.map(\.label), ["Acme Sync", "Drift", "Gearset Deploy", "Minimal", "Minimal", "Misplaced Rotation",
                                              "My Ticket Portal", "Weird\u{9B}31m\u{202E}App\tX"])
        let portal = entries.first { $0.label == "My Ticket Portal" }
        XCTAssertEqual(portal?.configured, false)
        XCTAssertEqual(portal?.impactScore, 80)
        XCTAssertEqual(portal?.cvssBand, "unknown (no configuration supplied)")
        XCTAssertEqual(entries.first { $0.label == "Gearset Deploy" }?.usage?.grants, 1, "matched by developer name")
        XCTAssertEqual(entries.first { $0.label == "Drift" }?.usage?.failedGrants, 2)
    }

    func testTextReport() {
        let text = report().renderText()
        for needle in ["Drift [Connected App, Drift]", "secret required for refresh: NO (control off)", "refresh token rotation:      off",
                       "CVSS band:", "Critical (9.0-10.0)", "impact:                      100/100",
                       "- refresh tokens never expire (policy: infinite) (+5)", "remediation:", "1. Setup > App Manager > Drift",
                       "usage from logs:             10 refresh grants (2 failed), 3 users, 4 networks",
                       "configuration:               as of 20", "Drift.connectedApp-meta.xml",
                       "Acme Sync [External Client App, Acme_Sync]", "High (7.0-8.9)",
                       "My Ticket Portal — unknown — no metadata supplied", "not exposed (control enforced)",
                       "Diagnostics:", "refresh token policy:        'forever' (unrecognised: treated as unknown)", "Broken.connectedApp-meta.xml:5: error: malformed XML"] {
            XCTAssertTrue(text.contains(needle), "text lacks \(needle):\n\(text)")
        }
        XCTAssertTrue(text.contains(TerminalSafe.escape("Weird\u{9B}31m\u{202E}App\tX")), text)
        for scalar in text.unicodeScalars {
            XCTAssertFalse(TerminalSafe.needsEscape(scalar) && scalar != "\n", "unsafe scalar U+\(String(scalar.value, radix: 16)) in text")
        }
        XCTAssertEqual(text, report().renderText())
    }

    func testJSONReportIsStableAndComplete() throws {
        let data = try report().renderJSON()
        XCTAssertEqual(data, try report().renderJSON())
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let apps = try XCTUnwrap(doc["apps"] as? [[String: Any]])
        XCTAssertEqual(apps.count, 8)
        let drift = try XCTUnwrap(apps.first { $0["label"] as? String == "Drift" })
        XCTAssertEqual(drift["kind"] as? String, "connected_app")
        XCTAssertEqual(drift["controlEnforced"] as? Bool, false)
        XCTAssertEqual(drift["impactScore"] as? Int, 100)
        XCTAssertEqual(drift["cvssBand"] as? String, "Critical (9.0-10.0)")
        XCTAssertEqual(drift["refreshTokenPolicy"] as? String, "infinite")
        XCTAssertEqual(drift["ipRelaxation"] as? String, "ENFORCE")
        XCTAssertEqual(drift["permittedUsers"] as? String, "AllSelfAuthorized")
        XCTAssertEqual((drift["usage"] as? [String: Any])?["grants"] as? Int, 10)
        XCTAssertNotNil(drift["configurationAsOf"] as? String)
        let eca = try XCTUnwrap(apps.first { $0["label"] as? String == "Acme Sync" })
        XCTAssertEqual(eca["refreshTokenPolicy"] as? String, "specific_lifetime:24:HOURS")
        XCTAssertEqual(eca["impactScore"] as? Int, 70)
        let portal = try XCTUnwrap(apps.first { $0["label"] as? String == "My Ticket Portal" })
        XCTAssertEqual(portal["configured"] as? Bool, false)
        XCTAssertNil(portal["controlEnforced"])
        let diagnostics = try XCTUnwrap(doc["diagnostics"] as? [[String: Any]])
        XCTAssertEqual(diagnostics.filter { $0["severity"] as? String == "error" }.count, 3)
        // Sorted keys: "apps" before "diagnostics", and within an entry "cvssBand" before "impactScore".
        let s = String(decoding: data, as: UTF8.self)
        XCTAssertLessThan(try XCTUnwrap(s.range(of: "\"apps\"")).lowerBound, try XCTUnwrap(s.range(of: "\"diagnostics\"")).lowerBound)
    }

}
