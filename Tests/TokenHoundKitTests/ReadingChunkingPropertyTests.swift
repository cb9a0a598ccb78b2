import Foundation
import XCTest
@testable import TokenHoundKit

/// Records must not depend on how the input is split into chunks, and must match a plain
/// byte-at-a-time reference parser.
final class ReadingChunkingPropertyTests: XCTestCase {
    typealias S = ReadingTestSupport

    static let tricky: [[UInt8]] = {
        var list: [String] = [
            "", "\n", "\r", "\r\n", "a", "a,b", "\"\"", "\"\"\"\"", "\"a\"\"b\"", "\"a\nb\",c\r\nd",
            "\"EVENT_TYPE\",\"TIMESTAMP\"\n\"Login\",\"2021\"\n",
            "a,b\r\nc,d\r\n", "a,b\rc,d\r", "a\r\r\nb\n\r", "\"x\r\ny\"\r\nz", "\"x\ry\"\rz\r",
            "\n\na,b\n\r\n\rc\n\n", "ab\"c,d\"e\"\n", "\"ab\"c,d\n", "\"a\"b\"c\"\n", "a,\n,\n,,\n",
            "\"unterminated\nline2", "\"a\",\"b\"", "x,\"y\"\"\"\r", "\"\r\"\r\"\n\"\n",
            "\"a,b\",\"c\",\",\"\n\"\"\"x\"\"\",\"y\"\"\"\n",
        ]
        list.append(String(decoding: S.elfLikeCSV(rows: 12, cols: 6, seed: 3), as: UTF8.self))
        var out = list.map { Array($0.utf8) }
        out.append([0xEF, 0xBB, 0xBF] + Array("\"A\",\"B\"\r\n1,2\r\n".utf8))
        out.append([0xEF, 0xBB, 0xBF])
        out.append([0xEF, 0xBB])
        out.append([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x0A])
        out.append([0xFF, 0x22, 0xFE, 0x22, 0x0D])
        return out
    }()

    /// Random inputs over an alphabet heavy in CSV syntax.
    static func randomInputs(count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = S.SplitMix64(seed: seed)
        let alphabet: [[UInt8]] = [[0x61], [0x62], [0x2C], [0x22], [0x22, 0x22], [0x0D], [0x0A], [0x0D, 0x0A],
                                   [0x20], [0xFF], [0xC3, 0xA9], [0x2C, 0x22], [0x22, 0x2C],
                                   [0x09], [0x00], [0x0C], Array("abcdefghijk".utf8), Array("0123456789abcdefXYZ".utf8)]
        var out: [[UInt8]] = []
        for _ in 0..<count {
            var bytes: [UInt8] = []
            if rng.next() % 5 == 0 { bytes += [0xEF, 0xBB, 0xBF] }
            let tokens = Int(rng.next() % 40)
            for _ in 0..<tokens { bytes += alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            out.append(bytes)
        }
        return out
    }

    /// Straightforward reference: one byte at a time, no fast path, no limits.
    static func reference(_ input: [UInt8]) -> [ReadingRec] {
        var b = input
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { b.removeFirst(3) }
        var recs: [ReadingRec] = []
        var i = 0
        var line = 1
        let n = b.count
        while i < n {
            if b[i] == 0x0A { line += 1; i += 1; continue }
            if b[i] == 0x0D { line += 1; i += 1; if i < n && b[i] == 0x0A { i += 1 }; continue }
            let recLine = line
            var fields: [[UInt8]] = []
            var field: [UInt8] = []
            var complete = true
            fieldLoop: while true {
                field = []
                if i < n && b[i] == 0x22 {
                    i += 1
                    var closed = false
                    while i < n {
                        let c = b[i]
                        if c == 0x22 {
                            if i + 1 < n && b[i + 1] == 0x22 { field.append(0x22); i += 2; continue }
                            i += 1; closed = true; break
                        }
                        if c == 0x0A { line += 1 }
                        if c == 0x0D && !(i + 1 < n && b[i + 1] == 0x0A) { line += 1 }
                        if c == 0x0D && i + 1 < n && b[i + 1] == 0x0A {
                            // CRLF inside quotes: one line break, counted at the LF.
                        }
                        field.append(c); i += 1
                    }
                    if !closed { complete = false; break fieldLoop }
                }
                // Unquoted part (or text after a closing quote): up to , CR LF.
                while i < n && b[i] != 0x2C && b[i] != 0x0A && b[i] != 0x0D { field.append(b[i]); i += 1 }
                fields.append(field)
                if i >= n { break fieldLoop }
                let c = b[i]
                i += 1
                if c == 0x2C { if i >= n { fields.append([]); break fieldLoop }; continue fieldLoop }
                line += 1
                if c == 0x0D && i < n && b[i] == 0x0A { i += 1 }
                break fieldLoop
            }
            if complete { recs.append(ReadingRec(line: recLine, fields: fields)) }
        }
        return recs
    }

    private func assertChunkingInvariant(_ input: [UInt8], rng: inout S.SplitMix64, everySplit: Bool) {
        let whole = S.parse(input)
        let desc = String(decoding: input, as: UTF8.self).debugDescription
        XCTAssertEqual(whole.records, Self.reference(input), "reference mismatch for \(desc)")
        if everySplit {
            for cut in 0...input.count {
                let r = S.parse(input, cuts: [cut])
                if r.records != whole.records || r.issues != whole.issues {
                    XCTFail("split at \(cut) differs for \(desc): \(r.records) vs \(whole.records)")
                    return
                }
            }
        }
        // Byte by byte and a few random chunkings.
        XCTAssertEqual(S.parse(input, chunkSizes: [1]), whole.records, "bytewise \(desc)")
        for _ in 0..<4 {
            let sizes = (0..<5).map { _ in Int(rng.next() % 7) + 1 }
            let r = S.parse(input, chunkSizes: sizes)
            if r != whole.records {
                XCTFail("chunk sizes \(sizes) differ for \(desc)")
                return
            }
        }
        // Issues also match byte by byte.
        var bytewiseCuts: [Int] = []
        if input.count > 1 { bytewiseCuts = Array(1..<input.count) }
        XCTAssertEqual(S.parse(input, cuts: bytewiseCuts).issues, whole.issues, "issues \(desc)")
    }

    func testTrickyInputsAtEverySplit() {
        var rng = S.SplitMix64(seed: 42)
        for input in Self.tricky { assertChunkingInvariant(input, rng: &rng, everySplit: true) }
    }

    func testRandomInputsAtEverySplit() {
        var rng = S.SplitMix64(seed: 7)
        for input in Self.randomInputs(count: 400, seed: 20261129) {
            assertChunkingInvariant(input, rng: &rng, everySplit: true)
        }
    }

    func testTwoCutsOnTrickyInputs() {
        for input in Self.tricky where input.count <= 40 {
            let whole = S.parse(input)
            for a in 0...input.count {
                for b in a...input.count {
                    let r = S.parse(input, cuts: [a, b])
                    if r.records != whole.records || r.issues != whole.issues {
                        return XCTFail("cuts \(a),\(b) differ for \(String(decoding: input, as: UTF8.self).debugDescription)")
                    }
                }
            }
        }
    }

    func testLargeELFLikeInputRandomChunks() {
        let data = S.elfLikeCSV(rows: 4000, seed: 9)
        let whole = S.parse(data).records
        XCTAssertEqual(whole.count, 4001)
        XCTAssertEqual(whole, Self.reference(data))
        var rng = S.SplitMix64(seed: 11)
        for _ in 0..<5 {
            let sizes = (0..<8).map { _ in Int(rng.next() % 5000) + 1 }
            XCTAssertEqual(S.parse(data, chunkSizes: sizes), whole, "sizes \(sizes)")
        }
        XCTAssertEqual(S.parse(data, chunkSizes: [1, 2, 3, 300, 65536]), whole)
    }

    func testLimitsAreChunkingIndependent() {
        let limits = CSVLimits(maxFieldBytes: 3, maxRecordBytes: 7, maxFields: 3)
        var rng = S.SplitMix64(seed: 5)
        for input in Self.randomInputs(count: 500, seed: 99) + Self.tricky {
            let whole = S.parse(input, limits: limits)
            for cut in 0...input.count {
                let r = S.parse(input, cuts: [cut], limits: limits)
                if r.records != whole.records || r.issues != whole.issues {
                    return XCTFail("limits: split at \(cut) differs for \(String(decoding: input, as: UTF8.self).debugDescription)")
                }
            }
            let sizes = (0..<3).map { _ in Int(rng.next() % 4) + 1 }
            XCTAssertEqual(S.parse(input, chunkSizes: sizes, limits: limits), whole.records)
        }
    }
}
