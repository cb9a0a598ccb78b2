import Foundation
import XCTest
@testable import TokenHoundKit

final class ReadingGzipTests: XCTestCase {
    typealias S = ReadingTestSupport

    private let csv = Array("\"EVENT_TYPE\",\"TIMESTAMP\"\n\"Login\",\"20211102121044.225\"\n".utf8)

    private func file(_ bytes: [UInt8], _ name: String = "in.bin") throws -> String {
        let url = try S.tempDir(self).appendingPathComponent(name)
        try S.write(bytes, to: url)
        return url.path
    }

    func testSingleMember() throws {
        let gz = GzipEncoder.compress(csv)
        let path = try file(gz, "a.csv.gz")
        let r = S.decode(path: path)
        XCTAssertNil(r.error)
        XCTAssertEqual(r.bytes, csv)
        XCTAssertEqual(r.stream?.isGzip, true)
        XCTAssertEqual(r.stream?.compressedBytesRead, UInt64(gz.count))
        XCTAssertEqual(r.stream?.decompressedBytes, UInt64(csv.count))
        XCTAssertEqual(r.stream?.membersCompleted, 1)
    }

    func testLargeSingleMemberManyChunks() throws {
        let data = S.elfLikeCSV(rows: 8000)
        let path = try file(GzipEncoder.compress(data))
        let r = S.decode(path: path)
        XCTAssertNil(r.error)
        XCTAssertEqual(r.bytes, data)
    }

    func testMultiMember() throws {
        let a = Array("\"A\"\n\"1\"\n".utf8), b = Array("\"2\"\n".utf8), c = S.elfLikeCSV(rows: 3000)
        let gz = GzipEncoder.compress(a) + GzipEncoder.compress(b) + GzipEncoder.compress(c)
        let path = try file(gz)
        for bufferSize in [16, 17, 31, 1000, 256 * 1024] {
            let r = S.decode(path: path, limits: ReadLimits(bufferSize: bufferSize))
            XCTAssertNil(r.error, "buffer \(bufferSize)")
            XCTAssertEqual(r.bytes, a + b + c, "buffer \(bufferSize)")
            XCTAssertEqual(r.stream?.membersCompleted, 3)
        }
    }

    func testEmptyMemberInTheMiddle() throws {
        let gz = GzipEncoder.compress(csv) + GzipEncoder.compress([]) + GzipEncoder.compress(csv)
        let r = S.decode(path: try file(gz))
        XCTAssertNil(r.error)
        XCTAssertEqual(r.bytes, csv + csv)
    }

    func testTrailingZeroPadding() throws {
        let gz = GzipEncoder.compress(csv) + GzipEncoder.compress(csv) + [UInt8](repeating: 0, count: 1024)
        let path = try file(gz)
        for bufferSize in [16, 17, 256 * 1024] {
            let r = S.decode(path: path, limits: ReadLimits(bufferSize: bufferSize))
            XCTAssertNil(r.error, "buffer \(bufferSize)")
            XCTAssertEqual(r.bytes, csv + csv)
            XCTAssertEqual(r.stream?.compressedBytesRead, UInt64(gz.count))
        }
    }

    func testTrailingGarbageIsAnErrorAfterAllData() throws {
        let member = GzipEncoder.compress(csv)
        let path = try file(member + Array("garbage!".utf8))
        for bufferSize in [16, 256 * 1024] {
            let r = S.decode(path: path, limits: ReadLimits(bufferSize: bufferSize))
            XCTAssertEqual(r.bytes, csv, "all good data comes before the error")
            guard case .trailingGarbage(_, let off, let msg)? = r.error else {
                return XCTFail("expected trailingGarbage, got \(String(describing: r.error))")
            }
            XCTAssertEqual(off, UInt64(member.count))
            XCTAssertTrue(msg.contains("trailing garbage at byte \(member.count)"), msg)
            XCTAssertEqual(r.error?.diagnostic.severity, .error)
            XCTAssertEqual(r.error?.diagnostic.byteOffset, UInt64(member.count))
        }
    }

    func testGarbageAfterZeroPadding() throws {
        let member = GzipEncoder.compress(csv)
        let r = S.decode(path: try file(member + [0, 0, 0, 0x41, 0]))
        XCTAssertEqual(r.bytes, csv)
        guard case .trailingGarbage(_, let off, _)? = r.error else {
            return XCTFail("expected trailingGarbage, got \(String(describing: r.error))")
        }
        XCTAssertEqual(off, UInt64(member.count + 3))
    }

    func testLoneMagicByteAfterMemberIsGarbage() throws {
        let member = GzipEncoder.compress(csv)
        let r = S.decode(path: try file(member + [0x1f]))
        XCTAssertEqual(r.bytes, csv)
        guard case .trailingGarbage(_, let off, _)? = r.error else {
            return XCTFail("expected trailingGarbage, got \(String(describing: r.error))")
        }
        XCTAssertEqual(off, UInt64(member.count))
    }

    func testTruncatedMemberReturnsEarlierDataThenFails() throws {
        let data = S.elfLikeCSV(rows: 20000)  // several MB, compresses to ~1/2
        let gz = GzipEncoder.compress(data)
        let cut = gz.count / 2
        let r = S.decode(path: try file(Array(gz[0..<cut])))
        guard case .truncated(_, let off, let msg)? = r.error else {
            return XCTFail("expected truncated, got \(String(describing: r.error))")
        }
        XCTAssertEqual(off, UInt64(cut))
        XCTAssertTrue(msg.hasPrefix("gzip member truncated at byte \(cut): file ends inside compressed data"), msg)
        XCTAssertGreaterThan(r.bytes.count, data.count / 3, "data before the cut was returned")
        XCTAssertEqual(r.bytes, Array(data[0..<r.bytes.count]))
    }

    func testTruncatedSecondMember() throws {
        let first = GzipEncoder.compress(csv)
        let second = GzipEncoder.compress(csv)
        let r = S.decode(path: try file(first + second.prefix(15)))
        XCTAssertTrue(r.bytes.starts(with: csv))
        guard case .truncated(_, let off, let msg)? = r.error else {
            return XCTFail("expected truncated, got \(String(describing: r.error))")
        }
        XCTAssertEqual(off, UInt64(first.count + 15))
        XCTAssertTrue(msg.contains("member 2 starts at byte \(first.count)"), msg)
    }

    func testOnlyTheMagicBytes() throws {
        let r = S.decode(path: try file([0x1f, 0x8b]))
        XCTAssertEqual(r.bytes, [])
        guard case .truncated(_, 2, _)? = r.error else {
            return XCTFail("expected truncated at 2, got \(String(describing: r.error))")
        }
    }

    func testCorruptDeflateBlockType() throws {
        // Valid gzip header, then a final block with the reserved block type 3.
        let bytes: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0x07, 0, 0, 0, 0]
        let r = S.decode(path: try file(bytes))
        guard case .corrupt(_, let off, let msg)? = r.error else {
            return XCTFail("expected corrupt, got \(String(describing: r.error))")
        }
        XCTAssertTrue(off >= 10 && off <= 11, "offset \(off)")
        XCTAssertTrue(msg.contains("corrupt gzip data at byte \(off)"), msg)
        XCTAssertTrue(msg.contains("invalid block type"), msg)
    }

    func testCorruptDataInTheMiddleReturnsEarlierData() throws {
        let data = S.elfLikeCSV(rows: 20000)
        var gz = GzipEncoder.compress(data)
        let at = gz.count * 3 / 4
        for i in at..<(at + 64) { gz[i] = 0xFF }
        let r = S.decode(path: try file(gz))
        guard case .corrupt(_, let off, let msg)? = r.error else {
            return XCTFail("expected corrupt, got \(String(describing: r.error))")
        }
        XCTAssertGreaterThanOrEqual(off, UInt64(at))
        XCTAssertTrue(msg.hasPrefix("corrupt gzip data at byte \(off)"), msg)
        // Everything clearly before the damage came out intact.
        XCTAssertGreaterThan(r.bytes.count, data.count / 2)
        let safe = data.count / 2
        XCTAssertEqual(Array(r.bytes[0..<safe]), Array(data[0..<safe]))
    }

    func testBadCRCIsCorruptAfterAllData() throws {
        var gz = GzipEncoder.compress(csv)
        gz[gz.count - 8] ^= 0xFF  // CRC32 trailer
        let r = S.decode(path: try file(gz))
        XCTAssertEqual(r.bytes, csv)
        guard case .corrupt(_, _, let msg)? = r.error else {
            return XCTFail("expected corrupt, got \(String(describing: r.error))")
        }
        XCTAssertTrue(msg.contains("incorrect data check"), msg)
    }

    func testEmptyFile() throws {
        let r = S.decode(path: try file([]))
        XCTAssertNil(r.error)
        XCTAssertEqual(r.bytes, [])
        XCTAssertEqual(r.stream?.isGzip, false)
        XCTAssertEqual(r.stream?.decompressedBytes, 0)
    }

    func testPlainCSVPassthrough() throws {
        let big = S.elfLikeCSV(rows: 5000)
        for data in [csv, big] {
            for bufferSize in [16, 256 * 1024] {
                let r = S.decode(path: try file(data), limits: ReadLimits(bufferSize: bufferSize))
                XCTAssertNil(r.error)
                XCTAssertEqual(r.bytes, data)
                XCTAssertEqual(r.stream?.isGzip, false)
                XCTAssertEqual(r.stream?.compressedBytesRead, UInt64(data.count))
                XCTAssertEqual(r.stream?.decompressedBytes, UInt64(data.count))
            }
        }
    }

    func testStartsWith1fButIsNotGzip() throws {
        for data: [UInt8] in [[0x1f], [0x1f, 0x41, 0x2c, 0x42, 0x0a], [0x1f, 0x8c, 0x00]] {
            let r = S.decode(path: try file(data))
            XCTAssertNil(r.error)
            XCTAssertEqual(r.bytes, data)
            XCTAssertEqual(r.stream?.isGzip, false)
        }
    }

    func testMissingFile() throws {
        let dir = try S.tempDir(self)
        let r = S.decode(path: dir.appendingPathComponent("nope.csv").path)
        guard case .cannotOpen(_, _, let msg)? = r.error else {
            return XCTFail("expected cannotOpen, got \(String(describing: r.error))")
        }
        XCTAssertTrue(msg.contains("No such file"), msg)
        XCTAssertEqual(r.error?.diagnostic.severity, .error)
    }

    func testDecompressionRatioGuard() throws {
        let zeros = [UInt8](repeating: 0x41, count: 8 << 20)
        let gz = GzipEncoder.compress(zeros, level: 9)
        let path = try file(gz)
        let r = S.decode(path: path, limits: ReadLimits(maxDecompressionRatio: 100))
        guard case .limitExceeded(_, _, let msg)? = r.error else {
            return XCTFail("expected limitExceeded, got \(String(describing: r.error))")
        }
        XCTAssertTrue(msg.contains("gzip bomb"), msg)
        XCTAssertLessThan(r.bytes.count, zeros.count)
        // A looser limit lets the same file through.
        let ok = S.decode(path: path, limits: ReadLimits(maxDecompressionRatio: 5000))
        XCTAssertNil(ok.error)
        XCTAssertEqual(ok.bytes.count, zeros.count)
    }

    func testMaxDecompressedBytes() throws {
        let data = S.elfLikeCSV(rows: 1000)
        for input in [data, GzipEncoder.compress(data)] {
            let r = S.decode(path: try file(input), limits: ReadLimits(maxDecompressedBytes: 1000))
            XCTAssertEqual(r.bytes, Array(data[0..<1000]))
            guard case .limitExceeded? = r.error else {
                return XCTFail("expected limitExceeded, got \(String(describing: r.error))")
            }
        }
    }

    func testMoreThan4GiBDecompressed() throws {
        // 70 members of 64 MiB of newlines each: 4.375 GiB out of a few MB of gzip.
        let member = GzipEncoder.compress([UInt8](repeating: 0x0A, count: 64 << 20), level: 1)
        let url = try S.tempDir(self).appendingPathComponent("big.gz")
        var all: [UInt8] = []
        all.reserveCapacity(member.count * 70)
        for _ in 0..<70 { all += member }
        try S.write(all, to: url)
        let stream = try DecodedByteStream(file: InputFile(path: url.path),
                                           limits: ReadLimits(maxDecompressionRatio: 5000))
        var total: UInt64 = 0
        var nonNewline = 0
        while let chunk = try stream.next() {
            total += UInt64(chunk.count)
            if chunk.first != 0x0A || chunk.last != 0x0A { nonNewline += 1 }
        }
        XCTAssertEqual(total, 70 * (64 << 20))
        XCTAssertGreaterThan(total, UInt64(UInt32.max))
        XCTAssertEqual(stream.decompressedBytes, total)
        XCTAssertEqual(stream.compressedBytesRead, UInt64(all.count))
        XCTAssertEqual(stream.membersCompleted, 70)
        XCTAssertEqual(nonNewline, 0)
    }

    func testGzipFeedsCSVReader() throws {
        let data = S.elfLikeCSV(rows: 3000)
        let path = try file(GzipEncoder.compress(data) + GzipEncoder.compress(data))
        let stream = try DecodedByteStream(file: InputFile(path: path), limits: ReadLimits(bufferSize: 4099))
        let reader = CSVRecordReader()
        var got: [ReadingRec] = []
        while let chunk = try stream.next() { reader.feed(chunk) { got.append(ReadingRec($0)) } }
        reader.finish { got.append(ReadingRec($0)) }
        let whole = S.parse(data + data).records
        XCTAssertEqual(got.count, whole.count)
        XCTAssertEqual(got, whole)
        XCTAssertEqual(got.count, 2 * 3001)
    }
}

final class ReadingFileReaderTests: XCTestCase {
    typealias S = ReadingTestSupport

    private func file(_ bytes: [UInt8]) throws -> InputFile {
        let url = try S.tempDir(self).appendingPathComponent("f")
        try S.write(bytes, to: url)
        return InputFile(path: url.path)
    }

    func testCompleteGzipFile() throws {
        let data = S.elfLikeCSV(rows: 500)
        var n = 0
        let summary = try CSVFileReader.read(try file(GzipEncoder.compress(data))) { _ in n += 1 }
        XCTAssertTrue(summary.complete)
        XCTAssertTrue(summary.isGzip)
        XCTAssertEqual(n, 501)
        XCTAssertEqual(summary.records, 501)
        XCTAssertEqual(summary.decompressedBytes, UInt64(data.count))
        XCTAssertEqual(summary.diagnostics, [])
        XCTAssertFalse(summary.isEmpty)
    }

    func testTruncatedGzipDeliversEarlierRecordsAndDropsTheCutRecord() throws {
        let data = S.elfLikeCSV(rows: 20000)
        let gz = GzipEncoder.compress(data)
        var got: [ReadingRec] = []
        let summary = try CSVFileReader.read(try file(Array(gz[0..<(gz.count / 2)]))) { got.append(ReadingRec($0)) }
        XCTAssertFalse(summary.complete)
        guard case .truncated? = summary.readError else { return XCTFail("\(String(describing: summary.readError))") }
        let whole = S.parse(data).records
        XCTAssertGreaterThan(got.count, 1000)
        XCTAssertEqual(got, Array(whole[0..<got.count]), "only complete records, identical to a full read")
        XCTAssertEqual(summary.diagnostics.first?.severity, .error)
        XCTAssertEqual(summary.recordsSkipped, 1)
        XCTAssertTrue(summary.diagnostics.contains { $0.message.contains("cut off by the read error") })
    }

    func testEmptyAndMissingFiles() throws {
        let empty = try CSVFileReader.read(try file([])) { _ in XCTFail("no records") }
        XCTAssertTrue(empty.isEmpty)
        XCTAssertTrue(empty.complete)
        XCTAssertEqual(empty.records, 0)
        let missing = try CSVFileReader.read(InputFile(path: "/nonexistent/tokenhound/x.csv")) { _ in }
        XCTAssertFalse(missing.complete)
        XCTAssertFalse(missing.isEmpty)
        XCTAssertEqual(missing.diagnostics.map(\.severity), [.error])
    }

    func testCSVIssuesBecomeWarnings() throws {
        let summary = try CSVFileReader.read(try file(Array("a,b\n\"open\n".utf8))) { _ in }
        XCTAssertTrue(summary.complete)
        XCTAssertEqual(summary.records, 1)
        XCTAssertEqual(summary.recordsSkipped, 1)
        XCTAssertEqual(summary.diagnostics.map(\.severity), [.warning])
        XCTAssertEqual(summary.diagnostics.first?.line, 2)
    }

    func testCallbackErrorsPropagate() throws {
        struct Stop: Error {}
        XCTAssertThrowsError(try CSVFileReader.read(try file(Array("a\nb\n".utf8))) { _ in throw Stop() }) {
            XCTAssertTrue($0 is Stop)
        }
    }
}

final class ReadingLimitEdgeTests: XCTestCase {
    typealias S = ReadingTestSupport

    func testLimitExactlyAtAChunkBoundaryAndZeroLimit() throws {
        let data = S.elfLikeCSV(rows: 50)
        let url = try S.tempDir(self).appendingPathComponent("p.csv")
        try S.write(data, to: url)
        // Limit equal to the size: everything, no error.
        let exact = S.decode(path: url.path, limits: ReadLimits(maxDecompressedBytes: UInt64(data.count)))
        XCTAssertNil(exact.error)
        XCTAssertEqual(exact.bytes, data)
        // Limit 0: an error before any byte.
        let zero = S.decode(path: url.path, limits: ReadLimits(maxDecompressedBytes: 0))
        XCTAssertEqual(zero.bytes, [])
        guard case .limitExceeded(_, 0, _)? = zero.error else { return XCTFail("\(String(describing: zero.error))") }
        // A limit that falls on a chunk boundary (buffer 16): exactly 32 bytes, then the error.
        let cut = S.decode(path: url.path, limits: ReadLimits(maxDecompressedBytes: 32, bufferSize: 16))
        XCTAssertEqual(cut.bytes, Array(data[0..<32]))
        guard case .limitExceeded(_, 32, _)? = cut.error else { return XCTFail("\(String(describing: cut.error))") }
    }
}
