import Foundation
import XCTest
@testable import TokenHoundKit

/// Runs `scripts/validate-ocsf.py` (official OCSF JSON schemas via PyPI `ocsf-json-schema`)
/// on generated Detection Findings for every supported version.
/// Needs `.venv-ocsf` in the package root or `TOKENHOUND_OCSF_PYTHON=/path/to/python`.
final class SinksOCSFValidationTests: XCTestCase {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func python() throws -> String {
        if let p = ProcessInfo.processInfo.environment["TOKENHOUND_OCSF_PYTHON"], !p.isEmpty { return p }
        let venv = Self.root.appendingPathComponent(".venv-ocsf/bin/python").path
        if FileManager.default.isExecutableFile(atPath: venv) { return venv }
        throw XCTSkip("OCSF schema validation skipped: no .venv-ocsf and TOKENHOUND_OCSF_PYTHON unset "
            + "(python3 -m venv .venv-ocsf && .venv-ocsf/bin/pip install ocsf-json-schema jsonschema)")
    }

    func run(_ python: String, _ args: [String]) throws -> (Int32, String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: python)
        p.arguments = [Self.root.appendingPathComponent("scripts/validate-ocsf.py").path] + args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func testGeneratedOCSFValidatesAgainstOfficialSchemas() throws {
        let py = try python()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokenhound-ocsf-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var files: [String] = []
        for v in SinkOptions.supportedOCSFVersions {
            let url = dir.appendingPathComponent("ocsf-\(v).json")
            try Data(try FindingFormat.ocsf.render(SinksTestData.findings, options: SinkOptions(ocsfVersion: v)).utf8).write(to: url)
            files.append(url.path)
        }
        let (status, output) = try run(py, files)
        XCTAssertEqual(status, 0, output)
        XCTAssertTrue(output.contains("\(SinksTestData.findings.count * files.count) events, 0 errors"), output)
    }

    func testValidatorRejectsInvalidEvent() throws {
        let py = try python()
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tokenhound-ocsf-bad-\(getpid()).json")
        defer { try? FileManager.default.removeItem(at: url) }
        var v = OCSF.detectionFinding(SinksTestData.low, options: SinkOptions())
        if case .object(var o) = v { o.append(("not_in_schema", .int(1))); v = .object(o) }
        try Data((v.serialized + "\n").utf8).write(to: url)
        let (status, output) = try run(py, [url.path])
        XCTAssertNotEqual(status, 0, output)
        XCTAssertTrue(output.contains("not_in_schema"), output)
    }
}
