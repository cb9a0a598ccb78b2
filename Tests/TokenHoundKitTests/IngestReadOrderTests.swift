import XCTest
@testable import TokenHoundKit

/// `ReadOrder`: the order a multi-threaded read takes files in (largest first) and that it does
/// not change what is read.
final class IngestReadOrderTests: XCTestCase {
    typealias S = ReadingTestSupport

    private func file(_ dir: URL, _ name: String, bytes: Int) throws -> InputFile {
        let url = dir.appendingPathComponent(name)
        try Data(repeating: 0x41, count: bytes).write(to: url)
        return InputFile(path: url.path)
    }

    func testLargestFirstWeighsGzipAndKeepsPositionOrderForTies() throws {
        let dir = try S.tempDir(self)
        let files = [
            try file(dir, "a.csv", bytes: 100),
            try file(dir, "b.csv.gz", bytes: 100),      // 600 after weighting
            try file(dir, "c.csv", bytes: 700),
            try file(dir, "d.csv", bytes: 100),
            try file(dir, "e.csv", bytes: 0),
        ]
        XCTAssertEqual(ReadOrder.largestFirst(files), [2, 1, 0, 3, 4])
    }

    func testUnsizedInputsGoFirstInPositionOrder() throws {
        let dir = try S.tempDir(self)
        let files = [
            try file(dir, "small.csv", bytes: 10),
            InputFile(path: dir.appendingPathComponent("missing.csv").path),
            .stdin,
            try file(dir, "big.csv", bytes: 1_000),
        ]
        XCTAssertEqual(ReadOrder.largestFirst(files), [1, 2, 3, 0])
        XCTAssertEqual(ReadOrder.estimatedWork(.stdin), .max)
    }

    /// Every position exactly once, whatever the sizes.
    func testOrderIsAPermutation() throws {
        let dir = try S.tempDir(self)
        var rng = SystemRandomNumberGenerator()
        let files = try (0..<40).map { try file(dir, "f\($0).csv\($0 % 3 == 0 ? ".gz" : "")", bytes: Int(rng.next() % 5) * 50) }
        XCTAssertEqual(ReadOrder.largestFirst(files).sorted(), Array(0..<40))
    }

    /// Reading SampleLogs with two threads (largest first) gives the same store as one thread
    /// (name order): file ids stay positions in the input list.
    func testTwoThreadsLargestFirstMatchOneThreadInNameOrder() throws {
        let files = InputDiscovery.expand([EndToEndTests.sampleLogs]).files
        var one = IngestOptions(); one.threads = 1
        var two = IngestOptions(); two.threads = 2
        let a = Ingestor.ingest(files: files, options: one)
        let b = Ingestor.ingest(files: files, options: two)
        XCTAssertEqual(a.outcomes.map(\.fileID), b.outcomes.map(\.fileID))
        XCTAssertEqual(a.outcomes.map(\.report.rows), b.outcomes.map(\.report.rows))
        XCTAssertEqual(a.store.auth.map(\.location), b.store.auth.map(\.location))
        XCTAssertEqual(a.store.sessions.count, b.store.sessions.count)
    }
}
