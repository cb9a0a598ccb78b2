import XCTest
@testable import TokenHoundKit

/// The one-pass IPv6 parser against the two-pass parser it replaced (kept below as the reference:
/// groups into a stack buffer, segment by segment, then the groups after `::` moved to the end),
/// on random near-addresses: `::`, embedded IPv4, zone ids, too many groups, bad hex, upper case,
/// leading zeros, empty.
final class ModelIPv6Tests: XCTestCase {
    func testParseAgreesWithReferenceParser() {
        var rng = ReadingTestSupport.SplitMix64(seed: 6)
        let alphabet = Array("0123456789abcdefABCDEF::::::...%gG z".utf8)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        var valid = 0, withGap = 0, withV4 = 0
        for round in 0..<300_000 {
            var bytes: [UInt8]
            if round % 3 != 2 {   // groups of 0-5 hex digits, some "::", an IPv4 tail, a zone, a byte changed
                var groups: [String] = (0..<Int(rng.next() % 10)).map { _ in
                    String((0..<Int(rng.next() % 6)).map { _ in Character(UnicodeScalar(pick(Array("0123456789abcdefABCDEF0000".utf8)))) })
                }
                if rng.next() % 4 == 0 { groups.append("\(rng.next() % 300).\(rng.next() % 256).\(rng.next() % 256).\(rng.next() % 256)") }
                var text = groups.joined(separator: ":")
                if rng.next() % 2 == 0, !groups.isEmpty {
                    let at = Int(rng.next() % UInt64(groups.count + 1))
                    text = groups[..<at].joined(separator: ":") + "::" + groups[at...].joined(separator: ":")
                }
                if rng.next() % 10 == 0 { text += "%eth0" }
                bytes = Array(text.utf8)
                if rng.next() % 5 == 0, !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] = pick(alphabet) }
            } else {
                bytes = (0..<Int(rng.next() % 20)).map { _ in pick(alphabet) }
            }
            let expected = bytes.withUnsafeBytes { ReferenceIPv6.parse($0) }
            let got = bytes.withUnsafeBytes { IPAddress.parseV6($0) }
            XCTAssertEqual(got, expected, String(decoding: bytes, as: UTF8.self))
            if let e = expected {
                valid += 1
                if bytes.contains(UInt8(ascii: ".")) { withV4 += 1 }
                if String(decoding: bytes, as: UTF8.self).contains("::") { withGap += 1 }
                // Through the public entry point too (it tries IPv4 first, then IPv6).
                XCTAssertEqual(IPAddress(String(decoding: bytes, as: UTF8.self)), e)
            }
        }
        XCTAssertGreaterThan(valid, 10_000, "enough valid addresses among the random ones")
        XCTAssertGreaterThan(withGap, 3_000)
        XCTAssertGreaterThan(withV4, 500)
    }

    func testEdgeCases() {
        let cases = ["", ":", "::", ":::", "::1", "1::", "1:::2", "::ffff:1.2.3.4", "::ffff:01.2.3.4", "1.2.3.4::",
                     "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:8::", "::1:2:3:4:5:6:7",
                     "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1::2::3", "FE80::1%eth0",
                     "fe80::0001", "fe80::00001", "fe80:", ":fe80::1", "abcd", "1.2.3.4", "::1.2.3", "::1.2.3.4.5",
                     "2001:DB8::A", "1:2:3:4:5:6:7:8:", "g::1", "1::2:3:4:5:6:7", "1:2:3:4::5:6:7", "::0:0:0:0:0:0:0"]
        for text in cases {
            let bytes = Array(text.utf8)
            let expected = bytes.withUnsafeBytes { ReferenceIPv6.parse($0) }
            XCTAssertEqual(bytes.withUnsafeBytes { IPAddress.parseV6($0) }, expected, text)
        }
        XCTAssertEqual(IPAddress("::ffff:1.2.3.4"), IPAddress(v6High: 0, v6Low: 0xffff_0102_0304))
        XCTAssertEqual(IPAddress("2001:db8::a"), IPAddress(v6High: 0x2001_0db8_0000_0000, v6Low: 0xa))
    }
}

/// The IPv6 parser `IPAddress.parseV6` replaced, unchanged, as the reference for its tests.
private enum ReferenceIPv6 {
    static func parse(_ b: UnsafeRawBufferPointer) -> IPAddress? {
        var groups = [UInt16](repeating: 0, count: 8)
        var count = 0, gap = -1, i = 0
        let n = b.count
        if n >= 2 && b[0] == UInt8(ascii: ":") {
            guard b[1] == UInt8(ascii: ":") else { return nil }
            gap = 0; i = 2
            if i == n { return IPAddress(v6High: 0, v6Low: 0) }
        }
        while i < n {
            var j = i, sawDot = false
            while j < n && b[j] != UInt8(ascii: ":") { if b[j] == UInt8(ascii: ".") { sawDot = true }; j += 1 }
            if sawDot {
                guard j == n, count <= 6, let v4 = IPAddress.parseV4(b, from: i, to: j) else { return nil }
                groups[count] = UInt16(v4 >> 16); groups[count + 1] = UInt16(v4 & 0xffff)
                count += 2; i = n; break
            }
            let len = j - i
            guard len >= 1 && len <= 4, count < 8 else { return nil }
            var g: UInt16 = 0
            for k in i..<j {
                guard let h = IPAddress.hexValue(b[k]) else { return nil }
                g = g << 4 | UInt16(h)
            }
            groups[count] = g; count += 1
            i = j
            if i < n {
                i += 1
                if i < n && b[i] == UInt8(ascii: ":") {
                    guard gap < 0 else { return nil }
                    gap = count; i += 1
                } else if i == n { return nil }
            }
        }
        if gap >= 0 {
            guard count < 8 else { return nil }
            let tailCount = count - gap
            var k = tailCount - 1
            while k >= 0 { groups[8 - tailCount + k] = groups[gap + k]; k -= 1 }
            for z in gap..<(8 - tailCount) { groups[z] = 0 }
        } else if count != 8 { return nil }
        var hi: UInt64 = 0, lo: UInt64 = 0
        for k in 0..<4 { hi = hi << 16 | UInt64(groups[k]) }
        for k in 4..<8 { lo = lo << 16 | UInt64(groups[k]) }
        return IPAddress(v6High: hi, v6Low: lo)
    }
}
