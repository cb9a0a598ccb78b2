/// Terminal output: findings grouped by connected app (apps with the worst finding first),
/// highest risk first inside an app, coloured by level when `SinkOptions.colour` is set.
/// Every string that can come from logs or configuration passes through `TerminalSafe.escape`.
struct TextSink: FindingSink {
    var writer: any ByteWriter
    let colour: Bool
    var pending: [Finding] = []

    init(writer: any ByteWriter, options: SinkOptions) {
        self.writer = writer
        self.colour = options.colour
    }

    mutating func write(_ finding: Finding) throws { pending.append(finding.maskedForOutput) }

    mutating func finish() throws {
        try writer.write(Array(TextRenderer(colour: colour).render(pending).utf8))
        pending = []
        try writer.flush()
    }
}

/// Renders findings as the `text` format does.
public struct TextRenderer: Sendable {
    public var colour: Bool
    public init(colour: Bool) { self.colour = colour }

    static func ansi(_ level: Level) -> String {
        switch level {
        case .critical: return "\u{1b}[1;31m"
        case .high: return "\u{1b}[31m"
        case .medium: return "\u{1b}[33m"
        case .low: return "\u{1b}[36m"
        case .informational: return "\u{1b}[2m"
        }
    }

    func paint(_ s: String, _ code: String) -> String { colour ? code + s + "\u{1b}[0m" : s }
    func bold(_ s: String) -> String { paint(s, "\u{1b}[1m") }
    func dim(_ s: String) -> String { paint(s, "\u{1b}[2m") }

    static func safe(_ s: String?) -> String { TerminalSafe.escape(s ?? "-") }

    public func render(_ findings: [Finding]) -> String {
        if findings.isEmpty { return "No findings.\n" }
        let groups = Dictionary(grouping: findings, by: \.app)
        let ordered = groups.sorted { a, b in
            let la = a.value.map(\.riskScore).max() ?? 0, lb = b.value.map(\.riskScore).max() ?? 0
            return la != lb ? la > lb : a.key < b.key
        }
        var out = ""
        for (app, list) in ordered {
            var title = "Connected app: " + Self.safe(app.name ?? app.id ?? "(unattributed)")
            if app.name != nil, let id = app.id { title += " (" + Self.safe(id) + ")" }
            title += "  [\(list.count) finding\(list.count == 1 ? "" : "s")]"
            out += bold("== " + title + " ==") + "\n\n"
            for f in list.sorted(by: { ($0.riskScore, $1.id) > ($1.riskScore, $0.id) }) { out += finding(f) + "\n" }
        }
        let counts = Level.allCases.reversed().compactMap { l -> String? in
            let n = findings.filter { $0.level == l }.count
            return n == 0 ? nil : "\(n) \(l.name)"
        }
        out += "\(findings.count) finding\(findings.count == 1 ? "" : "s"): " + counts.joined(separator: ", ") + "\n"
        return out
    }

    func finding(_ f: Finding) -> String {
        let s = Self.safe
        var o = paint("[" + f.level.name.uppercased() + "]", Self.ansi(f.level)) + " " + bold(s(f.ruleTitle)) + " " + dim("(" + s(f.ruleID) + ")") + "\n"
        o += "  " + s(f.summary) + "\n"
        o += "  level \(f.level.name)  risk \(f.riskScore)  impact \(f.impact)  confidence \(f.confidence)  technique \(s(f.attackTechniqueID)) \(s(f.attackTechniqueName))\n"
        var user = s(f.user.name ?? f.user.id)
        if f.user.name != nil, let id = f.user.id { user += " (" + s(id) + ")" }
        o += "  user:     " + user + "\n"
        o += "  source:   " + s(f.sourceIP) + "  network " + s(f.network) + "\n"
        o += "  agent:    " + s(f.userAgent) + "\n"
        o += "  seen:     " + f.firstSeen.iso8601 + " .. " + f.lastSeen.iso8601 + "  (\(f.eventCount) event\(f.eventCount == 1 ? "" : "s"))\n"
        o += "  secret:   " + f.secretPresence.rawValue + "  attribution: " + f.attribution.rawValue + "\n"
        if !f.why.isEmpty {
            o += "  why:\n"
            for w in f.why { o += "    - " + s(w) + "\n" }
        }
        if !f.postureFacts.isEmpty {
            o += "  posture:\n"
            for p in f.postureFacts { o += "    - " + s(p) + "\n" }
        }
        if !f.chain.isEmpty {
            o += "  chain:\n"
            for c in f.chain { o += "    " + c.time.iso8601 + "  " + c.kind.rawValue + "  " + s(c.detail) + "\n" }
        }
        if !f.evidence.isEmpty {
            o += "  evidence:\n"
            for e in f.evidence {
                o += "    " + s(e.file) + ":\(e.line)  request " + s(e.requestID) + "  " + e.time.iso8601 + "  " + s(e.summary) + "\n"
            }
        }
        if !f.indicators.isEmpty {
            o += "  indicators:\n"
            for i in f.indicators {
                o += "    - " + s(i.type) + " " + s(i.indicator) + "  campaign " + s(i.campaign) + "  (" + s(i.source) + ", pack " + s(i.packVersion) + ")\n"
            }
        }
        o += "  remediation: " + s(f.remediation) + "\n"
        o += "  " + dim("finding " + s(f.id) + "  detected " + f.detectedAt.iso8601) + "\n"
        return o
    }
}
