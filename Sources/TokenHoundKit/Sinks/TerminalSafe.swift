/// Makes attacker-controllable text safe to print on a terminal: C0 and C1 controls, ESC, DEL,
/// bidi embeddings/overrides/isolates and marks, and line/paragraph separators become visible
/// escapes (`\x1b`, `\n`, `\u{202e}`), so a user agent cannot recolour, move the cursor, retitle
/// the window or reorder what a responder reads.
public enum TerminalSafe {
    public static func escape(_ s: String) -> String {
        // Printable ASCII needs nothing: the text itself, not a copy built scalar by scalar.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in s.unicodeScalars {
            if needsEscape(u) { out += escaped(u) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    public static func needsEscape(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        switch v {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029: return true
        default: return false
        }
    }

    static func escaped(_ u: Unicode.Scalar) -> String {
        switch u {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            let h = String(u.value, radix: 16)
            if u.value < 0x100 { return "\\x" + (h.count < 2 ? "0" + h : h) }
            return "\\u{\(h)}"
        }
    }
}
