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
}
