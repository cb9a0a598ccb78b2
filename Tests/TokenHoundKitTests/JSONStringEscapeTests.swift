import Foundation
import XCTest
@testable import TokenHoundKit

/// `JSONValue.writeString` copies unescaped runs whole; what it writes must be what escaping
/// scalar by scalar wrote, for any text, and parse back to the text.
final class JSONStringEscapeTests: XCTestCase {
    /// The scalar-by-scalar writer `writeString` replaced: the oracle.
    private func scalarByScalar(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if TerminalSafe.needsEscape(u) {
                    out += "\\u" + JSONValue.hex4(u.value)
                } else if u == "/" && out.hasSuffix("<") {
                    out += "\\/"
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    private func written(_ s: String) -> String {
        var out: [UInt8] = []
        JSONValue.writeString(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    func testKnownEscapes() {
        XCTAssertEqual(written(""), "\"\"")
        XCTAssertEqual(written("plain /services/data/v62.0/query"), "\"plain /services/data/v62.0/query\"")
        XCTAssertEqual(written("a\"b\\c\nd\re\tf\u{08}\u{0C}"), #""a\"b\\c\nd\re\tf\b\f""#)
        XCTAssertEqual(written("</script><"), #""<\/script><""#)
        XCTAssertEqual(written("\u{1b}[2J\u{7f}\u{85}\u{202e}\u{2028}é😀"), #""\u001b[2J\u007f\u0085\u202e\u2028é😀""#)
    }

    func testEqualsScalarByScalarEscapingAndRoundTrips() throws {
        let pieces: [String] = ["a", "Z", "0", " ", "/", "<", "</", "\"", "\\", "\n", "\r\n", "\t", "\u{0}", "\u{1f}", "\u{7f}",
                                "\u{80}", "\u{9f}", "\u{a0}", "é", "e\u{301}", "\u{61c}", "\u{200e}", "\u{200f}", "\u{2028}",
                                "\u{2029}", "\u{202a}", "\u{2066}", "\u{2069}", "日本", "😀", "👩‍👩‍👧", "SELECT Id FROM User"]
        var rng = ReadingTestSupport.SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            var s = ""
            for _ in 0..<Int(rng.next() % 12) { s += pieces[Int(rng.next() % UInt64(pieces.count))] }
            let out = written(s)
            XCTAssertEqual(out, scalarByScalar(s), "for \(s.debugDescription)")
            let back = try JSONSerialization.jsonObject(with: Data(out.utf8), options: .fragmentsAllowed) as? String
            XCTAssertEqual(back, s)
        }
    }
}
