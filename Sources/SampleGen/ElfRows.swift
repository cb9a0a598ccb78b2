import TokenHoundKit

/// Turns events into ELF rows, each in its schema's full (newest) column order.
struct ElfRows {
    let orgID: String
    let loginURL: String

    static let internalIP = "Salesforce.com IP"

    func login(_ e: LoginEvent, trimFraction: Bool = false) -> [String] {
        let s = e.session
        let token = e.kind == .refreshToken
        let ts = TimeFormat.elf(e.time, trimFraction: trimFraction)
        return [
            "Login", ts, e.requestID, orgID, s.user.id15, String(e.runTime), String(e.cpuTime),
            token ? "/services/oauth2/token" : "/index.jsp",
            "", e.status.success ? s.loginKey : "", "Standard", token ? "" : "S", String(e.dbTotalTime),
            token ? "i" : "A", s.userAgent, "", "9998.0", s.user.username, s.tls.proto, s.tls.cipher,
            "", token ? "" : "https://\(loginURL)/", loginURL, s.country, "",
            token ? "oauthrefreshtoken" : "", "",
            TimeFormat.iso(e.time), s.user.id18, e.clientIPInternal ? Self.internalIP : s.ip, "", e.status.elf, s.ip, "",
        ]
    }

    func logout(_ e: LogoutEvent) -> [String] {
        let s = e.session
        return [
            "Logout", TimeFormat.elf(e.time), e.requestID, orgID, s.user.id15, "S", e.oauth ? "O" : "U", "1",
            e.oauth ? "" : "1015", e.oauth ? "7010" : "1015", e.oauth ? "" : "1920x1080", e.oauth ? "2514" : "1000",
            "", "", e.oauth ? "61.0" : "", e.userInitiated ? "1" : "0", s.sessionKey, s.loginKey, TimeFormat.iso(e.time),
            s.user.id18, s.ip,
        ]
    }

    func apiTotalUsage(_ c: ApiCall) -> [String] {
        let s = c.session
        let category = s.app == nil ? "LIGHTNING_UI" : (s.app!.label == "Salesforce for iOS" ? "SALESFORCE" : "EXTERNAL_APPLICATION")
        return [
            "ApiTotalUsage", TimeFormat.elf(c.time), c.requestID, orgID, s.user.id15, c.family.rawValue,
            String(s.apiVersion.dropFirst()), c.apiResource, s.clientName, c.method, s.ip,
            c.family == .rest ? "true" : "false", s.app?.id15 ?? "", s.app?.label ?? "", c.entity, String(c.statusCode),
            s.user.username, category, TimeFormat.iso(c.time), s.user.id18,
        ]
    }

    func restApi(_ c: ApiCall) -> [String] {
        let s = c.session
        return [
            "RestApi", TimeFormat.elf(c.time), c.requestID, orgID, s.user.id15, String(c.runTime), String(c.cpuTime),
            c.uri, s.sessionKey, s.loginKey, s.restClientCode, c.method, c.query, c.entity, String(c.rows),
            String(c.responseSize), String(c.statusCode), c.statusCode < 400 ? "S" : "F", String(c.dbTotalTime),
            s.appIDIn18 ? (s.app?.id18 ?? "") : (s.app?.id15 ?? ""), TimeFormat.iso(c.time), s.user.id18, s.ip, c.uriIDDerived,
        ]
    }

    func bulkApi2(_ b: BulkEvent) -> [String] {
        let s = b.session
        return [
            "BulkApi2", TimeFormat.elf(b.time), b.requestID, orgID, s.user.id15, String(b.runTime), String(b.cpuTime),
            b.uri, s.sessionKey, s.loginKey, b.jobID, b.operation, b.entity, b.status, String(b.records),
            String(b.failed), TimeFormat.iso(b.time), s.user.id18, s.ip, SalesforceID(b.jobID)?.description ?? "",
        ]
    }

    func uniqueQuery(_ c: ApiCall) -> [String] {
        let s = c.session
        return [
            "UniqueQuery", TimeFormat.elf(c.time), c.requestID, orgID, s.user.id15, s.sessionKey, s.loginKey, c.query,
            TimeFormat.iso(c.time), s.user.id18, s.ip,
        ]
    }
}
