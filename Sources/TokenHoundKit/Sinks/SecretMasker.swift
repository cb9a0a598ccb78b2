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
        // rather than taken apart scalar by scalar and put together again.
        var run = 0
        guard s.utf8.contains(where: { b in
            run = isRunByte(b) ? run + 1 : 0
            return run >= shortestMaskedRun
        }) else { return s }
        return maskScalars(s)
    }

    /// `mask` without the shortcut: every scalar looked at.
    static func maskScalars(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            // Salesforce access token: 00D + 12 or 15 alnum + '!' + >= 20 token chars.
            if let end = accessTokenEnd(scalars, i) {
                appendMasked(scalars[i..<end], to: &out)
                i = end
                continue
            }
            if isRunChar(scalars[i]), i == 0 || !isRunChar(scalars[i - 1]) {
                var j = i
                while j < scalars.count, isRunChar(scalars[j]) { j += 1 }
                let run = scalars[i..<j]
                if shouldMask(run) {
                    appendMasked(run, to: &out)
                } else {
                    maskAWSKeys(run, into: &out)
                }
                i = j
                continue
            }
            out.append(scalars[i])
            i += 1
        }
        return String(out)
    }

    // The alphabets, once, on bytes: the scalar tests below and `mask`'s shortcut over UTF-8 must
    // agree (a byte of a multi-byte scalar is never ASCII, so it is in neither).
    static func isRunByte(_ b: UInt8) -> Bool { SalesforceID.isAlnum(b) || b == UInt8(ascii: "+") || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") }
    static func isAlnum(_ u: Unicode.Scalar) -> Bool { u.isASCII && SalesforceID.isAlnum(UInt8(u.value)) }
    static func isRunChar(_ u: Unicode.Scalar) -> Bool { u.isASCII && isRunByte(UInt8(u.value)) }

    static func accessTokenEnd(_ s: [Unicode.Scalar], _ i: Int) -> Int? {
        guard i + 3 < s.count, s[i] == "0", s[i + 1] == "0", s[i + 2] == "D" else { return nil }
        if i > 0, isAlnum(s[i - 1]) { return nil }
        var j = i + 3
        while j < s.count, isAlnum(s[j]) { j += 1 }
        let idLen = j - i
        guard idLen == 15 || idLen == 18, j < s.count, s[j] == "!" else { return nil }
        j += 1
        let tokStart = j
        while j < s.count, isAlnum(s[j]) || s[j] == "." || s[j] == "_" || s[j] == "-" || s[j] == "+" || s[j] == "/" || s[j] == "=" { j += 1 }
        return j - tokStart >= 20 ? j : nil
    }

    static func shouldMask(_ run: ArraySlice<Unicode.Scalar>) -> Bool {
        guard run.count >= minimumRun else { return false }
        var digits = false, letters = false
        for u in run {
            if u >= "0" && u <= "9" { digits = true } else if isAlnum(u) { letters = true }
        }
        return digits && letters
    }

    static func maskAWSKeys(_ run: ArraySlice<Unicode.Scalar>, into out: inout String.UnicodeScalarView) {
        var i = run.startIndex
        while i < run.endIndex {
            if i + 20 <= run.endIndex, run[i] == "A", run[i + 1] == "K", run[i + 2] == "I", run[i + 3] == "A",
               run[(i + 4)..<(i + 20)].allSatisfy({ ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") }) {
                appendMasked(run[i..<(i + 20)], to: &out)
                i += 20
            } else {
                out.append(run[i])
                i += 1
            }
        }
    }

    static func appendMasked(_ s: ArraySlice<Unicode.Scalar>, to out: inout String.UnicodeScalarView) {
        out.append(contentsOf: s.prefix(4))
        out.append(contentsOf: "…(\(s.count))".unicodeScalars)
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
