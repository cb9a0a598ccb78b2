import XCTest
@testable import TokenHoundKit

/// `PackedSteps`, the merged store's form of steps: unpacking gives back exactly the steps packed
/// (byte for byte, whatever their request ids and details hold), and a Salesforce step is small.
final class PackedStepsTests: XCTestCase {
    /// Request ids of every shape: empty, short, Salesforce's 22 base64url characters, base64url
    /// past what `InlineToken` holds inline, and ids with bytes outside the alphabet (kept as bytes).
    static let requestIDs = ["", "R1", "4bGNB99zdnZkqMl3Fpw9s-", "_-09azAZ", "TID:20723000000e7e9fdb",
                             String(repeating: "4bGNB99zdnZkqMl3Fpw9s-", count: 3), String(repeating: "x.", count: 150),
                             "r\u{0}1", "café", "cafe\u{301}", "4bGNB99zdnZkqMl3Fpw9s="]
    /// Details, two of them canonically equivalent but not byte-identical (pooled apart).
    static let details = ["", "GET /services/data/v60.0/sobjects", "SELECT Id FROM Case WHERE Subject = 'café'",
                          "SELECT Id FROM Case WHERE Subject = 'cafe\u{301}'", String(repeating: "SELECT Name FROM Account ", count: 40)]
    static let kinds: [ChainStep.Kind] = [.grant, .recon, .query, .bulkExport, .bulkDelete, .secretSearch, .other]

    /// Unsorted steps with times and locations far apart, both directions.
    static func steps() -> [ActivityStep] {
        let times: [Int64] = [1_754_000_000_000, 0, -86_400_000, .max, .min, 1_754_000_000_123, 1_754_000_000_000]
        let places: [(UInt32, UInt32)] = [(3, 71_939), (0, 0), (.max, .max), (871, 2), (3, 71_940), (0, .max)]
        return (0..<40).map { i in
            ActivityStep(time: EventTime(millis: times[i % times.count]), kind: kinds[i % kinds.count], detail: details[i % details.count],
                         requestID: requestIDs[i % requestIDs.count],
                         location: RowLocation(file: places[i % places.count].0, line: places[i % places.count].1))
        }
    }

    /// What `==` cannot tell apart: `String` equality is canonical equivalence.
    static func bytes(_ steps: [ActivityStep]) -> [[UInt8]] {
        steps.map { Array($0.requestID.utf8) + [0xFF] + Array($0.detail.utf8) }
    }

    func testUnpackingGivesBackTheStepsPackedByteForByte() {
        var texts = ValuePool<ExactText>()
        let steps = Self.steps()
        let packed = PackedSteps(steps, texts: &texts)
        XCTAssertEqual(packed.count, steps.count)
        let back = packed.unpacked(texts: texts)
        XCTAssertEqual(back, steps)
        XCTAssertEqual(Self.bytes(back), Self.bytes(steps))
        XCTAssertEqual(back.map(\.kind), steps.map(\.kind))
        XCTAssertEqual(texts.count, Self.details.count, "details pooled byte for byte, each once")
        // One step at a time, in a pool already holding others.
        for s in steps {
            let one = PackedSteps([s], texts: &texts).unpacked(texts: texts)
            XCTAssertEqual(one, [s])
            XCTAssertEqual(Self.bytes(one), Self.bytes([s]))
        }
        XCTAssertTrue(PackedSteps([], texts: &texts).isEmpty)
        XCTAssertEqual(PackedSteps([], texts: &texts).unpacked(texts: texts), [])
    }

    /// Base64url request ids are packed four characters to three bytes, the one to three left
    /// over in a byte each: every length, every alphabet character in every position, back as packed.
    func testEveryPackedRequestIDLengthUnpacksAsPacked() {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        var texts = ValuePool<ExactText>()
        for length in 0...70 {
            for offset in stride(from: 0, to: alphabet.count, by: 7) {
                let id = String((0..<length).map { alphabet[($0 * 5 + offset) % alphabet.count] })
                let step = ActivityStep(time: EventTime(millis: Int64(length)), kind: .recon, detail: "d", requestID: id,
                                        location: RowLocation(file: 0, line: UInt32(length)))
                let packed = PackedSteps([step, step], texts: &texts)
                XCTAssertEqual(packed.unpacked(texts: texts).map(\.requestID), [id, id])
                XCTAssertTrue(packed.contains(anyOf: [.recon]))
            }
        }
    }

    /// `contains(anyOf:)` skips over every step's fields unread: it must land on each header, for
    /// every request-id shape (packed six bits a character or kept as bytes) and detail.
    func testContainsAnyOfReadsEveryStepsKindWithoutUnpacking() {
        var texts = ValuePool<ExactText>()
        let all = Self.steps()
        for end in 0...all.count {
            let steps = Array(all[..<end])
            let packed = PackedSteps(steps, texts: &texts)
            for kind in Self.kinds {
                XCTAssertEqual(packed.contains(anyOf: [kind]), steps.contains { $0.kind == kind }, "\(kind) in the first \(end)")
                let pair = [kind, Self.kinds[(Self.kinds.firstIndex(of: kind)! + 3) % Self.kinds.count]]
                XCTAssertEqual(packed.contains(anyOf: pair), steps.contains { pair.contains($0.kind) })
            }
            XCTAssertFalse(packed.contains(anyOf: []))
        }
        // Only the last step of a long list is of the kind asked for.
        let tail = all.filter { $0.kind != .secretSearch } + [all.first { $0.kind == .secretSearch }!]
        XCTAssertTrue(PackedSteps(tail, texts: &texts).contains(anyOf: [.secretSearch]))
    }

    /// The selections the rules make (by kind, by time window, both) and some arbitrary ones:
    /// `unpacked(texts:where:)` skips unselected steps packed and must land on each next header.
    static let selections: [(String, @Sendable (ChainStep.Kind, EventTime) -> Bool)] = [
        ("none", { _, _ in false }), ("all", { _, _ in true }),
        ("recon or secrets", { k, _ in k == .recon || k == .secretSearch }),
        ("secrets", { k, _ in k == .secretSearch }),
        ("window", { _, t in t.millis >= 1_753_999_999_000 && t.millis <= 1_754_000_000_123 }),
        ("window and kind", { k, t in t.millis > 0 && k != .query }),
        ("negative times", { _, t in t.millis < 0 }),
    ]

    func testSelectedStepsAreWhatFilteringTheUnpackedStepsGives() {
        var texts = ValuePool<ExactText>()
        let all = Self.steps()
        for end in 0...all.count {
            let steps = Array(all[..<end])
            let packed = PackedSteps(steps, texts: &texts)
            for (name, keep) in Self.selections {
                let expected = steps.filter { keep($0.kind, $0.time) }
                let got = packed.unpacked(texts: texts, where: keep)
                XCTAssertEqual(got, expected, "\(name) of the first \(end)")
                XCTAssertEqual(Self.bytes(got), Self.bytes(expected), "\(name) of the first \(end)")
                XCTAssertEqual(packed.contains(where: keep), !expected.isEmpty, "\(name) of the first \(end)")
            }
        }
    }

    /// Both forms of an activity table (per-file and merged) answer a selection alike, as the
    /// full read filtered.
    func testActivityTableSelectsStepsInEitherForm() {
        let all = Self.steps()
        var perFile = SessionTable()
        for k in 0..<6 {
            var a = SessionActivity(time: EventTime(millis: 0))
            a.steps = Array(all[(k * 7)..<min(all.count, k * 7 + 9)])
            perFile.activity[UInt64(k)] = a
        }
        var merged = SessionTable()
        merged.merge(perFile)
        for table in [perFile, merged] {
            for k in UInt64(0)..<7 {
                for (name, keep) in Self.selections {
                    let full = table[k]
                    let got = table.evidence(of: k, keepingSteps: keep)
                    XCTAssertEqual(got?.steps, full.map { $0.steps.filter { keep($0.kind, $0.time) } }, "\(name) of session \(k)")
                    XCTAssertEqual(got?.appID, full?.appID)
                    XCTAssertEqual(got?.user, full?.user)
                    XCTAssertEqual(table.containsStep(of: k, where: keep), !(got?.steps.isEmpty ?? true), "\(name) of session \(k)")
                }
            }
        }
    }

    func testARequestIDKeepsItsInlineForm() {
        var texts = ValuePool<ExactText>()
        let steps = Self.steps()
        let back = PackedSteps(steps, texts: &texts).unpacked(texts: texts)
        for (a, b) in zip(back, steps) {
            switch (a.requestIDToken.storage, b.requestIDToken.storage) {
            case (.inline, .inline), (.text, .text): break
            default: XCTFail("\(b.requestID) changed form")
            }
        }
    }

    func testASalesforceStepPacksSmall() {
        var texts = ValuePool<ExactText>()
        let steps = (0..<24).map { i in
            ActivityStep(time: EventTime(millis: 1_754_000_000_000 + Int64(i) * 45_000), kind: .recon,
                         detail: "GET /services/data/v60.0/sobjects", requestID: "4bGNB99zdnZkqMl3Fpw\(i % 10)s-",
                         location: RowLocation(file: 17, line: 40_000 + UInt32(i) * 700))
        }
        let packed = PackedSteps(steps, texts: &texts)
        XCTAssertEqual(packed.unpacked(texts: texts), steps)
        // Header, time (3 bytes for 45 s), file and line (2 bytes) differences, detail number, id
        // length, 17 bytes of id: 26 bytes a step, a few more for the first step and the count.
        XCTAssertLessThanOrEqual(packed.bytes.count, 24 * 26 + 8)
    }
}
