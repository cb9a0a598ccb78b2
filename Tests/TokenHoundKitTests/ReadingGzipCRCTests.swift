import CFastCRC
import CZlib
import XCTest
@testable import TokenHoundKit

/// `fastcrc_crc32` against zlib's `crc32`, and the gzip trailer checks the zlib `Inflater` makes
/// itself (zlib's data check is off once a member's header is read): same messages at the same
/// byte offsets zlib reports with its own check (data check: after the CRC field; length check:
/// after the length field), whatever the read buffer size, so wherever the trailer is split.
final class ReadingGzipCRCTests: XCTestCase {
    typealias S = ReadingTestSupport

    private var rng = S.SplitMix64(seed: 0x5EED_C0C0)

    private func randomBytes(_ n: Int) -> [UInt8] {
        (0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    private func zlibCRC(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        UInt32(crc32_z(UInt(crc), bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count))
    }

    /// Every code this CPU can run: zlib's (0), folding in SSE encoding (1), in AVX encoding (2).
    private let levels = 0...fastcrc_accelerated()

    private func fastCRC(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer, level: Int32) -> UInt32 {
        fastcrc_crc32_limited(level, crc, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    func testDefaultIsTheBestLevel() {
        let bytes = randomBytes(1000)
        bytes.withUnsafeBytes { b in
            XCTAssertEqual(fastcrc_crc32(7, b.baseAddress?.assumingMemoryBound(to: UInt8.self), b.count),
                           fastCRC(7, b, level: levels.upperBound))
        }
        #if arch(x86_64)
        // Any x86_64 CPU from the last 15 years folds; 0 here would mean the fast path never ran.
        XCTAssertGreaterThan(levels.upperBound, 0)
        #endif
    }

    func testMatchesZlibForEveryLengthUpTo4096AtRandomAlignments() {
        let buffer = randomBytes(4096 + 64)
        buffer.withUnsafeBytes { all in
            for n in 0...4096 {
                let start = Int(rng.next() % 64)
                let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + n)])
                let seed = n % 3 == 0 ? 0 : UInt32(truncatingIfNeeded: rng.next())
                for level in levels {
                    XCTAssertEqual(fastCRC(seed, bytes, level: level), zlibCRC(seed, bytes),
                                   "length \(n) at offset \(start), level \(level)")
                }
            }
        }
    }

    func testMatchesZlibOnLargeBuffers() {
        for n in [65536, (1 << 20) + 13, 3_000_001] {
            let buffer = randomBytes(n + 7)
            buffer.withUnsafeBytes { all in
                for start in [0, 7] {
                    let bytes = UnsafeRawBufferPointer(rebasing: all[start..<(start + n)])
                    for level in levels {
                        XCTAssertEqual(fastCRC(0, bytes, level: level), zlibCRC(0, bytes),
                                       "length \(n) at offset \(start), level \(level)")
                    }
                }
            }
        }
    }

    func testIncrementalPiecesGiveTheWholeBufferCRC() {
        let buffer = randomBytes(300_000)
        buffer.withUnsafeBytes { all in
            let whole = zlibCRC(0, all)
            for round in 0..<30 {
                let level = min(Int32(round % 3), levels.upperBound)
                var crc: UInt32 = 0
                var at = 0
                while at < all.count {
                    // Mostly small pieces (tails and the 64-byte threshold), some large ones.
                    let limit = round % 2 == 0 ? 200 : 40_000
                    let n = min(Int(rng.next() % UInt64(limit)), all.count - at)
                    crc = fastCRC(crc, UnsafeRawBufferPointer(rebasing: all[at..<(at + n)]), level: level)
                    at += n
                }
                XCTAssertEqual(crc, whole, "round \(round), level \(level)")
            }
        }
    }

    // MARK: - Trailer checks through DecodedByteStream

    /// Read buffer sizes that put the 8 trailer bytes across a refill at every split position.
    private let bufferSizes = Array(16...40) + [1000, 256 * 1024]

    private func file(_ bytes: [UInt8]) throws -> String {
        let url = try S.tempDir(self).appendingPathComponent("in.csv.gz")
        try S.write(bytes, to: url)
        return url.path
    }

    private func expectCorrupt(_ gz: [UInt8], data: [UInt8], at offset: Int, member: Int, memberStart: Int,
                               _ what: String, line: UInt = #line) throws
    {
        let path = try file(gz)
        for bufferSize in bufferSizes {
            let r = S.decode(path: path, limits: ReadLimits(bufferSize: bufferSize))
            XCTAssertEqual(r.bytes, data, "buffer \(bufferSize)", line: line)
            guard Inflater.engine == "zlib" else {
                // Position and wording are the zlib engine's. ISA-L (trait ISAL) reports any trailer
                // mismatch as "incorrect data check" at the member's end, with its own header check:
                // there, the damage must still be reported, in the right member.
                guard case .corrupt(path, _, let message)? = r.error else {
                    XCTFail("\(Inflater.engine): no corrupt-data error, buffer \(bufferSize)", line: line); continue
                }
                XCTAssertTrue(message.contains("(member \(member), starting at byte \(memberStart))"),
                              "\(Inflater.engine): \(message), buffer \(bufferSize)", line: line)
                continue
            }
            XCTAssertEqual(r.error, .corrupt(
                path: path, byteOffset: UInt64(offset),
                message: "corrupt gzip data at byte \(offset) (member \(member), starting at byte \(memberStart)): \(what)"),
                "buffer \(bufferSize)", line: line)
        }
    }

    func testIntactMembersDecodeWhereverTheTrailerIsSplit() throws {
        let a = S.elfLikeCSV(rows: 300), b = Array("\"B\"\n\"2\"\n".utf8)
        let gz = GzipEncoder.compress(a) + GzipEncoder.compress(b) + GzipEncoder.compress([])
        let path = try file(gz)
        for bufferSize in bufferSizes {
            let r = S.decode(path: path, limits: ReadLimits(bufferSize: bufferSize))
            XCTAssertNil(r.error, "buffer \(bufferSize)")
            XCTAssertEqual(r.bytes, a + b, "buffer \(bufferSize)")
            XCTAssertEqual(r.stream?.membersCompleted, 3)
        }
    }

    func testWrongCRCIsAnIncorrectDataCheckAfterTheCRCField() throws {
        let data = S.elfLikeCSV(rows: 300)
        for byte in 0..<4 {
            var gz = GzipEncoder.compress(data)
            gz[gz.count - 8 + byte] ^= 0x40
            try expectCorrupt(gz, data: data, at: gz.count - 4, member: 1, memberStart: 0, "incorrect data check")
        }
    }

    func testWrongLengthIsAnIncorrectLengthCheckAtTheMemberEnd() throws {
        let data = S.elfLikeCSV(rows: 300)
        for byte in 0..<4 {
            var gz = GzipEncoder.compress(data)
            gz[gz.count - 4 + byte] ^= 0x01
            try expectCorrupt(gz, data: data, at: gz.count, member: 1, memberStart: 0, "incorrect length check")
        }
    }

    func testWrongCRCAndLengthReportsTheCRC() throws {
        let data = Array("\"A\"\n\"1\"\n".utf8)
        var gz = GzipEncoder.compress(data)
        gz[gz.count - 5] ^= 0xFF
        gz[gz.count - 1] ^= 0xFF
        try expectCorrupt(gz, data: data, at: gz.count - 4, member: 1, memberStart: 0, "incorrect data check")
    }

    func testWrongCRCInTheSecondMember() throws {
        let a = S.elfLikeCSV(rows: 200), b = S.elfLikeCSV(rows: 50)
        let first = GzipEncoder.compress(a)
        var second = GzipEncoder.compress(b)
        second[second.count - 6] ^= 0x80
        let gz = first + second
        try expectCorrupt(gz, data: a + b, at: gz.count - 4, member: 2, memberStart: first.count, "incorrect data check")
    }

    /// A gzip header with FHCRC: zlib still checks the header CRC (the data check moves only after it).
    func testHeaderCRCIsStillChecked() throws {
        let data = S.elfLikeCSV(rows: 100)
        let plain = GzipEncoder.compress(data)
        var header = Array(plain[0..<10])
        header[3] |= 0x02  // FHCRC
        let headerCRC = header.withUnsafeBytes { zlibCRC(0, $0) }
        let good = header + [UInt8(headerCRC & 0xFF), UInt8(headerCRC >> 8 & 0xFF)] + plain[10...]
        let goodPath = try file(good)
        for bufferSize in [16, 17, 256 * 1024] {
            let r = S.decode(path: goodPath, limits: ReadLimits(bufferSize: bufferSize))
            XCTAssertNil(r.error, "buffer \(bufferSize)")
            XCTAssertEqual(r.bytes, data)
        }
        var bad = good
        bad[10] ^= 0x01
        try expectCorrupt(bad, data: [], at: 12, member: 1, memberStart: 0, "header crc mismatch")
    }
}
