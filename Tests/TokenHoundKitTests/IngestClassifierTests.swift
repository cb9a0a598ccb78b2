import XCTest
@testable import TokenHoundKit

/// `ActivityClassifier.stepKind` (one pass per field, the hot path) against the rules it implements
/// written one needle at a time, and `ByteMatching.contains` against a plain search.
final class IngestClassifierTests: XCTestCase {
    /// Pieces that make or nearly make every needle, in mixed case, so random joins hit each rule,
    /// its near misses and its overlaps (a recon row that is also a bulk request, ...).
    private static let pieces = [
        "/services/data/v60.0", "/describe", "/DeScRiBe", "/desc", "/sobjects", "/SObjects/", "/limits", "/limits//",
        "/jobs/query", "/JOBS/QUERY", "/jobs/quer", "/results", "/", "select count()", "SELECT COUNT()", " select count()",
        "from organization", "FROM Organization", "from organizatio", "from user", "FROM USER", "from use", "limit", "LIMIT",
        "like", "LIKE", "lik", "find", " FIND", "akia", "password", "secret", "Token", "snowflake", "private key", "private",
        "f", "F", "l", "L", "fr", "x", "Account", " ", "'%", "\u{e9}", "\u{0}",
    ]

    private func randomText(_ rng: inout ReadingTestSupport.SplitMix64) -> String {
        (0..<Int(rng.next() % 7)).map { _ in Self.pieces[Int(rng.next() % UInt64(Self.pieces.count))] }.joined()
    }

    /// The rules `stepKind` documents, one needle at a time: the reference it is held to.
    private func ruleByRule(kind: LogKind, method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer,
                            query: UnsafeRawBufferPointer) -> ChainStep.Kind? {
        if resource.count > 0 && (ByteMatching.hasSuffix(resource, "/sobjects") || ByteMatching.contains(resource, "/describe")
                                  || ByteMatching.hasSuffix(resource, "/limits")) { return .recon }
        if query.count > 0 && (ByteMatching.hasPrefix(query, "select count()") || ByteMatching.contains(query, "from organization")
                               || (ByteMatching.contains(query, "from user") && ByteMatching.contains(query, "limit"))) { return .recon }
        if query.count > 0 && (ByteMatching.contains(query, "like") || ByteMatching.hasPrefix(query, "find"))
            && ActivityClassifier.mentionsSecret(query) { return .secretSearch }
        if resource.count > 0 && (ByteMatching.contains(resource, "/jobs/query") || kind == .bulkApiRequest)
            && (ByteMatching.hasPrefix(method, "post") || ByteMatching.hasSuffix(resource, "/results")) { return .bulkExport }
        return nil
    }

    func testStepKindAgreesWithTheRulesOnRandomRows() {
        var rng = ReadingTestSupport.SplitMix64(seed: 2026)
        let kinds: [LogKind] = [.restApi, .apiTotalUsage, .bulkApiRequest, .uri]
        let methods = ["", "GET", "POST", "post", " Post", "PUT"]
        var seen: [ChainStep.Kind?: Int] = [:]
        for _ in 0..<40_000 {
            let kind = kinds[Int(rng.next() % UInt64(kinds.count))]
            let method = Array(methods[Int(rng.next() % UInt64(methods.count))].utf8)
            let resource = Array(randomText(&rng).utf8), query = Array(randomText(&rng).utf8)
            method.withUnsafeBytes { m in resource.withUnsafeBytes { r in query.withUnsafeBytes { q in
                let expected = ruleByRule(kind: kind, method: m, resource: r, query: q)
                let got = ActivityClassifier.stepKind(kind: kind, method: m, resource: r, query: q)
                XCTAssertEqual(got, expected, "\(kind) \(String(decoding: m, as: UTF8.self)) resource=\(String(decoding: r, as: UTF8.self)) query=\(String(decoding: q, as: UTF8.self))")
                seen[expected, default: 0] += 1
            } } }
        }
        // The inputs reach every outcome, so agreement is not only on "no step".
        for kind in [nil, .recon, .secretSearch, .bulkExport] as [ChainStep.Kind?] {
            XCTAssertGreaterThan(seen[kind] ?? 0, 100, "outcome \(String(describing: kind)) too rare to compare")
        }
    }

    func testContainsAgreesWithAPlainSearch() {
        var rng = ReadingTestSupport.SplitMix64(seed: 7)
        let needles: [StaticString] = ["from user", "/describe", "like", "l", "private key"]
        for _ in 0..<20_000 {
            let text = Array(randomText(&rng).utf8)
            let lowered = text.map { $0 >= 65 && $0 <= 90 ? $0 | 0x20 : $0 }
            for needle in needles {
                let n = Array(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
                let plain = lowered.count >= n.count && (0...(lowered.count - n.count)).contains { Array(lowered[$0..<($0 + n.count)]) == n }
                text.withUnsafeBytes { XCTAssertEqual(ByteMatching.contains($0, needle), plain, "\(needle) in \(String(decoding: text, as: UTF8.self))") }
            }
        }
    }
}
