import Foundation
import XCTest
@testable import TokenHoundKit

/// The read-ahead stream (inflate on its own thread, parse on the caller's) must be invisible:
/// same bytes, same errors after the same bytes, same stores and findings.
final class ReadingPipelinedTests: XCTestCase {
    typealias S = ReadingTestSupport

    private func drain(_ s: PipelinedByteStream) -> (bytes: [UInt8], error: ReadError?) {
        var out: [UInt8] = []
        do {
            while let c = try s.next() {
                XCTAssertGreaterThan(c.count, 0)
                out.append(contentsOf: c)
            }
            XCTAssertNil(try s.next())
        } catch let e as ReadError {
            XCTAssertNil(try? s.next())
            return (out, e)
        } catch {
            XCTFail("unexpected \(error)")
        }
        return (out, nil)
    }

    func testSameBytesAsThePlainStreamForAMultiMegabyteFile() throws {
        let data = S.elfLikeCSV(rows: 40_000)
        XCTAssertGreaterThan(data.count, 4_000_000)
        let url = try S.tempDir(self).appendingPathComponent("big.csv.gz")
        try S.write(GzipEncoder.compress(data), to: url)
        let plain = S.decode(path: url.path)
        XCTAssertNil(plain.error)
        for (slots, slotBytes) in [(2, 1), (3, 300_000), (4, 1 << 20)] {
            let p = try PipelinedByteStream(file: InputFile(path: url.path), slots: slots, slotBytes: slotBytes)
            let r = drain(p)
            XCTAssertNil(r.error)
            XCTAssertEqual(r.bytes, data, "slots \(slots) x \(slotBytes)")
            XCTAssertEqual(p.decompressedBytes, UInt64(data.count))
            XCTAssertEqual(p.compressedBytesRead, plain.stream?.compressedBytesRead)
            XCTAssertTrue(p.isGzip)
        }
    }

    func testTruncatedFileGivesTheSameBytesThenTheSameError() throws {
        let data = S.elfLikeCSV(rows: 20_000)
        let gz = GzipEncoder.compress(data)
        let url = try S.tempDir(self).appendingPathComponent("cut.csv.gz")
        try S.write(Array(gz[0..<(gz.count * 2 / 3)]), to: url)
        let plain = S.decode(path: url.path)
        XCTAssertNotNil(plain.error)
        let r = drain(try PipelinedByteStream(file: InputFile(path: url.path), slots: 2, slotBytes: 64 * 1024))
        XCTAssertEqual(r.bytes, plain.bytes)
        XCTAssertEqual(r.error?.description, plain.error?.description)
    }

    func testMissingFileThrowsAtOpen() {
        XCTAssertThrowsError(try PipelinedByteStream(file: InputFile(path: "/nonexistent/tokenhound/x.csv.gz")))
    }

    func testAbandoningTheStreamEarlyStopsTheProducer() throws {
        let url = try S.tempDir(self).appendingPathComponent("a.csv.gz")
        try S.write(GzipEncoder.compress(S.elfLikeCSV(rows: 20_000)), to: url)
        for _ in 0..<20 {
            let p = try PipelinedByteStream(file: InputFile(path: url.path), slots: 2, slotBytes: 1)
            XCTAssertNotNil(try p.next())
        }
    }

    /// One multi-megabyte RestApi file (every sample day's rows under one header) read with and
    /// without the pipelined reader gives the same report and the same evidence.
    func testIngestOfOneLargeFileIsIdenticalWithAndWithoutPipelining() throws {
        let dir = URL(fileURLWithPath: EndToEndTests.sampleLogs).appendingPathComponent("EventLogFile")
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            .filter { $0.hasSuffix("_RestApi.csv.gz") || $0.hasSuffix("_ApiTotalUsage.csv.gz") }.sorted()
        var out: [UInt8] = []
        var header: [UInt8]?
        for kind in ["_RestApi.", "_ApiTotalUsage."] {
            let big = try S.tempDir(self).appendingPathComponent("all\(kind)csv.gz")
            out = []; header = nil
            for name in names where name.contains(kind) {
                let bytes = S.decode(path: dir.appendingPathComponent(name).path).bytes
                let nl = try XCTUnwrap(bytes.firstIndex(of: 0x0A))
                if header == nil { header = Array(bytes[...nl]); out += header! }
                out += bytes[(nl + 1)...]
            }
            XCTAssertGreaterThan(out.count, 1_000_000)
            try S.write(GzipEncoder.compress(out), to: big)
            var results: [IngestResult] = []
            for pipelined in [false, true] {
                var o = IngestOptions()
                o.threads = 2
                o.pipelined = pipelined
                o.keepFileStores = true   // the file's own store keeps the counts the merged one drops
                results.append(Ingestor.ingest(files: [InputFile(path: big.path)], options: o))
            }
            let (a, b) = (results[0], results[1])
            XCTAssertEqual(a.outcomes.map(\.report), b.outcomes.map(\.report))
            XCTAssertEqual(a.outcomes.map(\.decompressedBytes), [UInt64(out.count)])
            XCTAssertEqual(a.outcomes.map(\.decompressedBytes), b.outcomes.map(\.decompressedBytes))
            XCTAssertEqual(a.outcomes.map(\.compressedBytes), b.outcomes.map(\.compressedBytes))
            XCTAssertGreaterThan(a.outcomes[0].report.rows, 5_000)
            XCTAssertEqual(a.store.volume, b.store.volume)
            XCTAssertEqual(a.store.usage, b.store.usage)
            XCTAssertEqual(Set(a.store.sessions.keys), Set(b.store.sessions.keys))
            for (k, v) in a.store.sessions { XCTAssertEqual(v, b.store.sessions[k]) }
            let (fa, fb) = (try XCTUnwrap(a.fileStores[0]), try XCTUnwrap(b.fileStores[0]))
            XCTAssertEqual(fa.usage, fb.usage)
            XCTAssertEqual(fa.sessions.activity.count, a.store.sessions.count)
            for (k, v) in fa.sessions.activity {
                let w = try XCTUnwrap(fb.sessions.activity[k])
                XCTAssertEqual(v.steps, w.steps)
                XCTAssertEqual([v.calls, Int(v.rows), Int(v.bytes)], [w.calls, Int(w.rows), Int(w.bytes)])
                XCTAssertEqual(v.appID, w.appID)
            }
            XCTAssertEqual(Set(a.store.addressActivity.keys), Set(b.store.addressActivity.keys))
        }
    }

    /// The whole sample scan with every file read ahead equals the single-threaded scan.
    func testFindingsIdenticalWithThePipelinedReader() {
        let one = EndToEndTests.scan(threads: 1).report.findings
        var r = ScanRequest(paths: [EndToEndTests.sampleLogs], detectionTime: EndToEndTests.detectionTime)
        r.ingest.threads = 2
        r.ingest.pipelined = true
        let piped = ScanPipeline.run(r).report.findings
        XCTAssertFalse(one.isEmpty)
        XCTAssertEqual(one, piped)
    }
}
