/// OCSF Detection Finding (class 2004) projection, valid against the official JSON schema of the
/// selected version (1.1.0 ... 1.5.0; `scripts/validate-ocsf.py` checks it).
///
/// Version differences handled: observable type 16 (HTTP User-Agent) exists from 1.2.0 and
/// `is_alert` from 1.4.0; earlier versions use type 99 (Other) for the user
/// agent. Everything Salesforce-specific lives under `unmapped`.
public enum OCSF {
    static func versionAtLeast(_ v: String, _ major: Int, _ minor: Int) -> Bool {
        let parts = v.split(separator: ".").compactMap { Int($0) }
        guard parts.count >= 2 else { return false }
        return (parts[0], parts[1]) >= (major, minor)
    }

    static let severityNames = ["Informational", "Low", "Medium", "High", "Critical"]
    static let riskLevelNames = ["Info", "Low", "Medium", "High", "Critical"]

    static func attack(_ f: Finding) -> JSONValue {
        let m = AttackMapping(id: f.attackTechniqueID, name: f.attackTechniqueName)
        var fields: [(String, JSONValue)] = [("technique", .object([("uid", .string(m.techniqueID)), ("name", .string(m.techniqueName))]))]
        if let id = m.subTechniqueID, let name = m.subTechniqueName {
            fields.append(("sub_technique", .object([("uid", .string(id)), ("name", .string(name))])))
        }
        if let id = m.tacticID, let name = m.tacticName {
            fields.append(("tactic", .object([("uid", .string(id)), ("name", .string(name))])))
        }
        return .object(fields)
    }

    static func confidenceID(_ c: Int) -> Int { c >= 70 ? 3 : c >= 40 ? 2 : 1 }

    public static func detectionFinding(_ f: Finding, options: SinkOptions) -> JSONValue {
        let v = options.ocsfVersion
        let sev = f.level.rawValue
        let validIP = f.sourceIP.flatMap { IPAddress($0) != nil ? $0 : nil }

        var actorUser: [(String, JSONValue)] = []
        if let id = f.user.id { actorUser.append(("uid", .string(id))) }
        if let name = f.user.name { actorUser.append(("name", .string(name))) }

        var evidences: [JSONValue] = []
        for e in f.evidence {
            var ev: [(String, JSONValue)] = []
            if !actorUser.isEmpty { ev.append(("actor", .object([("user", .object(actorUser))]))) }
            if let ip = validIP { ev.append(("src_endpoint", .object([("ip", .string(ip))]))) }
            ev.append(("data", .object([
                ("file", .string(e.file)), ("line", .int(e.line)), ("request_id", .string(e.requestID)),
                ("time", .int(e.time.millis)), ("summary", .string(e.summary)),
            ])))
            evidences.append(.object(ev))
        }

        var observables: [JSONValue] = []
        if let ip = validIP { observables.append(.object([("name", .string("src_endpoint.ip")), ("type_id", .int(2)), ("value", .string(ip))])) }
        if let n = f.user.name { observables.append(.object([("name", .string("actor.user.name")), ("type_id", .int(4)), ("value", .string(n))])) }
        if let ua = f.userAgent {
            if versionAtLeast(v, 1, 2) {
                observables.append(.object([("name", .string("user_agent")), ("type_id", .int(16)), ("value", .string(ua))]))
            } else {
                observables.append(.object([("name", .string("user_agent")), ("type", .string("HTTP User-Agent")), ("type_id", .int(99)), ("value", .string(ua))]))
            }
        }
        if let appID = f.app.id { observables.append(.object([("name", .string("resources.uid")), ("type_id", .int(10)), ("value", .string(appID))])) }

        var resource: [(String, JSONValue)] = []
        if let id = f.app.id { resource.append(("uid", .string(id))) }
        resource.append(("name", .string(f.app.display)))
        resource.append(("type", .string("Salesforce Connected App")))

        var productFields: [(String, JSONValue)] = [("name", .string("tokenhound")), ("vendor_name", .string("tokenhound")), ("version", .string(options.productVersion))]
        productFields.sort { $0.0 < $1.0 }

        var findingInfo: [(String, JSONValue)] = [
            ("uid", .string(f.id)),
            ("title", .string(f.ruleTitle)),
            ("desc", .string(f.summary)),
            ("analytic", .object([("uid", .string(f.ruleID)), ("name", .string(f.ruleTitle)), ("type_id", .int(1)), ("type", .string("Rule"))])),
            ("attacks", .array([attack(f)])),
            ("first_seen_time", .int(f.firstSeen.millis)),
            ("last_seen_time", .int(f.lastSeen.millis)),
            ("created_time", .int(f.detectedAt.millis)),
            ("types", .array([.string("Salesforce OAuth refresh token misuse")])),
        ]
        if !f.evidence.isEmpty {
            findingInfo.append(("data_sources", .array(Array(Set(f.evidence.map(\.file))).sorted().map(JSONValue.string))))
        }

        var unmapped: [(String, JSONValue)] = [
            ("rule_id", .string(f.ruleID)),
            ("app_id", .optString(f.app.id)),
            ("app_name", .optString(f.app.name)),
            ("source_ip", .optString(f.sourceIP)),
            ("network", .optString(f.network)),
            ("user_agent", .optString(f.userAgent)),
            ("secret_presence", .string(f.secretPresence.rawValue)),
            ("attribution", .string(f.attribution.rawValue)),
            ("impact", .int(f.impact)),
            ("confidence", .int(f.confidence)),
            ("event_count", .int(f.eventCount)),
            ("posture_facts", .array(f.postureFacts.map(JSONValue.string))),
            ("why", .array(f.why.map(JSONValue.string))),
            ("chain", .array(f.chain.map { .object([("time", .int($0.time.millis)), ("kind", .string($0.kind.rawValue)), ("detail", .string($0.detail))]) })),
            ("indicators", .array(f.indicators.map(NativeJSON.indicator))),
            ("remediation", .string(f.remediation)),
        ]
        unmapped.removeAll { $0.1.isNull }

        var out: [(String, JSONValue)] = [
            ("activity_id", .int(1)),
            ("activity_name", .string("Create")),
            ("category_uid", .int(2)),
            ("category_name", .string("Findings")),
            ("class_uid", .int(2004)),
            ("class_name", .string("Detection Finding")),
            ("type_uid", .int(200401)),
            ("type_name", .string("Detection Finding: Create")),
            ("severity_id", .int(f.level.ocsfSeverityID)),
            ("severity", .string(severityNames[sev])),
            ("time", .int(f.detectedAt.millis)),
            ("start_time", .int(f.firstSeen.millis)),
            ("end_time", .int(f.lastSeen.millis)),
            ("count", .int(f.eventCount)),
            ("message", .string(f.summary)),
            ("status_id", .int(1)),
            ("status", .string("New")),
            ("risk_score", .int(f.riskScore)),
            ("risk_level_id", .int(sev)),
            ("risk_level", .string(riskLevelNames[sev])),
            ("confidence_id", .int(confidenceID(f.confidence))),
            ("confidence_score", .int(f.confidence)),
            ("impact_score", .int(f.impact)),
        ]
        if versionAtLeast(v, 1, 4) { out.append(("is_alert", .bool(f.level >= .medium))) }
        out.append(("metadata", .object([("version", .string(v)), ("product", .object(productFields)), ("uid", .string(f.id))])))
        out.append(("finding_info", .object(findingInfo)))
        out.append(("resources", .array([.object(resource)])))
        if !evidences.isEmpty { out.append(("evidences", .array(evidences))) }
        if !observables.isEmpty { out.append(("observables", .array(observables))) }
        out.append(("remediation", .object([("desc", .string(f.remediation))])))
        out.append(("unmapped", .object(unmapped)))
        return .object(out)
    }
}
