import Foundation
import XCTest
@testable import TokenHoundKit

/// Both inflate engines (zlib by default, ISA-L with `--traits ISAL`) must decode exactly what
/// gzip(1) decodes. `scripts/test-isal.sh` runs this suite under both and diffs the scan output.
final class ReadingEngineTests: XCTestCase {
    typealias S = ReadingTestSupport

    private func gunzip(_ path: String) throws -> [UInt8]? {
        guard FileManager.default.isExecutableFile(atPath: "/bin/gzip") else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/gzip")
        p.arguments = ["-dc", path]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return p.terminationStatus == 0 ? Array(data) : nil
    }

    func testEngineDecodesSampleLogsExactlyLikeGzip() throws {
        let dir = URL(fileURLWithPath: EndToEndTests.sampleLogs).appendingPathComponent("EventLogFile")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".gz") }.sorted()
        XCTAssertGreaterThan(names.count, 50)
        var all: [UInt8] = []
        var concatenated: [UInt8] = []
        var members = 0
        for name in names {
            let path = dir.appendingPathComponent(name).path
            let r = S.decode(path: path)
            XCTAssertNil(r.error, "\(Inflater.engine): \(name)")
            if let expected = try gunzip(path) { XCTAssertEqual(r.bytes, expected, "\(Inflater.engine): \(name)") }
            all += r.bytes
            members += r.stream?.membersCompleted ?? 0
            concatenated += try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        }
        // Every file back to back: one multi-member gzip stream.
        let url = try S.tempDir(self).appendingPathComponent("all.gz")
        try S.write(concatenated, to: url)
        let r = S.decode(path: url.path)
        XCTAssertNil(r.error)
        XCTAssertEqual(r.bytes, all)
        XCTAssertEqual(r.stream?.membersCompleted, members)
    }

    func testEngineDecodesAMultiMegabyteStreamAtEveryLevel() throws {
        let data = S.elfLikeCSV(rows: 30_000, seed: 7)
        for level in [1, 6, 9] {
            let gz = GzipEncoder.compress(data, level: Int32(level))
            let url = try S.tempDir(self).appendingPathComponent("l\(level).gz")
            try S.write(gz, to: url)
            let r = S.decode(path: url.path)
            XCTAssertNil(r.error, "\(Inflater.engine) level \(level)")
            XCTAssertEqual(r.bytes, data, "\(Inflater.engine) level \(level)")
        }
    }
}
