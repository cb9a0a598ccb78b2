import XCTest
@testable import TokenHoundKit

/// `StepDetailTexts` hands out exactly `ActivityClassifier.detail`'s text, shared, whatever order
/// the rows come in; its shortcut (`isDetail`) never accepts a text `detail` would not build.
final class StepDetailTextsTests: XCTestCase {
    private typealias Row = (method: [UInt8], resource: [UInt8], query: [UInt8])

    private static let rows: [Row] = [
        (Array("GET".utf8), Array("/services/data/v60.0/sobjects".utf8), []),
        ([], Array("/services/data/v60.0/sobjects".utf8), []),
        (Array("POST".utf8), Array("/services/data/v60.0/jobs/query".utf8), []),
        (Array("GET".utf8), [], Array("SELECT Id FROM Organization".utf8)),
        (Array("GET".utf8), Array("/q".utf8), Array("SELECT Id FROM Organization".utf8)),   // same text, other resource
        ([], [], Array("select count() from User".utf8)),
        (Array("GET".utf8), [], Array("SELECT Name FROM Account WHERE Name LIKE '%caf\u{e9}%'".utf8)),
        (Array("GET".utf8), [], [0x53, 0x45, 0xFF, 0x4C]),                                  // invalid UTF-8: repaired
        (Array("G\u{e9}T".utf8), [0x2F, 0xC3], []),                                          // a character cut in two
        (Array("GET".utf8), [], Array(String(repeating: "x", count: 512).utf8)),             // not cut
        (Array("GET".utf8), [], Array(String(repeating: "y", count: 513).utf8)),             // cut to 512 + "…"
        (Array("GET".utf8), [], Array((String(repeating: "\u{e9}", count: 300)).utf8)),      // 600 bytes, 300 characters
        (Array("GET".utf8), Array("/x".utf8), []),
        ([], [], Array("GET /x".utf8)),                                                      // the same text as the row above
    ]

    private func detail(_ r: Row) -> String {
        r.method.withUnsafeBytes { m in r.resource.withUnsafeBytes { res in r.query.withUnsafeBytes { q in
            ActivityClassifier.detail(method: m, resource: res, query: q)
        } } }
    }

    private func text(_ texts: inout StepDetailTexts, _ r: Row) -> String {
        r.method.withUnsafeBytes { m in r.resource.withUnsafeBytes { res in r.query.withUnsafeBytes { q in
            texts.text(method: m, resource: res, query: q)
        } } }
    }

    private func isDetail(_ text: String, _ r: Row) -> Bool {
        r.method.withUnsafeBytes { m in r.resource.withUnsafeBytes { res in r.query.withUnsafeBytes { q in
            StepDetailTexts.isDetail(text, method: m, resource: res, query: q)
        } } }
    }

    func testTextsAreDetailsInAnyOrder() {
        var rng = ReadingTestSupport.SplitMix64(seed: 7)
        var texts = StepDetailTexts()
        for round in 0..<2_000 {
            // First each row in turn (every entry new), then rows alternating at random.
            let r = Self.rows[round < Self.rows.count ? round : Int(rng.next() % UInt64(Self.rows.count))]
            XCTAssertTrue(ExactText.same(text(&texts, r), detail(r)), "row \(r)")
        }
        XCTAssertEqual(texts.count, Set(Self.rows.map { ExactText(detail($0)) }).count)
    }

    func testEqualTextsShareOneCopy() {
        var texts = StepDetailTexts()
        let a = text(&texts, Self.rows[3]), b = text(&texts, Self.rows[4]), c = text(&texts, Self.rows[3])
        XCTAssertEqual(a.utf8.withContiguousStorageIfAvailable { $0.baseAddress }, b.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
        XCTAssertEqual(a.utf8.withContiguousStorageIfAvailable { $0.baseAddress }, c.utf8.withContiguousStorageIfAvailable { $0.baseAddress })
    }

    /// The shortcut against the definition: for every text and every row, accepting means equal.
    func testShortcutAcceptsOnlyTheDetail() {
        let candidates = Self.rows.map(detail) + Self.rows.map { String(decoding: $0.query, as: UTF8.self) }
            + Self.rows.map { String(decoding: $0.method + [0x20] + $0.resource, as: UTF8.self) }
        var accepted = 0
        for r in Self.rows {
            for t in candidates where isDetail(t, r) {
                accepted += 1
                XCTAssertTrue(ExactText.same(t, detail(r)), "accepted \(t) for \(r)")
            }
        }
        XCTAssertGreaterThan(accepted, 0)
        for i in [0, 1, 2, 3, 5, 6, 9, 12, 13] {   // the shortcut does apply to ordinary rows
            XCTAssertTrue(isDetail(detail(Self.rows[i]), Self.rows[i]), "row \(i)")
        }
        let long = Self.rows[10]
        XCTAssertFalse(isDetail(String(decoding: long.query, as: UTF8.self), long))   // over 512 bytes: detail cuts it
        let invalid = Self.rows[7]
        XCTAssertFalse(isDetail(detail(invalid), invalid))                                // repaired: not the row's bytes
    }
}
