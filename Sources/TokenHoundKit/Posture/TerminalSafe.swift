/// Makes untrusted text (labels, scopes and values read from metadata XML) safe to print on a terminal.
///
/// C0 controls (U+0000-U+001F, including ESC, CR, LF and TAB), DEL (U+007F) and C1 controls
/// (U+0080-U+009F) become `\xNN`; Unicode bidirectional overrides and isolates (U+202A-U+202E,
/// U+2066-U+2069, the "Trojan Source" characters) and the line/paragraph separators U+2028/U+2029
/// become `\u{NNNN}`. Everything else passes unchanged, so ordinary non-ASCII labels stay readable.
public enum TerminalSafe {
    public static func escape(_ text: String) -> String {
        var needs = false
        for s in text.unicodeScalars where isUnsafe(s) { needs = true; break }
        if !needs { return text }
        var out = String.UnicodeScalarView()
        for s in text.unicodeScalars {
            if isUnsafe(s) {
                let hex = String(s.value, radix: 16, uppercase: true)
                let escaped = s.value <= 0xFF
                    ? "\\x" + (hex.utf8.count < 2 ? "0" + hex : hex)
                    : "\\u{" + hex + "}"
                out.append(contentsOf: escaped.unicodeScalars)
            } else {
                out.append(s)
            }
        }
        return String(out)
    }

    @inline(__always)
    static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return v < 0x20 || (v >= 0x7F && v <= 0x9F) || (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
            || v == 0x2028 || v == 0x2029
    }
}
