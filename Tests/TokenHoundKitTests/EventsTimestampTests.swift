import XCTest
@testable import TokenHoundKit

final class EventsTimestampTests: XCTestCase {
    func testELFTimestampFractions() {
        XCTAssertEqual(TimestampParser.parse("20211019050707.13"), evTime(2021, 10, 19, 5, 7, 7, 130))
        XCTAssertEqual(TimestampParser.parse("20211102121044.225"), evTime(2021, 11, 2, 12, 10, 44, 225))
        XCTAssertEqual(TimestampParser.parse("20211102121044.2"), evTime(2021, 11, 2, 12, 10, 44, 200))
        XCTAssertEqual(TimestampParser.parse("20220803011210"), evTime(2022, 8, 3, 1, 12, 10))
        XCTAssertEqual(TimestampParser.parse("20220803011210."), evTime(2022, 8, 3, 1, 12, 10))
        XCTAssertEqual(TimestampParser.parse("20220803011210.0071"), evTime(2022, 8, 3, 1, 12, 10, 7))
        XCTAssertEqual(TimestampParser.parse("20240229235959.999"), evTime(2024, 2, 29, 23, 59, 59, 999))
    }

    func testISOAndExportForms() {
        let t = evTime(2015, 7, 27, 11, 32, 59, 555)
        XCTAssertEqual(TimestampParser.parse("2015-07-27T11:32:59.555Z"), t)
        XCTAssertEqual(TimestampParser.parse("2015-07-27T11:32:59Z"), evTime(2015, 7, 27, 11, 32, 59))
        XCTAssertEqual(TimestampParser.parse("2015-07-27T11:32:59"), evTime(2015, 7, 27, 11, 32, 59))
        XCTAssertEqual(TimestampParser.parse("2015-07-27 11:32:59.555Z"), t)
        XCTAssertEqual(TimestampParser.parse("2015-07-27T11:32:59.5Z"), evTime(2015, 7, 27, 11, 32, 59, 500))
        let e = evTime(2025, 7, 29, 0, 14, 19)
        XCTAssertEqual(TimestampParser.parse("2025-07-29T00:14:19.000+0000"), e)
        XCTAssertEqual(TimestampParser.parse("2025-07-29T00:14:19.000+00:00"), e)
        XCTAssertEqual(TimestampParser.parse("2025-07-29T00:14:19.000Z"), e)
        XCTAssertEqual(TimestampParser.parse("2025-07-29T02:14:19.000+0200"), e)
        XCTAssertEqual(TimestampParser.parse("2025-07-28T18:44:19.000-05:30"), e)
        XCTAssertEqual(TimestampParser.parse("2025-07-29T01:14:19+01"), e)
        XCTAssertEqual(TimestampParser.parse("2025-07-29T00:14:19.123456789Z"), evTime(2025, 7, 29, 0, 14, 19, 123))
        // Offsets across midnight and year boundaries.
        XCTAssertEqual(TimestampParser.parse("2025-01-01T01:00:00.000+0200"), evTime(2024, 12, 31, 23))
    }

    func testRejects() {
        for bad in ["", "garbage", "2021", "20211301000000", "20210230000000", "20210101240000", "20210101006000",
                    "20210101000060", "20211019050707.1234567890", "20211019050707x", "2021101905070.7",
                    "2021-02-29T00:00:00Z", "2021-10-19T05:07:07.Z", "2021-10-19T05:07:07+25:00", "2021-10-19X05:07:07Z",
                    "2021-10-19T05:07:07Zjunk", "2021-10-19T05:07:07+0", "2021-13-19T05:07:07Z", "TIMESTAMP",
                    "00001019050707", "2021-10-19T5:07:07Z", " 20211019050707"] {
            XCTAssertNil(TimestampParser.parse(bad), bad)
        }
    }

    func testBytesAndStringAgree() {
        let s = "20231218054831.655"
        let viaBytes = Array(s.utf8).withUnsafeBytes { TimestampParser.parse($0) }
        XCTAssertEqual(viaBytes, TimestampParser.parse(s))
        XCTAssertEqual(viaBytes, TimestampParser.parse("2023-12-18T05:48:31.655Z"))
    }

    /// The memo against the plain parser on runs of values that share an hour, a day or nothing,
    /// valid or broken in any byte (a broken value must not be taken for the remembered hour's).
    /// `mm:ss.SSSZ` (24 bytes) has a direct path in `isoWithinHour`; the same value with `+0000`
    /// goes the general way. Both must agree, damaged bytes included.
    func testMillisecondZuluFormAgreesWithTheGeneralPath() {
        var rng = ReadingTestSupport.SplitMix64(seed: 23)
        var parsed = 0
        for _ in 0..<20_000 {
            var bytes = Array(String(format: "2025-%02d-%02dT%02d:%02d:%02d.%03dZ", 1 + Int(rng.next() % 12), 1 + Int(rng.next() % 28),
                                     Int(rng.next() % 24), Int(rng.next() % 62), Int(rng.next() % 62), Int(rng.next() % 1000)).utf8)
            XCTAssertEqual(bytes.count, 24)
            if rng.next() % 2 == 0 { bytes[13 + Int(rng.next() % 10)] = UInt8(32 + rng.next() % 95) }   // minutes to fraction
            let offsetForm = Array(bytes.dropLast()) + Array("+0000".utf8)
            let direct = bytes.withUnsafeBytes { TimestampParser.parse($0) }
            XCTAssertEqual(direct, offsetForm.withUnsafeBytes { TimestampParser.parse($0) }, String(decoding: bytes, as: UTF8.self))
            if direct != nil { parsed += 1 }
        }
        XCTAssertGreaterThan(parsed, 5_000)
    }

    /// `ss.SSSZ` read as one word (the parser's and the memo's direct path): every byte value at
    /// each of bytes 16-23 of a valid value, against what the format accepts there.
    func testSecondsAndMillisWordAcceptsExactlyTheFormat() {
        let base = Array("2025-08-14T07:41:29.385Z".utf8)
        let start = TimestampParser.parse(String(decoding: base, as: UTF8.self))!.millis - 29_385
        var memo = ISOHourMemo()
        func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
        for position in 16..<24 {
            for value in 0...255 {
                var bytes = base
                bytes[position] = UInt8(value)
                let c = UInt8(value)
                let expected: Int64?
                switch position {
                case 16: expected = c == UInt8(ascii: ":") ? 29_385 : nil
                case 17: expected = isDigit(c) && c <= UInt8(ascii: "5") ? Int64(c - 48) * 10_000 + 9_385 : nil
                case 18: expected = isDigit(c) ? 20_385 + Int64(c - 48) * 1_000 : nil
                case 19: expected = c == UInt8(ascii: ".") || c == UInt8(ascii: ",") ? 29_385 : nil
                case 20: expected = isDigit(c) ? 29_085 + Int64(c - 48) * 100 : nil
                case 21: expected = isDigit(c) ? 29_305 + Int64(c - 48) * 10 : nil
                case 22: expected = isDigit(c) ? 29_380 + Int64(c - 48) : nil
                default: expected = c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") || isDigit(c) ? 29_385 : nil   // a 4th fraction digit is cut
                }
                bytes.withUnsafeBytes { b in
                    let want = expected.map { EventTime(millis: start + $0) }
                    XCTAssertEqual(TimestampParser.parse(b), want, "byte \(position) = \(value)")
                    XCTAssertEqual(memo.parse(b), want, "memo: byte \(position) = \(value)")
                }
            }
        }
    }

    func testHourMemoAgreesWithTheParser() {
        var rng = ReadingTestSupport.SplitMix64(seed: 19)
        var memo = ISOHourMemo()
        let zones = ["Z", "", "+0000", "-05:30", "+01", "z", "+2400", "Q"]
        var text = "2025-07-28T00:03:05.585Z"
        var parsed = 0
        for _ in 0..<50_000 {
            var bytes = Array(text.utf8)
            switch rng.next() % 8 {
            case 0:   // another hour, day or year
                text = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", 1899 + Int(rng.next() % 300), Int(rng.next() % 14),
                              Int(rng.next() % 33), Int(rng.next() % 25), Int(rng.next() % 61), Int(rng.next() % 61))
                    + (rng.next() % 2 == 0 ? ".\(rng.next() % 1000)" : "") + zones[Int(rng.next() % UInt64(zones.count))]
                bytes = Array(text.utf8)
            case 1:   // one byte anywhere replaced
                if !bytes.isEmpty { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(32 + rng.next() % 95) }
            case 2:   // cut short or the ELF form
                bytes = rng.next() % 2 == 0 ? Array(bytes.prefix(Int(rng.next() % 30))) : Array("20250728000305.585".utf8)
            case 3, 4:  // the same minute, other seconds and fraction (the memo's one-word path)
                if bytes.count >= 23 {
                    let rest = String(format: "%02d.%03d", Int(rng.next() % 62), Int(rng.next() % 1000))
                    bytes.replaceSubrange(17..<23, with: Array(rest.utf8))
                }
            default:  // the same hour, other minutes and seconds
                if bytes.count >= 19 {
                    let rest = String(format: "%02d:%02d", Int(rng.next() % 60), Int(rng.next() % 60))
                    bytes.replaceSubrange(14..<19, with: Array(rest.utf8))
                }
            }
            bytes.withUnsafeBytes { b in
                let expected = TimestampParser.parse(b)
                XCTAssertEqual(memo.parse(b), expected, String(decoding: bytes, as: UTF8.self))
                if expected != nil { parsed += 1 }
            }
        }
        XCTAssertGreaterThan(parsed, 20_000, "most values valid, so the memo is used, not only bypassed")
    }
}
