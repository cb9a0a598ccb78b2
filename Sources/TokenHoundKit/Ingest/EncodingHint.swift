/// Why a file whose header was not recognised is probably not a usable export: re-saved
/// spreadsheets (UTF-16 "Unicode text", `;` or tab separators) are the usual cause. Looks only at
/// the first bytes of the decoded input.
enum EncodingHint {
    /// Bytes of the decoded input kept for `hint`.
    static let headBytes = 512

    static func hint(_ head: [UInt8]) -> String? {
        if head.count >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)) {
            return "UTF-16 text (a spreadsheet's \"Unicode text\" export?): tokenhound reads the UTF-8 CSV Salesforce produces; re-export as CSV UTF-8 or use the original download"
        }
        // UTF-16 without a BOM: every other byte of ASCII text is zero.
        if head.count >= 16 && head.prefix(16).enumerated().filter({ $0.offset % 2 == 1 && $0.element == 0 }).count >= 7 {
            return "looks like UTF-16 text without a byte order mark: tokenhound reads UTF-8 CSV; re-export as CSV UTF-8 or use the original download"
        }
        var line = head.prefix { $0 != 0x0A && $0 != 0x0D }
        if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
        let commas = line.filter { $0 == UInt8(ascii: ",") }.count
        let semicolons = line.filter { $0 == UInt8(ascii: ";") }.count
        let tabs = line.filter { $0 == 0x09 }.count
        if semicolons >= 3 && semicolons > commas {
            return "fields separated by ';' (re-saved by a spreadsheet set to a ';' locale?): tokenhound reads comma-separated CSV; use the original download"
        }
        if tabs >= 3 && tabs > commas {
            return "fields separated by tabs (a spreadsheet's tab-delimited export?): tokenhound reads comma-separated CSV; use the original download"
        }
        return nil
    }
}
