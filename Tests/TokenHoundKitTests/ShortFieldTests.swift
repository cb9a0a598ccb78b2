import XCTest
@testable import TokenHoundKit

/// `ShortField.words` holds a field's bytes in order, zero past its end, for every length 0...16,
/// from a buffer whose bytes beyond the field are all set (so a read past the end would show).
final class ShortFieldTests: XCTestCase {
    func testWordsHoldTheFieldThenZeros() {
        var rng = ReadingTestSupport.SplitMix64(seed: 16)
        for count in 0...16 {
            for _ in 0..<200 {
                let field = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next() | 1) }
                let buffer = field + [UInt8](repeating: 0xFF, count: 16)
                let (first, second) = buffer.withUnsafeBytes { ShortField.words($0.baseAddress!, count) }
                let expected = field + [UInt8](repeating: 0, count: 16 - count)
                var got: [UInt8] = []
                for k in 0..<8 { got.append(UInt8(truncatingIfNeeded: first >> UInt64(8 * k))) }
                for k in 0..<8 { got.append(UInt8(truncatingIfNeeded: second >> UInt64(8 * k))) }
                XCTAssertEqual(got, expected, "count \(count)")
            }
        }
    }
}
