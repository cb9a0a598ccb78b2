/// ArcSight Common Event Format, one event per line, optionally in an RFC 5424 syslog frame
/// (Microsoft Sentinel's `CommonSecurityLog` path).
///
/// Header fields hold only fixed ids and titles (escaping `\` and `|`); everything user-derived
/// goes in the extension, whose values escape `\`, `=`, LF (`\n`) and CR (`\r`). Other control
/// characters and bidi controls, which CEF cannot escape, are replaced by visible text escapes
/// (`\x1b`, `\u{202e}`; see `TerminalSafe`) before CEF escaping, so no raw control byte is written.
public enum CEF {
    public static func escapeHeader(_ s: String) -> String {
        var out = ""
        for u in controlsMadeVisible(s, keepNewlines: false).unicodeScalars {
            if u == "\\" || u == "|" { out += "\\" }
            out.unicodeScalars.append(u)
        }
        return out
    }

    public static func escapeExtension(_ s: String) -> String {
        var out = ""
        for u in controlsMadeVisible(s, keepNewlines: true).unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "=": out += "\\="
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// What an extension value reads back as after parsing (the visible-escape substitution).
    public static func sanitized(_ s: String) -> String { controlsMadeVisible(s, keepNewlines: true) }

    static func controlsMadeVisible(_ s: String, keepNewlines: Bool) -> String {
        var out = ""
        for u in s.unicodeScalars {
            if keepNewlines && (u == "\n" || u == "\r") { out.unicodeScalars.append(u); continue }
            if TerminalSafe.needsEscape(u) { out += TerminalSafe.escaped(u) } else { out.unicodeScalars.append(u) }
        }
        return out
    }

    /// The extension as ordered (key, raw value) pairs.
    public static func extensionFields(_ f: Finding, options: SinkOptions) -> [(String, String)] {
        var e: [(String, String)] = [
            ("rt", String(f.detectedAt.millis)),
            ("start", String(f.firstSeen.millis)),
            ("end", String(f.lastSeen.millis)),
        ]
        if let ip = f.sourceIP, IPAddress(ip) != nil { e.append(("src", ip)) }
        if let n = f.user.name { e.append(("suser", n)) }
        if let id = f.user.id { e.append(("suid", id)) }
        if let ua = f.userAgent { e.append(("requestClientApplication", ua)) }
        e += [("cs1Label", "app"), ("cs1", f.app.display)]
        if let n = f.network { e += [("cs2Label", "network"), ("cs2", n)] }
        e += [("cs3Label", "secretPresence"), ("cs3", f.secretPresence.rawValue)]
        if let id = f.app.id { e += [("cs4Label", "appId"), ("cs4", id)] }
        e += [("cs5Label", "attribution"), ("cs5", f.attribution.rawValue)]
        e += [("cs6Label", "attackTechnique"), ("cs6", f.attackTechniqueID)]
        e += [("cn1Label", "riskScore"), ("cn1", String(f.riskScore))]
        e += [("cn2Label", "impact"), ("cn2", String(f.impact))]
        e += [("cn3Label", "confidence"), ("cn3", String(f.confidence))]
        e += [("cnt", String(f.eventCount)), ("externalId", f.id), ("cat", "salesforce-oauth/\(f.level.name)")]
        if let h = options.host { e.append(("dvchost", h)) }
        if !f.why.isEmpty { e.append(("reason", f.why.joined(separator: "; "))) }
        e.append(("msg", f.summary))
        return e
    }

    /// The CEF record (no newline).
    public static func record(_ f: Finding, options: SinkOptions) -> String {
        let header = ["CEF:0", "tokenhound", "tokenhound", escapeHeader(options.productVersion), escapeHeader(f.ruleID),
                      escapeHeader(f.ruleTitle), String(f.level.cefSeverity)].joined(separator: "|")
        let ext = extensionFields(f, options: options).map { "\($0.0)=\(escapeExtension($0.1))" }.joined(separator: " ")
        return header + "|" + ext
    }

    /// One output unit: a CEF line, or a syslog message (newline-terminated, or octet-counted).
    public static func line(_ f: Finding, options: SinkOptions) -> String {
        let cef = record(f, options: options)
        guard options.syslog else { return cef + "\n" }
        return Syslog.frame(message: cef, time: f.detectedAt, severity: f.level.syslogSeverity, options: options)
    }
}

/// RFC 5424 framing: `<PRI>1 TIMESTAMP HOSTNAME APP-NAME PROCID MSGID SD MSG`.
/// PRI = facility * 8 + severity; facility defaults to 10 (authpriv). Header fields are
/// printable ASCII (33-126) only, `-` when empty. With octet counting (RFC 6587, for TCP/TLS)
/// each message is `LEN SP MSG` with no trailing newline; otherwise messages end with LF.
public enum Syslog {
    public static func headerField(_ s: String?, maxLength: Int) -> String {
        guard let s else { return "-" }
        let v = String(String.UnicodeScalarView(s.unicodeScalars.filter { $0.value >= 33 && $0.value <= 126 }.prefix(maxLength)))
        return v.isEmpty ? "-" : v
    }

    public static func frame(message: String, time: EventTime, severity: Int, options: SinkOptions) -> String {
        let pri = options.syslogFacility * 8 + severity
        let msg = "<\(pri)>1 \(time.iso8601) \(headerField(options.host, maxLength: 255)) tokenhound - FINDING - " + message
        if options.syslogOctetCounting { return "\(msg.utf8.count) \(msg)" }
        return msg + "\n"
    }
}
