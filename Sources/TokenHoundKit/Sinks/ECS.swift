/// Elastic Common Schema 8.11 alert documents (NDJSON), optionally as `_bulk` create actions.
/// `event.severity` 21/47/73/99 and `message` feed Elastic's prebuilt "External Alerts" rule.
public enum ECS {
    public static let version = "8.11.0"

    public static func document(_ f: Finding, options: SinkOptions) -> JSONValue {
        var event: [(String, JSONValue)] = [
            ("kind", .string("alert")),
            ("category", .array([.string("authentication")])),
            ("type", .array([.string("info")])),
            ("severity", .int(f.level.ecsSeverity)),
            ("risk_score", .int(f.riskScore)),
            ("start", .string(f.firstSeen.iso8601)),
            ("end", .string(f.lastSeen.iso8601)),
            ("created", .string(f.detectedAt.iso8601)),
            ("dataset", .string("tokenhound.finding")),
            ("module", .string("tokenhound")),
            ("provider", .string("salesforce")),
            ("id", .string(f.id)),
        ]
        event.append(("reason", .string(f.summary)))

        let m = AttackMapping(id: f.attackTechniqueID, name: f.attackTechniqueName)
        var technique: [(String, JSONValue)] = [("id", .array([.string(m.techniqueID)])), ("name", .array([.string(m.techniqueName)]))]
        if let id = m.subTechniqueID, let name = m.subTechniqueName {
            technique.append(("subtechnique", .object([("id", .array([.string(id)])), ("name", .array([.string(name)]))])))
        }
        var threat: [(String, JSONValue)] = [("framework", .string("MITRE ATT&CK")), ("technique", .object(technique))]
        if let id = m.tacticID, let name = m.tacticName {
            threat.append(("tactic", .object([("id", .array([.string(id)])), ("name", .array([.string(name)]))])))
        }
        var doc: [(String, JSONValue)] = [
            ("@timestamp", .string(f.detectedAt.iso8601)),
            ("ecs", .object([("version", .string(version))])),
            ("message", .string(f.summary)),
            ("event", .object(event)),
            ("rule", .object([
                ("id", .string(f.ruleID)), ("name", .string(f.ruleTitle)), ("description", .string(f.ruleTitle)),
                ("category", .string("Salesforce OAuth")), ("ruleset", .string("tokenhound")),
            ])),
            ("threat", .object(threat)),
        ]
        if let ip = f.sourceIP, IPAddress(ip) != nil { doc.append(("source", .object([("ip", .string(ip))]))) }
        var user: [(String, JSONValue)] = []
        if let id = f.user.id { user.append(("id", .string(id))) }
        if let n = f.user.name { user.append(("name", .string(n))) }
        if !user.isEmpty { doc.append(("user", .object(user))) }
        if let ua = f.userAgent { doc.append(("user_agent", .object([("original", .string(ua))]))) }
        doc.append(("observer", .object([("vendor", .string("tokenhound")), ("product", .string("tokenhound")), ("type", .string("detector")),
                                         ("version", .string(options.productVersion))] + (options.host.map { [("hostname", JSONValue.string($0))] } ?? []))))
        doc.append(("tokenhound", .object([
            ("finding_id", .string(f.id)),
            ("level", .string(f.level.name)),
            ("impact", .int(f.impact)),
            ("confidence", .int(f.confidence)),
            ("app", .object([("id", .optString(f.app.id)), ("name", .optString(f.app.name))])),
            ("source_ip", .optString(f.sourceIP)),
            ("network", .optString(f.network)),
            ("event_count", .int(f.eventCount)),
            ("secret_presence", .string(f.secretPresence.rawValue)),
            ("attribution", .string(f.attribution.rawValue)),
            ("posture_facts", .array(f.postureFacts.map(JSONValue.string))),
            ("why", .array(f.why.map(JSONValue.string))),
            ("evidence", .array(f.evidence.map(NativeJSON.evidence))),
            ("chain", .array(f.chain.map(NativeJSON.chainStep))),
            ("indicators", .array(f.indicators.map(NativeJSON.indicator))),
            ("remediation", .string(f.remediation)),
        ])))
        return .object(doc)
    }

    /// One document line, preceded by `{"create":{}}` in bulk mode. Always newline-terminated,
    /// so a bulk body ends with a newline as `_bulk` requires.
    public static func line(_ f: Finding, options: SinkOptions) -> String {
        let body = document(f, options: options).serialized + "\n"
        return options.ecsBulk ? "{\"create\":{}}\n" + body : body
    }
}
