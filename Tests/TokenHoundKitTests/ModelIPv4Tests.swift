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
}
