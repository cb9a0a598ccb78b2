import Foundation
import XCTest
@testable import TokenHoundKit

final class ReadingCSVTests: XCTestCase {
    typealias S = ReadingTestSupport
    typealias R = ReadingRec

    /// Asserts the records of `input`, read whole and one byte at a time.
    private func check(_ input: String, _ expected: [R], issues: [CSVIssue.Kind] = [],
                       limits: CSVLimits = .default, file: StaticString = #filePath, line: UInt = #line)
    {
        check(Array(input.utf8), expected, issues: issues, limits: limits, file: file, line: line)
    }

    private func check(_ input: [UInt8], _ expected: [R], issues: [CSVIssue.Kind] = [],
                       limits: CSVLimits = .default, file: StaticString = #filePath, line: UInt = #line)
    {
        let whole = S.parse(input, limits: limits)
        XCTAssertEqual(whole.records, expected, "whole", file: file, line: line)
        XCTAssertEqual(whole.issues.map(\.kind), issues, "issues: \(whole.issues)", file: file, line: line)
        let bytewise = S.parse(input, chunkSizes: [1], limits: limits)
        XCTAssertEqual(bytewise, expected, "byte by byte", file: file, line: line)
    }

    func testSimpleQuotedRecords() {
        check("\"EVENT_TYPE\",\"TIMESTAMP\"\n\"Login\",\"20211102121044.225\"\n",
              [R(1, ["EVENT_TYPE", "TIMESTAMP"]), R(2, ["Login", "20211102121044.225"])])
    }

    func testQuotedFieldsWithCommas() {
        check("\"a,b\",\"c\",\",\"\n", [R(1, ["a,b", "c", ","])])
    }

    func testDoubledQuotes() {
        check("\"\"\"x\"\"\",\"y\"\"\",\"\"\"\"\n", [R(1, ["\"x\"", "y\"", "\""])])
        check("\"say \"\"hi\"\" now\"\n", [R(1, ["say \"hi\" now"])])
    }

    func testEmptyQuotedFields() {
        check("\"\",\"\"\n\"\"\n", [R(1, ["", ""]), R(2, [""])])
    }

    func testEmbeddedLFInsideQuotes() {
        check("\"a\nb\",\"c\"\n\"d\",\"e\"\n", [R(1, ["a\nb", "c"]), R(3, ["d", "e"])])
        check("\"x\n\n\ny\"\nz\n", [R(1, ["x\n\n\ny"]), R(5, ["z"])])
    }

    func testEmbeddedCRLFAndCRInsideQuotes() {
        check("\"a\r\nb\",c\r\nd,e\r\n", [R(1, ["a\r\nb", "c"]), R(3, ["d", "e"])])
        check("\"a\rb\",c\rd\r", [R(1, ["a\rb", "c"]), R(3, ["d"])])
        check("\"\r\n\r\n\"\nx\n", [R(1, ["\r\n\r\n"]), R(4, ["x"])])
    }

    func testLineEndings() {
        check("a,b\nc,d\n", [R(1, ["a", "b"]), R(2, ["c", "d"])])
        check("a,b\r\nc,d\r\n", [R(1, ["a", "b"]), R(2, ["c", "d"])])
        check("a,b\rc,d\r", [R(1, ["a", "b"]), R(2, ["c", "d"])])
        check("\"a\",\"b\"\r\"c\"\r\n\"d\"\n", [R(1, ["a", "b"]), R(2, ["c"]), R(3, ["d"])])
        check("a\r\n\rb\n", [R(1, ["a"]), R(3, ["b"])])
    }

    func testBOM() {
        check([0xEF, 0xBB, 0xBF] + Array("\"A\",\"B\"\n1,2\n".utf8), [R(1, ["A", "B"]), R(2, ["1", "2"])])
        check([0xEF, 0xBB, 0xBF], [])
        check([0xEF, 0xBB, 0xBF, 0x0A, 0x61], [R(2, ["a"])])
    }

    func testBOMOnlyAtTheVeryStart() {
        let input: [UInt8] = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        check(input, [R(1, ["a"]), R(line: 2, fields: [[0xEF, 0xBB, 0xBF, 0x62]])])
    }

    func testPartialBOMIsData() {
        check([0xEF, 0xBB, 0x78, 0x0A], [R(line: 1, fields: [[0xEF, 0xBB, 0x78]])])
        check([0xEF, 0xBB], [R(line: 1, fields: [[0xEF, 0xBB]])])
        check([0xEF, 0x2C, 0x0A], [R(line: 1, fields: [[0xEF], []])])
    }

    func testMissingFinalNewline() {
        check("a,b\nc,d", [R(1, ["a", "b"]), R(2, ["c", "d"])])
        check("\"a\",\"b\"", [R(1, ["a", "b"])])
        check("x", [R(1, ["x"])])
        check("a,", [R(1, ["a", ""])])
        check("\"a\"\"\"", [R(1, ["a\""])])
    }

    func testEmptyInputAndEmptyLines() {
        check("", [])
        check("\n\n\r\n\r", [])
        check("\n\na,b\n\r\n\rc\n\n", [R(3, ["a", "b"]), R(6, ["c"])])
    }

    func testUnquotedFields() {
        check("abc,def ghi,\n,\n", [R(1, ["abc", "def ghi", ""]), R(2, ["", ""])])
        check(" a , b \n", [R(1, [" a ", " b "])])
    }

    func testQuoteInsideUnquotedFieldIsLiteral() {
        check("ab\"c,d\"e\"\n", [R(1, ["ab\"c", "d\"e\""])])
        check("5\" disk,x\n", [R(1, ["5\" disk", "x"])])
    }

    func testInvalidUTF8CarriedAsBytes() {
        let input: [UInt8] = [0xFF, 0xFE, 0x2C, 0x22, 0xC3, 0x22, 0x0A, 0x80, 0x0A]
        check(input, [R(line: 1, fields: [[0xFF, 0xFE], [0xC3]]), R(line: 2, fields: [[0x80]])])
        let r = S.parse(input)
        XCTAssertEqual(r.records.count, 2)
    }

    func testNULBytes() {
        check([0x61, 0x00, 0x62, 0x2C, 0x22, 0x00, 0x22, 0x0A], [R(line: 1, fields: [[0x61, 0x00, 0x62], [0x00]])])
    }

    func testUnterminatedQuoteAtEOF() {
        let input = "a,b\n\"c,d\ne"
        check(input, [R(1, ["a", "b"])], issues: [.unterminatedQuote])
        let r = S.parse(input)
        XCTAssertEqual(r.issues.first?.line, 2)
        XCTAssertTrue(r.issues.first?.message.hasPrefix("CSV ends inside a quoted field that started on line 2") ?? false,
                      r.issues.first?.message ?? "")
        XCTAssertEqual(r.reader.recordsSkipped, 1)
    }

    func testUnterminatedQuoteLaterInRecord() {
        let r = S.parse("x\n1,\"2\n3\n")
        XCTAssertEqual(r.records, [R(1, ["x"])])
        XCTAssertEqual(r.issues.map(\.kind), [.unterminatedQuote])
        XCTAssertEqual(r.issues.first?.line, 2)
        XCTAssertTrue(r.issues.first!.message.contains("started on line 2"))
    }

    func testTextAfterClosingQuote() {
        check("\"ab\"c,d\n\"x\" ,y\n", [R(1, ["abc", "d"]), R(2, ["x ", "y"])],
              issues: [.textAfterClosingQuote, .textAfterClosingQuote])
        check("\"a\"b\"c\"\n", [R(1, ["ab\"c\""])], issues: [.textAfterClosingQuote])
    }

    func testFieldTooLongSkipsRecord() {
        let limits = CSVLimits(maxFieldBytes: 4)
        check("abcde,x\nok,1\n\"abcd\",\"abcde\"\n\"ab\nc\",z\n", [R(2, ["ok", "1"]), R(4, ["ab\nc", "z"])],
              issues: [.fieldTooLong, .fieldTooLong], limits: limits)
        let r = S.parse("abcde,x\nok,1\n", limits: limits)
        XCTAssertEqual(r.issues.first?.line, 1)
        XCTAssertEqual(r.reader.recordsSkipped, 1)
        XCTAssertEqual(r.reader.recordsEmitted, 1)
        // Exactly at the limit is fine, also with doubled quotes (counted unescaped).
        check("\"abcd\",\"a\"\"\"\"b\"\n", [R(1, ["abcd", "a\"\"b"])], limits: limits)
    }

    func testRecordTooLongSkipsRecord() {
        let limits = CSVLimits(maxRecordBytes: 6)
        check("\"abc\",\"def\",\"g\"\n1,2\n\"abc\",\"def\"\n", [R(2, ["1", "2"]), R(3, ["abc", "def"])],
              issues: [.recordTooLong], limits: limits)
    }

    func testTooManyFieldsSkipsRecord() {
        let limits = CSVLimits(maxFields: 3)
        check("a,b,c,d\n1,2,3\n\"a\",\"b\",\"c\",\n", [R(2, ["1", "2", "3"])],
              issues: [.tooManyFields, .tooManyFields], limits: limits)
    }

    func testIssuesAreCapped() {
        let limits = CSVLimits(maxFields: 1, maxStoredIssues: 2)
        let r = S.parse("a,b\nc,d\ne,f\ng\nh,i\n", limits: limits)
        XCTAssertEqual(r.records, [R(4, ["g"])])
        XCTAssertEqual(r.issues.count, 2)
        XCTAssertEqual(r.reader.issueCount, 4)
        XCTAssertEqual(r.reader.issuesNotStored, 2)
        XCTAssertEqual(r.issues.map(\.line), [1, 2])
    }

    func testHugeFieldDoesNotBufferEverything() {
        // A 3 MiB field is skipped (default 1 MiB limit) and reading continues.
        var input = Array("\"".utf8) + [UInt8](repeating: 0x61, count: 3 << 20) + Array("\",x\nnext,1\n".utf8)
        let r = S.parse(input, cuts: [100, 1 << 20, 2 << 20])
        XCTAssertEqual(r.records, [R(2, ["next", "1"])])
        XCTAssertEqual(r.issues.map(\.kind), [.fieldTooLong])
        input.removeAll()
    }

    func testRecordViewStringAccess() {
        let reader = CSVRecordReader()
        var strings: [[String]] = []
        Array("\"Login\",\"caf\u{e9}\"\n".utf8).withUnsafeBytes { raw in
            reader.readAll(raw) { rec in strings.append((0..<rec.count).map { rec.string(at: $0) }) }
        }
        XCTAssertEqual(strings, [["Login", "caf\u{e9}"]])
    }

    func testReaderCanBeReusedAfterFinish() {
        let reader = CSVRecordReader()
        var got: [R] = []
        for text in ["a\nb", "c\n\"d"] {
            Array(text.utf8).withUnsafeBytes { raw in reader.readAll(raw) { got.append(R($0)) } }
        }
        XCTAssertEqual(got, [R(1, ["a"]), R(2, ["b"]), R(1, ["c"])])
        XCTAssertEqual(reader.issues.map(\.kind), [.unterminatedQuote])
    }

    func testCallbackErrorsPropagate() {
        struct Stop: Error {}
        let reader = CSVRecordReader()
        var seen = 0
        XCTAssertThrowsError(try Array("a\nb\nc\n".utf8).withUnsafeBytes { raw in
            try reader.feed(raw) { _ in seen += 1; if seen == 2 { throw Stop() } }
        })
        XCTAssertEqual(seen, 2)
    }
}
