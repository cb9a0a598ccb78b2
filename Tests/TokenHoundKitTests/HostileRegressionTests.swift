import Foundation
import XCTest
@testable import TokenHoundKit

/// Every crash, hang or leak the fuzz targets (fuzz/, scripts/fuzz.sh) found, as a regression test.
/// Reproducers that are files live in Fixtures/fuzz-regressions/.
final class HostileRegressionTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz-regressions")

    /// fuzz-parsers, empty input: `networks(forEgress: "")` indexed `split("/")[0]` of an empty
    /// array (a config with `expected_egress: [""]` crashed the run).
    func testEmptyEgressSpecIsRejectedNotACrash() {
        for spec in ["", " ", "/", "//", "/24", "10.0.0.0/24/8", "10.0.0.0/", "AS", "ASx", "::/"] {
            XCTAssertNil(TokenhoundConfig.networks(forEgress: spec), spec.debugDescription)
        }
        XCTAssertEqual(TokenhoundConfig.networks(forEgress: "34.120.5.0/24")?.count, 1)
        XCTAssertEqual(TokenhoundConfig.networks(forEgress: "AS16509"), [.asn(16509)])
    }

    /// fuzz-config: the mutated example config with `expected_egress: ["", ...]` (same crash,
    /// reached through the YAML loader).
    func testFuzzedConfigWithEmptyEgressLoads() throws {
        let config = try TokenhoundConfig.load(path: Self.fixtures.appendingPathComponent("config-empty-egress.yaml").path)
        for (_, app) in config.apps ?? [:] {
            for spec in app.expectedEgress ?? [] { _ = TokenhoundConfig.networks(forEgress: spec) }
        }
        XCTAssertEqual(config.learningDays, 30)
    }

    /// fuzz-config, empty input: LeakSanitizer flagged `String(contentsOfFile:)` (a Foundation leak
    /// on empty files), which also read any file whole before the 4 MiB check. The loader now reads
    /// at most 4 MiB + 1 bytes: empty is an empty config, /dev/zero and invalid UTF-8 are errors.
    func testConfigReadIsBounded() throws {
        let dir = try ReadingTestSupport.tempDir(self)
        let empty = dir.appendingPathComponent("empty.yaml")
        try Data().write(to: empty)
        XCTAssertNil(try TokenhoundConfig.load(path: empty.path).learningDays)
        XCTAssertThrowsError(try TokenhoundConfig.load(path: "/dev/zero")) { XCTAssertTrue("\($0)".contains("4 MiB"), "\($0)") }
        let bad = dir.appendingPathComponent("bad.yaml")
        try Data([0x6c, 0x3a, 0x20, 0xff, 0xfe]).write(to: bad)
        XCTAssertThrowsError(try TokenhoundConfig.load(path: bad.path)) { XCTAssertTrue("\($0)".contains("UTF-8"), "\($0)") }
        XCTAssertThrowsError(try TokenhoundConfig.load(path: dir.appendingPathComponent("missing.yaml").path))
    }

    /// The same through the whole pipeline: an empty egress spec is a warning, not a crash.
    func testEmptyEgressSpecInConfigIsAWarning() throws {
        let dir = try ReadingTestSupport.tempDir(self)
        let yaml = dir.appendingPathComponent("c.yaml")
        try Data("apps:\n  Drift:\n    expected_egress: [\"\", \"/\"]\n".utf8).write(to: yaml)
        let config = try TokenhoundConfig.load(path: yaml.path)
        var r = ScanRequest(paths: [dir.path], detectionTime: EventTime(millis: 0))
        r.config = config
        r.configPath = yaml.path
        let out = ScanPipeline.run(r)
        XCTAssertEqual(out.report.diagnostics.filter { $0.message.contains("expected_egress") }.count, 2)
    }

    /// fuzz-posture: an element name with an invalid UTF-8 byte (`<isSe\xE3retRequired…>`) crashed
    /// the process inside FoundationXML (it force-unwraps names as UTF-8). Reachable from `scan`,
    /// which reads metadata found inside log directories. Now refused before parsing.
    func testInvalidUTF8InXMLElementNameIsOneErrorNotACrash() throws {
        let dir = try ReadingTestSupport.tempDir(self)
        let copy = dir.appendingPathComponent("Evil.connectedApp-meta.xml")
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("posture-invalid-utf8-element-name.xml"), to: copy)
        let (apps, diags) = PostureLoader.load(paths: [dir.path])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertEqual(diags.count, 1, diags.map(\.rendered).joined(separator: "\n"))
        XCTAssertTrue(diags[0].message.contains("invalid UTF-8"), diags[0].rendered)
        XCTAssertEqual(diags[0].line, 5)
        // Through scan: metadata next to the logs; the run goes on and is marked damaged.
        var r = ScanRequest(paths: [dir.path], detectionTime: EventTime(millis: 0))
        r.ingest.threads = 1
        XCTAssertTrue(ScanPipeline.run(r).inputDamaged)
    }

    func testUTF8Validator() {
        func check(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer { SecureXML.firstInvalidUTF8($0) } }
        XCTAssertNil(check(Array("ascii é € 𝄞".utf8)))
        XCTAssertEqual(check([0x61, 0x80]), 1)               // lone continuation
        XCTAssertEqual(check([0xC0, 0x80]), 0)               // overlong NUL
        XCTAssertEqual(check([0xED, 0xA0, 0x80]), 0)         // surrogate
        XCTAssertEqual(check([0xF4, 0x90, 0x80, 0x80]), 0)   // past U+10FFFF
        XCTAssertEqual(check([0x61, 0xE2, 0x82]), 1)         // truncated
        XCTAssertEqual(check([0xFF]), 0)
    }

    /// fuzz-posture: a malformed end tag. LeakSanitizer reported 144 bytes per document leaked inside
    /// FoundationXML's CFError construction (not tokenhound; suppressed in fuzz/lsan.supp). The file
    /// must give one error diagnostic and no app.
    func testMalformedPostureXMLIsOneError() {
        let path = Self.fixtures.appendingPathComponent("posture-malformed-end-tag.xml").path
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("th-reg-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let copy = dir.appendingPathComponent("Broken.connectedApp-meta.xml")
        XCTAssertNoThrow(try FileManager.default.copyItem(atPath: path, toPath: copy.path))
        let (apps, diags) = PostureLoader.load(paths: [copy.path])
        XCTAssertTrue(apps.isEmpty)
        XCTAssertEqual(diags.filter { $0.severity == .error }.count, 1, diags.map(\.rendered).joined(separator: "\n"))
        XCTAssertNotNil(diags.first?.line)
    }
}
