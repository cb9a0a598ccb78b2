import Foundation
import XCTest
@testable import TokenHoundKit

/// One parsed record, owned, for comparisons.
struct ReadingRec: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [[UInt8]]

    init(line: Int, fields: [[UInt8]]) { self.line = line; self.fields = fields }
    init(_ line: Int, _ fields: [String]) { self.line = line; self.fields = fields.map { Array($0.utf8) } }

    init(_ r: CSVRecord) {
        line = r.line
        fields = (0..<r.count).map { Array(r[$0]) }
    }

    var description: String {
        "L\(line)" + fields.map { " [" + String(decoding: $0, as: UTF8.self).debugDescription + "]" }.joined()
    }
}

enum ReadingTestSupport {
    /// Parses `bytes` split at the given cut points.
    static func parse(_ bytes: [UInt8], cuts: [Int] = [], limits: CSVLimits = .default)
        -> (records: [ReadingRec], issues: [CSVIssue], reader: CSVRecordReader)
    {
        let reader = CSVRecordReader(limits: limits)
        var out: [ReadingRec] = []
        bytes.withUnsafeBytes { raw in
            var prev = 0
            for c in cuts.sorted() + [bytes.count] {
                let c = min(max(c, prev), bytes.count)
                reader.feed(UnsafeRawBufferPointer(rebasing: raw[prev..<c])) { out.append(ReadingRec($0)) }
                prev = c
            }
            reader.finish { out.append(ReadingRec($0)) }
        }
        return (out, reader.issues, reader)
    }

    static func parse(_ s: String, cuts: [Int] = [], limits: CSVLimits = .default)
        -> (records: [ReadingRec], issues: [CSVIssue], reader: CSVRecordReader)
    {
        parse(Array(s.utf8), cuts: cuts, limits: limits)
    }

    /// Parses `bytes` fed in chunks of the given sizes (cycled).
    static func parse(_ bytes: [UInt8], chunkSizes: [Int], limits: CSVLimits = .default) -> [ReadingRec] {
        var cuts: [Int] = []
        var pos = 0
        var i = 0
        while pos < bytes.count {
            pos += max(1, chunkSizes[i % chunkSizes.count])
            i += 1
            if pos < bytes.count { cuts.append(pos) }
        }
        return parse(bytes, cuts: cuts, limits: limits).records
    }

    /// A fresh temporary directory, removed at the end of the test.
    static func tempDir(_ testCase: XCTestCase) throws -> URL {
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("tokenhound-reading-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        return dir
    }

    static func write(_ bytes: [UInt8], to url: URL) throws {
        try Data(bytes).write(to: url)
    }

    /// Reads a whole input through DecodedByteStream: the bytes returned before any error, and the error.
    static func decode(path: String, limits: ReadLimits = .default)
        -> (bytes: [UInt8], error: ReadError?, stream: DecodedByteStream?)
    {
        var out: [UInt8] = []
        let stream: DecodedByteStream
        do {
            stream = try DecodedByteStream(file: InputFile(path: path), limits: limits)
        } catch let e as ReadError {
            return ([], e, nil)
        } catch {
            XCTFail("unexpected error type \(error)")
            return ([], nil, nil)
        }
        do {
            while let chunk = try stream.next() {
                XCTAssertGreaterThan(chunk.count, 0, "next() must not return empty chunks")
                out.append(contentsOf: chunk)
            }
            // After the end, next() keeps returning nil.
            XCTAssertNil(try stream.next())
        } catch let e as ReadError {
            // After an error the stream is finished.
            XCTAssertNil(try? stream.next())
            return (out, e, stream)
        } catch {
            XCTFail("unexpected error type \(error)")
        }
        return (out, nil, stream)
    }

    /// Deterministic pseudo-random numbers (SplitMix64).
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// ELF-like CSV: a header and `rows` rows of `cols` double-quoted fields, some with doubled quotes
    /// and embedded newlines; random hex keeps it from compressing too well.
    static func elfLikeCSV(rows: Int, cols: Int = 30, seed: UInt64 = 1) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(rows * cols * 12)
        let header = (0..<cols).map { "\"COLUMN_\($0)\"" }.joined(separator: ",") + "\n"
        out.append(contentsOf: Array(header.utf8))
        let hex = Array("0123456789abcdef".utf8)
        for r in 0..<rows {
            for c in 0..<cols {
                if c > 0 { out.append(0x2C) }
                out.append(0x22)
                let len = Int(rng.next() % 16)
                for _ in 0..<len { out.append(hex[Int(rng.next() % 16)]) }
                if r % 97 == 5 && c == 3 { out.append(contentsOf: Array("say \"\"hi\"\"".utf8)) }
                if r % 89 == 7 && c == 4 { out.append(contentsOf: Array("two\nlines".utf8)) }
                out.append(0x22)
            }
            out.append(0x0A)
        }
        return out
    }
}
