/// Masks session-key / token-like substrings before they reach any output.
///
/// Masked: Salesforce access tokens / session ids (`00D` + org id + `!` + token), AWS access key
/// ids (`AKIA` + 16), and any run of base64/base64url/hex characters (`A-Za-z0-9+_-`; `=`
/// padding stays outside) of 24 or more that mixes letters and digits (refresh tokens, session keys, JWT parts). Salesforce ids (15/18 chars) and
/// ordinary words stay readable. A masked value keeps its first 4 characters and its length:
/// `5Aep…(87)`. `/` and `.` separate runs, so URL paths stay readable and a JWT masks per part.
public enum SecretMasker {
    public static let minimumRun = 24

    /// The shortest run of `isRunChar` characters anything masked lies in: an access token's org
    /// id before its `!` (runs to mask are 24, AWS key ids 20).
    static let shortestMaskedRun = 15

    public static func mask(_ s: String) -> String {
        // Nearly all text (queries, URIs, summaries) has no run that long: returned as it is
        // rather than taken apart and put together again.
        var run = 0
        guard s.utf8.contains(where: { b in
            run = isRunByte(b) ? run + 1 : 0
            return run >= shortestMaskedRun
        }) else { return s }
        return maskBytes(s)
    }

    /// `mask` without the shortcut: every byte looked at. Everything masked is ASCII, and no byte
    /// of a multi-byte character is, so working on UTF-8 bytes masks exactly what working on
    /// scalars would (lengths and the kept first four are counted in ASCII characters either
    /// way), and copies the text between secrets as whole runs of bytes rather than one scalar
    /// at a time (which made masking a finding's chain cost more than finding it).
    static func maskBytes(_ s: String) -> String {
        var text = s
        return text.withUTF8 { b in
            var out: [UInt8] = []
            out.reserveCapacity(b.count)
            var i = 0
            while i < b.count {
                // Salesforce access token: 00D + 12 or 15 alnum + '!' + >= 20 token chars.
                if let end = accessTokenEnd(b, i) {
                    appendMasked(b, i..<end, to: &out)
                    i = end
                    continue
                }
                if isRunByte(b[i]), i == 0 || !isRunByte(b[i - 1]) {
                    var j = i
                    while j < b.count, isRunByte(b[j]) { j += 1 }
                    if shouldMask(b, i..<j) {
                        appendMasked(b, i..<j, to: &out)
                    } else {
                        maskAWSKeys(b, i..<j, into: &out)
                    }
                    i = j
                    continue
                }
                out.append(b[i])
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    // The alphabets, once, on bytes: `mask`'s shortcut and the masking itself must agree.
    static func isRunByte(_ b: UInt8) -> Bool { SalesforceID.isAlnum(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") }

    private static func isTokenByte(_ c: UInt8) -> Bool {
        SalesforceID.isAlnum(c) || c == UInt8(ascii: ".") || c == UInt8(ascii: "_") || c == UInt8(ascii: "-")
            || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")
    }

    private static func accessTokenEnd(_ s: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        guard i + 3 < s.count, s[i] == UInt8(ascii: "0"), s[i + 1] == UInt8(ascii: "0"), s[i + 2] == UInt8(ascii: "D") else { return nil }
        if i > 0, SalesforceID.isAlnum(s[i - 1]) { return nil }
        var j = i + 3
        while j < s.count, SalesforceID.isAlnum(s[j]) { j += 1 }
        let idLen = j - i
        guard idLen == 15 || idLen == 18, j < s.count, s[j] == UInt8(ascii: "!") else { return nil }
        j += 1
        let tokStart = j
        while j < s.count, isTokenByte(s[j]) { j += 1 }
        return j - tokStart >= 20 ? j : nil
    }

    private static func shouldMask(_ s: UnsafeBufferPointer<UInt8>, _ run: Range<Int>) -> Bool {
        guard run.count >= minimumRun else { return false }
        var digits = false, letters = false
        for i in run {
            let c = s[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { digits = true } else if SalesforceID.isAlnum(c) { letters = true }
        }
        return digits && letters
    }

    private static func maskAWSKeys(_ s: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, into out: inout [UInt8]) {
        func isKeyByte(_ c: UInt8) -> Bool { (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) }
        var i = run.lowerBound, copied = run.lowerBound
        while i < run.upperBound {
            if i + 20 <= run.upperBound, s[i] == UInt8(ascii: "A"), s[i + 1] == UInt8(ascii: "K"), s[i + 2] == UInt8(ascii: "I"),
               s[i + 3] == UInt8(ascii: "A"), (i + 4..<i + 20).allSatisfy({ isKeyByte(s[$0]) }) {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: s[copied..<i]))
                appendMasked(s, i..<(i + 20), to: &out)
                i += 20
                copied = i
            } else {
                i += 1
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[copied..<run.upperBound]))
    }

    /// The first four characters (all ASCII), then the length: `5Aep…(87)`.
    private static func appendMasked(_ s: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: s[range.lowerBound..<min(range.upperBound, range.lowerBound + 4)]))
        out.append(contentsOf: "…(\(range.count))".utf8)
    }
}

extension Finding {
    /// This finding as every format emits it: evidence summaries and chain details (queries,
    /// URIs) passed through `SecretMasker`.
    public var maskedForOutput: Finding {
        var f = self
        f.evidence = f.evidence.map { var e = $0; e.summary = SecretMasker.mask(e.summary); return e }
        f.chain = f.chain.map { var c = $0; c.detail = SecretMasker.mask(c.detail); return c }
        f.summary = SecretMasker.mask(f.summary)
        return f
    }
}
