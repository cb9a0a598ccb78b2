/// tokenhound's own finding JSON (NDJSON, one object per line, fixed key order) and its decoder.
///
/// Times are ISO 8601 UTC strings with milliseconds; `severity_id` is the OCSF 1-5 value.
public enum NativeJSON {
    public static func encode(_ f: Finding) -> JSONValue {
        .object([
            ("finding_id", .string(f.id)),
            ("rule_id", .string(f.ruleID)),
            ("rule_title", .string(f.ruleTitle)),
            ("level", .string(f.level.name)),
            ("severity_id", .int(f.level.ocsfSeverityID)),
            ("risk_score", .int(f.riskScore)),
            ("impact", .int(f.impact)),
            ("confidence", .int(f.confidence)),
            ("app", .object([("id", .optString(f.app.id)), ("name", .optString(f.app.name))])),
            ("user", .object([("id", .optString(f.user.id)), ("name", .optString(f.user.name))])),
            ("source_ip", .optString(f.sourceIP)),
            ("network", .optString(f.network)),
            ("user_agent", .optString(f.userAgent)),
            ("first_seen", .string(f.firstSeen.iso8601)),
            ("last_seen", .string(f.lastSeen.iso8601)),
            ("event_count", .int(f.eventCount)),
            ("secret_presence", .string(f.secretPresence.rawValue)),
            ("attribution", .string(f.attribution.rawValue)),
            ("attack", .object([("technique_id", .string(f.attackTechniqueID)), ("technique_name", .string(f.attackTechniqueName))])),
            ("posture_facts", .array(f.postureFacts.map(JSONValue.string))),
            ("why", .array(f.why.map(JSONValue.string))),
            ("evidence", .array(f.evidence.map(evidence))),
            ("chain", .array(f.chain.map(chainStep))),
            ("indicators", .array(f.indicators.map(indicator))),
            ("summary", .string(f.summary)),
            ("remediation", .string(f.remediation)),
            ("detected_at", .string(f.detectedAt.iso8601)),
        ])
    }

    static func evidence(_ e: EvidenceItem) -> JSONValue {
        .object([("file", .string(e.file)), ("line", .int(e.line)), ("request_id", .string(e.requestID)),
                 ("time", .string(e.time.iso8601)), ("summary", .string(e.summary))])
    }
    static func chainStep(_ c: ChainStep) -> JSONValue {
        .object([("time", .string(c.time.iso8601)), ("kind", .string(c.kind.rawValue)), ("detail", .string(c.detail))])
    }
    static func indicator(_ i: IndicatorMatch) -> JSONValue {
        .object([("indicator", .string(i.indicator)), ("type", .string(i.type)), ("campaign", .string(i.campaign)),
                 ("source", .string(i.source)), ("pack_version", .string(i.packVersion))])
    }

    /// One NDJSON line (no newline) for `f` as the `json` format writes it (after masking).
    public static func line(_ f: Finding) -> String { encode(f.maskedForOutput).serialized }

    // MARK: decoding

    public struct DecodeError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Parses one line of the `json` format back into a `Finding`.
    public static func decodeFinding(_ line: String) throws -> Finding {
        try decodeFinding(JSONValue.parse(line))
    }

    public static func decodeFinding(_ v: JSONValue) throws -> Finding {
        let o = Obj(v: v, path: "")
        let level: Level = try {
            let name = try o.string("level")
            guard let l = Level(name: name) else { throw DecodeError(description: "unknown level \(name)") }
            return l
        }()
        let secret: SecretPresence = try {
            let s = try o.string("secret_presence")
            guard let p = SecretPresence(rawValue: s) else { throw DecodeError(description: "unknown secret_presence \(s)") }
            return p
        }()
        let attribution: AttributionMethod = try {
            let s = try o.string("attribution")
            guard let a = AttributionMethod(rawValue: s) else { throw DecodeError(description: "unknown attribution \(s)") }
            return a
        }()
        let app = try o.obj("app"), user = try o.obj("user"), attack = try o.obj("attack")
        return Finding(
            id: try o.string("finding_id"), ruleID: try o.string("rule_id"), ruleTitle: try o.string("rule_title"),
            attackTechniqueID: try attack.string("technique_id"), attackTechniqueName: try attack.string("technique_name"),
            level: level, riskScore: try o.int("risk_score"), impact: try o.int("impact"), confidence: try o.int("confidence"),
            app: AppRef(id: try app.optString("id"), name: try app.optString("name")),
            user: UserRef(id: try user.optString("id"), name: try user.optString("name")),
            sourceIP: try o.optString("source_ip"), network: try o.optString("network"), userAgent: try o.optString("user_agent"),
            firstSeen: try o.time("first_seen"), lastSeen: try o.time("last_seen"), eventCount: try o.int("event_count"),
            secretPresence: secret, attribution: attribution,
            postureFacts: try o.array("posture_facts").map { try $0.string() },
            why: try o.array("why").map { try $0.string() },
            evidence: try o.array("evidence").map { e in
                EvidenceItem(file: try e.string("file"), line: try e.int("line"), requestID: try e.string("request_id"),
                             time: try e.time("time"), summary: try e.string("summary"))
            },
            chain: try o.array("chain").map { c in
                let k = try c.string("kind")
                guard let kind = ChainStep.Kind(rawValue: k) else { throw DecodeError(description: "unknown chain kind \(k)") }
                return ChainStep(time: try c.time("time"), kind: kind, detail: try c.string("detail"))
            },
            indicators: try o.array("indicators").map { i in
                IndicatorMatch(indicator: try i.string("indicator"), type: try i.string("type"), campaign: try i.string("campaign"),
                               source: try i.string("source"), packVersion: try i.string("pack_version"))
            },
            summary: try o.string("summary"), remediation: try o.string("remediation"), detectedAt: try o.time("detected_at"))
    }

    /// Parses `2025-08-08T12:00:00.000Z` (fraction optional, `Z` required).
    public static func parseISO8601(_ s: String) -> EventTime? {
        let b = Array(s.utf8)
        func num(_ from: Int, _ len: Int) -> Int? {
            guard from + len <= b.count else { return nil }
            var v = 0
            for c in b[from..<from + len] { guard c >= 0x30 && c <= 0x39 else { return nil }; v = v * 10 + Int(c - 0x30) }
            return v
        }
        guard b.count >= 20, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54, b[13] == 0x3A, b[16] == 0x3A,
              let y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2), let sec = num(17, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, sec < 61 else { return nil }
        var i = 19, ms = 0
        if b[i] == 0x2E {
            i += 1
            var digits = 0
            while i < b.count, b[i] >= 0x30 && b[i] <= 0x39 {
                if digits < 3 { ms = ms * 10 + Int(b[i] - 0x30) }
                digits += 1; i += 1
            }
            guard digits > 0 else { return nil }
            for _ in 0..<max(0, 3 - digits) { ms *= 10 }
        }
        guard i == b.count - 1, b[i] == 0x5A else { return nil }
        return CivilTime(year: y, month: mo, day: d, hour: h, minute: mi, second: sec, millisecond: ms).eventTime
    }

    struct Obj {
        let v: JSONValue
        let path: String
        func get(_ k: String) throws -> JSONValue {
            guard case .object = v else { throw DecodeError(description: "\(path.isEmpty ? "value" : path) is not an object") }
            guard let x = v[k] else { throw DecodeError(description: "missing key \(path)\(k)") }
            return x
        }
        func string() throws -> String {
            guard let s = v.stringValue else { throw DecodeError(description: "\(path) is not a string") }
            return s
        }
        func string(_ k: String) throws -> String {
            guard let s = try get(k).stringValue else { throw DecodeError(description: "\(path)\(k) is not a string") }
            return s
        }
        func optString(_ k: String) throws -> String? {
            guard let x = v[k], !x.isNull else { return nil }
            guard let s = x.stringValue else { throw DecodeError(description: "\(path)\(k) is not a string") }
            return s
        }
        func int(_ k: String) throws -> Int {
            guard let i = try get(k).intValue else { throw DecodeError(description: "\(path)\(k) is not an integer") }
            return Int(i)
        }
        func time(_ k: String) throws -> EventTime {
            let s = try string(k)
            guard let t = NativeJSON.parseISO8601(s) else { throw DecodeError(description: "\(path)\(k): bad time \(s)") }
            return t
        }
        func obj(_ k: String) throws -> Obj { Obj(v: try get(k), path: path + k + ".") }
        func array(_ k: String) throws -> [Obj] {
            guard let a = try get(k).arrayValue else { throw DecodeError(description: "\(path)\(k) is not an array") }
            return a.enumerated().map { Obj(v: $1, path: "\(path)\(k)[\($0)].") }
        }
    }
}
