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

    /// The one-pass classifier this one replaced (resource scanned for `b` and `j` together, every
    /// `/jobs/query` found whatever the method), kept as a reference: the classification must not move.
    private func previousStepKind(kind: LogKind, method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer,
                                  query: UnsafeRawBufferPointer) -> ChainStep.Kind? {
        var describe = false, jobsQuery = false
        if resource.count > 0 {
            if ByteMatching.hasSuffix(resource, "s")
                && (ByteMatching.hasSuffix(resource, "/sobjects") || ByteMatching.hasSuffix(resource, "/limits")) { return .recon }
            _ = ByteMatching.someCandidate(resource, UInt8(ascii: "b"), UInt8(ascii: "j")) { i in
                if ByteMatching.lower(resource[i]) == UInt8(ascii: "b") {
                    describe = ByteMatching.matches(resource, at: i - 7, "/describe")
                } else {
                    jobsQuery = jobsQuery || ByteMatching.matches(resource, at: i - 1, "/jobs/query")
                }
                return describe
            }
            if describe { return .recon }
        }
        if query.count > 0 {
            if ByteMatching.hasPrefix(query, "select count()") { return .recon }
            var fromOrganization = false, fromUser = false, like = false
            _ = ByteMatching.someCandidate(query, UInt8(ascii: "f"), UInt8(ascii: "k")) { i in
                if ByteMatching.lower(query[i]) == UInt8(ascii: "f") {
                    fromOrganization = ByteMatching.matches(query, at: i, "from organization")
                    fromUser = fromUser || ByteMatching.matches(query, at: i, "from user")
                } else {
                    like = like || ByteMatching.matches(query, at: i - 2, "like")
                }
                return fromOrganization
            }
            if fromOrganization || (fromUser && ByteMatching.contains(query, "limit")) { return .recon }
            if (like || ByteMatching.hasPrefix(query, "find")) && ActivityClassifier.mentionsSecret(query) { return .secretSearch }
        }
        guard resource.count > 0, jobsQuery || kind == .bulkApiRequest else { return nil }
        return ByteMatching.hasPrefix(method, "post") || ByteMatching.hasSuffix(resource, "/results") ? .bulkExport : nil
    }

    /// Rows of the kinds a scan meets (resources and queries as the benchmark logs carry them) and
    /// adversarial ones: the needles cut at every byte, glued to random bytes that a case fold
    /// confuses with theirs, at every length across the 16-byte blocks the scan reads, with every
    /// method, against the previous classifier and the rules one needle at a time.
    func testStepKindAgreesWithThePreviousClassifier() {
        let real = ["/services/data/v61.0/query", "/v61.0/query", "/services/data/v61.0/ui-api/record-ui/001Hs00002bJkQZIA0",
                    "/services/data/v58.0/sobjects/Task/", "/v60.0/sobjects/Case/500Hs00001bjBQzIAM", "/v55.0/limits/",
                    "/services/data/v62.0/jobs/query", "/services/data/v62.0/jobs/query/7505j00000TdTue",
                    "/services/data/v62.0/jobs/query/7505j00000TdTue/results", "/services/data/v60.0/sobjects/Account/describe",
                    "/services/async/62.0/job/750Hs00000BJkqzIAD/batch", ""]
        let queries = ["", "SELECT Id, Amount, StageName, SystemModstamp FROM Opportunity WHERE SystemModstamp > 2025-08-14T00:00:00Z",
                       "SELECT Id, Subject, ActivityDate FROM Task WHERE OwnerId = :me AND IsClosed = false",
                       "SELECT COUNT() FROM Account", "SELECT Id FROM Organization", "SELECT Id, Name FROM User LIMIT 200",
                       "SELECT Id FROM Contact WHERE Description LIKE '%password%'", "FIND {AKIA*} IN ALL FIELDS",
                       "  find {secret} returning Account", "SELECT Id FROM User WHERE Name LIKE 'a%'"]
        let methods = ["", "GET", "POST", "post", " Post", "\tPOST", "PATCH", "DELETE", "pos", "POSTX"]
        let kinds: [LogKind] = [.restApi, .apiTotalUsage, .bulkApiRequest, .bulkApi2, .uri, .api]
        let needles = ["/describe", "/jobs/query", "/sobjects", "/limits", "/results", "select count()", "from organization",
                       "from user", "limit", "like", "find", "post", "akia", "password", "secret", "token", "snowflake", "private key"]
        let noise: [UInt8] = Array("bBjJfFkKlLsS/ .%'xX0".utf8) + [0x00, 0x09, 0x40, 0x42 ^ 0x20, 0x46 ^ 0x20, 0x4B ^ 0x20, 0x5B, 0x60, 0x7B, 0x80, 0xE2, 0xFF]
        var rng = ReadingTestSupport.SplitMix64(seed: 88)
        func pick<T>(_ a: [T]) -> T { a[Int(rng.next() % UInt64(a.count))] }
        func adversarial() -> [UInt8] {
            var text: [UInt8] = []
            for _ in 0..<Int(rng.next() % 5) {
                text += (0..<Int(rng.next() % 20)).map { _ in pick(noise) }
                var needle = Array(pick(needles).utf8)
                switch rng.next() % 4 {
                case 0: needle = Array(needle[..<Int(rng.next() % UInt64(needle.count + 1))])                   // cut short
                case 1: needle = needle.map { rng.next() % 2 == 0 && $0 >= 97 && $0 <= 122 ? $0 - 32 : $0 }    // mixed case
                case 2: needle[Int(rng.next() % UInt64(needle.count))] = pick(noise)                             // one byte off
                default: break
                }
                text += needle
            }
            return text + (0..<Int(rng.next() % 4)).map { _ in UInt8(ascii: "/") }
        }
        var seen: [ChainStep.Kind?: Int] = [:]
        for round in 0..<120_000 {
            let kind = pick(kinds)
            let method = Array(pick(methods).utf8)
            let resource = round % 3 == 0 ? Array(pick(real).utf8) : adversarial()
            let query = round % 3 == 1 ? Array(pick(queries).utf8) : (rng.next() % 3 == 0 ? [] : adversarial())
            method.withUnsafeBytes { m in resource.withUnsafeBytes { r in query.withUnsafeBytes { q in
                let expected = previousStepKind(kind: kind, method: m, resource: r, query: q)
                let got = ActivityClassifier.stepKind(kind: kind, method: m, resource: r, query: q)
                XCTAssertEqual(got, expected, "\(kind) \(method) resource=\(resource) query=\(query)")
                XCTAssertEqual(ruleByRule(kind: kind, method: m, resource: r, query: q), expected)
                seen[expected, default: 0] += 1
            } } }
        }
        for kind in [nil, .recon, .secretSearch, .bulkExport] as [ChainStep.Kind?] {
            XCTAssertGreaterThan(seen[kind] ?? 0, 500, "outcome \(String(describing: kind)) too rare to compare")
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

    /// `matches`, `hasPrefix` and `hasSuffix` compare eight bytes at a time: held to a byte-by-byte
    /// reference over every needle the classifier uses, on text that makes each needle in mixed case,
    /// its near misses and the bytes a case fold confuses with it (`@`/`` ` ``, `[`/`{`, NUL/space,
    /// 0x08/`(`, non-ASCII), at every offset and with every trailing length.
    func testWordwiseMatchingAgreesWithBytewise() {
        let needles: [StaticString] = ["/describe", "/jobs/query", "/sobjects", "/limits", "/results", "select count()",
                                       "from organization", "from user", "limit", "like", "find", "post", "akia", "password",
                                       "secret", "token", "snowflake", "private key", "s"]
        let confusable: [UInt8] = [0x00, 0x08, 0x09, 0x0F, 0x40, 0x5B, 0x60, 0x7B, 0x7F, 0x80, 0xC0, 0xE9, 0xFF]
        var rng = ReadingTestSupport.SplitMix64(seed: 31)
        func plainMatch(_ text: [UInt8], at i: Int, _ n: [UInt8]) -> Bool {
            guard i >= 0, i + n.count <= text.count else { return false }
            return (0..<n.count).allSatisfy { ByteMatching.lower(text[i + $0]) == n[$0] }
        }
        var matched = 0
        for needle in needles {
            let n = Array(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
            for _ in 0..<3_000 {
                // The needle with each byte kept, case-flipped or (rarely) replaced by a confusable byte.
                var made = n.map { c -> UInt8 in
                    switch rng.next() % 16 {
                    case 0: return confusable[Int(rng.next() % UInt64(confusable.count))]
                    case 1...7: return c >= 97 && c <= 122 ? c - 32 : c
                    default: return c
                    }
                }
                if rng.next() % 4 == 0, !made.isEmpty { made[Int(rng.next() % UInt64(made.count))] ^= 0x20 }
                let before = (0..<Int(rng.next() % 9)).map { _ in UInt8(ascii: " ") }
                let after = (0..<Int(rng.next() % 9)).map { _ in rng.next() % 2 == 0 ? UInt8(ascii: "/") : UInt8(ascii: "x") }
                let text = before + made + after
                text.withUnsafeBytes { t in
                    for i in -1...(text.count + 1) {
                        let expected = plainMatch(text, at: i, n)
                        if expected { matched += 1 }
                        XCTAssertEqual(ByteMatching.matches(t, at: i, needle), expected, "\(needle) at \(i) in \(text)")
                    }
                    let start = text.firstIndex { $0 != 32 && $0 != 9 } ?? text.count
                    XCTAssertEqual(ByteMatching.hasPrefix(t, needle), plainMatch(text, at: start, n), "prefix \(needle) of \(text)")
                    var end = text.count
                    while end > 0 && text[end - 1] == UInt8(ascii: "/") { end -= 1 }
                    XCTAssertEqual(ByteMatching.hasSuffix(t, needle), plainMatch(text, at: end - n.count, n), "suffix \(needle) of \(text)")
                }
            }
        }
        XCTAssertGreaterThan(matched, 10_000, "too few true matches to compare")
    }

    /// `someCandidate` offers exactly the positions holding either byte, each once and in increasing
    /// order, and stops where `body` says so, whatever the length: a short field gathered into one
    /// block, 16-byte blocks from there (several, with every tail), the last bytes read as one block
    /// overlapping the one before.
    func testSomeCandidateOffersEveryPositionOnce() {
        var rng = ReadingTestSupport.SplitMix64(seed: 5)
        let alphabet = Array("bBjJxX/ ".utf8) + [0x00, 0x42 ^ 0x20, 0xE2, 0x82, 0xFF, 0x4A ^ 0x20]
        var stopped = 0
        for _ in 0..<10_000 {
            let text = (0..<Int(rng.next() % 72)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let expected = text.indices.filter { text[$0] | 0x20 == UInt8(ascii: "b") || text[$0] | 0x20 == UInt8(ascii: "j") }
            // Stop at one of the candidates, or never (an index past the last).
            let stop = expected.isEmpty ? 0 : Int(rng.next() % UInt64(expected.count + 1))
            var offered: [Int] = []
            let found = text.withUnsafeBytes { t in
                ByteMatching.someCandidate(t, UInt8(ascii: "b"), UInt8(ascii: "j")) { i in
                    offered.append(i)
                    return offered.count == stop + 1
                }
            }
            XCTAssertEqual(offered, Array(expected.prefix(stop + 1)), "\(text)")
            XCTAssertEqual(found, stop < expected.count, "\(text)")
            if found { stopped += 1 }
        }
        XCTAssertGreaterThan(stopped, 1_000, "too few early stops to compare")
    }
}
