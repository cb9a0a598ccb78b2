/// HTML text/attribute escaping for the HTML summary.
public enum HTMLEscape {
    /// Escapes `& < > " '`, after making control and bidi characters visible (`TerminalSafe`),
    /// so no raw control byte and no markup (including `</script>`) comes from report data.
    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for u in TerminalSafe.escape(s).unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
