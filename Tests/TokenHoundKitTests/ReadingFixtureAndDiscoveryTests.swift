import Foundation
import XCTest
@testable import TokenHoundKit

final class ReadingFixtureTests: XCTestCase {
    /// `../shared/fixtures` next to the package root (located from this file's path).
    static var sharedFixtures: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // TokenHoundKitTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // package root
            .appendingPathComponent("../shared/fixtures").standardizedFileURL
    }

    func testSharedFixturesHeaderAndRowCounts() throws {
        let dir = Self.sharedFixtures
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw XCTSkip("../shared/fixtures not present")
        }
        let expected: [String: (header: Int, rows: Int)] = [
            "elf-login-2021-26col.csv": (26, 1),
            "elf-login-2023-28col.csv": (28, 1),
            "elf-login-2025-34col.csv": (34, 2),
            "elf-logout-header.csv": (21, 0),
        ]
        let (files, diags) = InputDiscovery.expand([dir.path])
        XCTAssertEqual(diags, [])
        XCTAssertGreaterThanOrEqual(files.count, expected.count)
        var checked = 0
        for file in files {
            let stream = try DecodedByteStream(file: file)
            let reader = CSVRecordReader()
            var header: [String] = []
            var rowFieldCounts: [Int] = []
            let onRecord: (CSVRecord) -> Void = { rec in
                if header.isEmpty {
                    header = (0..<rec.count).map { rec.string(at: $0) }
                } else {
                    rowFieldCounts.append(rec.count)
                }
            }
            while let chunk = try stream.next() { reader.feed(chunk, onRecord) }
            reader.finish(onRecord)
            XCTAssertEqual(reader.issues, [], file.path)
            let name = URL(fileURLWithPath: file.path).lastPathComponent
            guard let want = expected[name] else { continue }
            checked += 1
            XCTAssertEqual(header.count, want.header, name)
            XCTAssertEqual(rowFieldCounts.count, want.rows, name)
            XCTAssertTrue(rowFieldCounts.allSatisfy { $0 == want.header }, "\(name): \(rowFieldCounts)")
            XCTAssertTrue(header.allSatisfy { !$0.isEmpty && $0 == $0.uppercased() }, "\(name): \(header)")
            XCTAssertEqual(header.first, "EVENT_TYPE", name)
        }
        XCTAssertEqual(checked, expected.count)
    }
}

final class ReadingDiscoveryTests: XCTestCase {
    typealias S = ReadingTestSupport

    func testExpandFilesDirectoriesHiddenMissingAndDuplicates() throws {
        let root = try S.tempDir(self)
        let fm = FileManager.default
        try fm.createDirectory(at: root.appendingPathComponent("logs/sub"), withIntermediateDirectories: true)
        try fm.createDirectory(at: root.appendingPathComponent("logs/.git"), withIntermediateDirectories: true)
        for p in ["logs/b.csv", "logs/a.csv.gz", "logs/sub/c.csv", "logs/.hidden.csv", "logs/.git/x.csv", "top.csv"] {
            try S.write(Array("x\n".utf8), to: root.appendingPathComponent(p))
        }
        // A symlink loop and a link to a file already listed.
        try fm.createSymbolicLink(atPath: root.appendingPathComponent("logs/sub/loop").path,
                                  withDestinationPath: root.appendingPathComponent("logs").path)
        let logs = root.appendingPathComponent("logs").path
        let top = root.appendingPathComponent("top.csv").path
        let missing = root.appendingPathComponent("missing.csv").path
        let (files, diags) = InputDiscovery.expand([top, logs, missing, logs + "/", top, "-"])
        let names = files.map(\.path)
        XCTAssertEqual(names, ["-", logs + "/a.csv.gz", logs + "/b.csv", logs + "/sub/c.csv", top])
        XCTAssertEqual(files.first?.displayName, "<stdin>")
        XCTAssertTrue(files.first?.isStdin ?? false)
        let errors = diags.filter { $0.severity == .error }
        XCTAssertEqual(errors.count, 1)
        XCTAssertEqual(errors.first?.file, missing)
        XCTAssertTrue(errors.first?.message.contains("no such file") ?? false)
    }

    func testExplicitHiddenFileIsRead() throws {
        let root = try S.tempDir(self)
        let hidden = root.appendingPathComponent(".x.csv")
        try S.write([0x61], to: hidden)
        XCTAssertEqual(InputDiscovery.expand([hidden.path]).files.map(\.path), [hidden.path])
    }

    func testMaxFiles() throws {
        let root = try S.tempDir(self)
        for i in 0..<5 { try S.write([0x61], to: root.appendingPathComponent("f\(i).csv")) }
        let (files, diags) = InputDiscovery.expand([root.path], maxFiles: 3)
        XCTAssertEqual(files.map { URL(fileURLWithPath: $0.path).lastPathComponent }, ["f0.csv", "f1.csv", "f2.csv"])
        XCTAssertEqual(diags.count, 1)
        XCTAssertEqual(diags.first?.severity, .error)
        XCTAssertTrue(diags.first?.message.contains("more than 3 input files") ?? false)
        XCTAssertEqual(InputDiscovery.expand([root.path], maxFiles: 5).diagnostics, [])
    }

    func testDanglingSymlinkGivenExplicitly() throws {
        let root = try S.tempDir(self)
        let link = root.appendingPathComponent("dangling.csv")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: "/nonexistent/x")
        let (files, diags) = InputDiscovery.expand([link.path])
        XCTAssertEqual(files, [])
        XCTAssertEqual(diags.map(\.severity), [.error])
    }
}
