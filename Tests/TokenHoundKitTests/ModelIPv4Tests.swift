import XCTest
@testable import TokenHoundKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// IPv4 parsing against the C library's `inet_pton`, whose language (four octets, 0-255, no
/// leading zeros) `IPAddress.parseV4` promises, on random near-addresses.
final class ModelIPv4Tests: XCTestCase {
    private func pton(_ text: String) -> UInt32? {
        var addr = in_addr()
        guard inet_pton(AF_INET, text, &addr) == 1 else { return nil }
        return UInt32(bigEndian: addr.s_addr)
    }

    func testParseV4AgreesWithInetPton() {
        var rng = ReadingTestSupport.SplitMix64(seed: 4)
        let alphabet = Array("0123456789..........".utf8) + Array("0012559:x -".utf8)
        var valid = 0
        for round in 0..<200_000 {
            let bytes: [UInt8]
            if round % 2 == 0 {   // four random octets, some with leading zeros or over 255, some bytes changed
                var text = (0..<4).map { _ in String(rng.next() % 300) }.joined(separator: ".")
                if rng.next() % 4 == 0 { text = "0" + text }
                var b = Array(text.utf8)
                if rng.next() % 3 == 0 { b[Int(rng.next() % UInt64(b.count))] = alphabet[Int(rng.next() % UInt64(alphabet.count))] }
                bytes = b
            } else {
                bytes = (0..<Int(rng.next() % 18)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            }
            let text = String(decoding: bytes, as: UTF8.self)
            let expected = pton(text)
            let got = bytes.withUnsafeBytes { IPAddress.parseV4($0, from: 0, to: $0.count) }
            XCTAssertEqual(got, expected, text)
            if expected != nil { valid += 1 }
        }
        XCTAssertGreaterThan(valid, 20_000, "enough valid addresses among the random ones")
    }

    /// The parser `parseV4` replaced (bounds-tested byte by byte over any length), kept as the
    /// reference for the language: what it accepted or rejected must stay so.
    private func previousParseV4(_ b: UnsafeRawBufferPointer, from: Int, to: Int) -> UInt32? {
        var i = from
        var value: UInt32 = 0
        for octetIndex in 0..<4 {
            if octetIndex > 0 {
                guard i < to, b[i] == UInt8(ascii: ".") else { return nil }
                i += 1
            }
            guard i < to else { return nil }
            let d0 = b[i] &- 48
            guard d0 <= 9 else { return nil }
            var octet = UInt32(d0)
            i += 1
            if i < to, case let d1 = b[i] &- 48, d1 <= 9 {
                guard d0 != 0 else { return nil }
                octet = octet &* 10 &+ UInt32(d1)
                i += 1
                if i < to, case let d2 = b[i] &- 48, d2 <= 9 {
                    octet = octet &* 10 &+ UInt32(d2)
                    i += 1
                    guard octet <= 255 else { return nil }
                }
            }
            value = value << 8 | octet
        }
        return i == to ? value : nil
    }

    /// Near-addresses of every length from 0 to 24 (the parser rejects all but 7...15 unread),
    /// leading zeros, octets over 255 and of four digits, too many and too few dots, a dot first or
    /// last, trailing and leading junk (NUL, space, colon, letters, non-ASCII), read at an offset
    /// inside a larger buffer (as the IPv6 parser reads an embedded tail), against the previous parser.
    func testParseV4AgreesWithThePreviousParser() {
        var rng = ReadingTestSupport.SplitMix64(seed: 44)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        let junk: [UInt8] = Array("0123456789.:x %/".utf8) + [0x00, 0x2F, 0x3A, 0x2D, 0x80, 0xFF]
        let octets = ["0", "00", "01", "007", "9", "10", "99", "100", "199", "249", "250", "255", "256", "299", "300", "999", "1000", "2550", ""]
        var valid = 0
        for round in 0..<300_000 {
            var bytes: [UInt8]
            switch round % 3 {
            case 0:   // one to six octets, some edited
                bytes = Array((0..<(1 + Int(rng.next() % 6))).map { _ in rng.next() % 2 == 0 ? pick(octets) : String(rng.next() % 256) }
                    .joined(separator: ".").utf8)
                if rng.next() % 3 == 0, !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] = pick(junk) }
                if rng.next() % 4 == 0 { bytes.append(pick(junk)) }
                if rng.next() % 8 == 0 { bytes.insert(pick(junk), at: 0) }
            case 1:   // four plain octets: mostly valid
                bytes = Array((0..<4).map { _ in String(rng.next() % 256) }.joined(separator: ".").utf8)
            default:
                bytes = (0..<Int(rng.next() % 25)).map { _ in pick(junk) }
            }
            // The text inside a buffer with junk around it: nothing outside from..<to may be read.
            let before = (0..<Int(rng.next() % 3)).map { _ in pick(junk) }
            let after = (0..<Int(rng.next() % 3)).map { _ in pick(junk) }
            let buffer = before + bytes + after
            let (from, to) = (before.count, before.count + bytes.count)
            let expected = buffer.withUnsafeBytes { previousParseV4($0, from: from, to: to) }
            let got = buffer.withUnsafeBytes { IPAddress.parseV4($0, from: from, to: to) }
            XCTAssertEqual(got, expected, "\(bytes) in \(buffer)")
            let whole = bytes.withUnsafeBytes { IPAddress.parse($0) }
            if let e = expected {
                valid += 1
                XCTAssertEqual(whole, IPAddress(v4: e), "\(bytes)")
            } else {
                XCTAssertNotEqual(whole?.family, IPAddress.Family.v4, "\(bytes)")
            }
        }
        XCTAssertGreaterThan(valid, 100_000, "enough valid addresses among the random ones")
        for text in ["0.0.0.0", "255.255.255.255", "1.2.3.4", "01.2.3.4", "1.2.3.04", "1.2.3.256", "1.2.3.4.", ".1.2.3.4",
                     "1..2.3", "1.2.3", "1.2.3.4.5", "1.2.3.4 ", "1.2.3.4\u{0}", "1234.1.1.1", "1.1.1.1234", "255.255.255.2555"] {
            let bytes = Array(text.utf8)
            XCTAssertEqual(bytes.withUnsafeBytes { IPAddress.parseV4($0, from: 0, to: $0.count) },
                           bytes.withUnsafeBytes { previousParseV4($0, from: 0, to: $0.count) }, text)
        }
        XCTAssertEqual(IPAddress("255.255.255.255"), IPAddress(v4: 0xFFFF_FFFF))
        XCTAssertNil(IPAddress("1.2.3.04"))
    }
}
