import TokenHoundKit

/// The API-field-name CSV exports (`sf data query --result-format csv` style: bare header names,
/// values quoted only when needed).
final class LoginHistoryExport {
    static let columns = ["Id", "UserId", "LoginTime", "LoginType", "LoginSubType", "SourceIp", "Status", "Application",
                          "Browser", "Platform", "ApiType", "ApiVersion", "LoginUrl", "TlsProtocol", "CipherSuite", "CountryIso"]
    private let writer: CSVWriter
    private let loginURL: String
    private var rng: PRNG
    private let manifest: Manifest

    init(path: String, loginURL: String, rng: PRNG, manifest: Manifest) throws {
        writer = CSVWriter(sink: try FileSink(path: path), quoting: .minimal)
        self.loginURL = loginURL; self.rng = rng; self.manifest = manifest
        try writer.writeRow(Self.columns)
    }

    /// OAuth refresh grants only (successes and failures).
    func add(_ e: LoginEvent) throws {
        guard e.kind == .refreshToken else { return }
        let s = e.session
        let id = SalesforceID("0Ya5j00000" + rng.string(5, from: PRNG.base62))!.description
        try writer.writeRow([
            id, s.user.id18, TimeFormat.api(e.time), "Remote Access 2.0", "OAuth Refresh Token", s.ip, e.status.history,
            s.app?.label ?? "", s.userAgent, "Unknown", "N/A", "N/A", loginURL, s.tls.historyProto, s.tls.cipher, s.country,
        ])
    }

    func close() throws {
        try writer.close()
        manifest.add(.init(path: "LoginHistory.csv", rows: writer.rows - 1, csvBytes: writer.sink.bytesIn))
    }
}

/// Live refresh tokens per (app, user): counted from the successful grants, plus each token's use
/// before the window.
final class OauthTokenExport {
    struct Token { var app: String; var user: String; var uses: Int; var last: EventTime; var created: String }
    private var tokens: [Token] = []
    private var rng: PRNG

    init(rng: PRNG) { self.rng = rng }

    func add(_ e: LoginEvent) {
        guard e.kind == .refreshToken, e.status.success, let app = e.session.app else { return }
        let user = e.session.user.id18
        if let i = tokens.firstIndex(where: { $0.app == app.label && $0.user == user }) {
            tokens[i].uses += 1
            tokens[i].last = e.time
        } else {
            let integration = !e.session.user.username.contains(".") || e.session.user.username.contains("integration")
                || e.session.user.username.hasPrefix("etl.") || e.session.user.username.hasPrefix("devops")
                || e.session.user.username.hasPrefix("tableau") || e.session.user.username.hasPrefix("outreach")
            let prior = integration ? rng.int(2_000...9_000) : rng.int(10...400)
            let created = "2025-0\(rng.int(1...6))-\(TimeFormat.pad(rng.int(1...28), 2))T\(TimeFormat.pad(rng.int(0...23), 2)):\(TimeFormat.pad(rng.int(0...59), 2)):\(TimeFormat.pad(rng.int(0...59), 2)).000+0000"
            tokens.append(Token(app: app.label, user: user, uses: prior + 1, last: e.time, created: created))
        }
    }

    /// A token that saw no use in the window (forgotten self-authorisation).
    func addStale(app: String, user: String, uses: Int, last: String, created: String) {
        staleRows.append([app, user, String(uses), last, created])
    }
    private var staleRows: [[String]] = []

    func write(path: String, manifest: Manifest) throws {
        let w = CSVWriter(sink: try FileSink(path: path), quoting: .minimal)
        try w.writeRow(["AppName", "UserId", "UseCount", "LastUsedDate", "CreatedDate"])
        let sorted = tokens.sorted { ($0.app, $0.user) < ($1.app, $1.user) }
        for t in sorted { try w.writeRow([t.app, t.user, String(t.uses), TimeFormat.api(t.last), t.created]) }
        for r in staleRows { try w.writeRow(r) }
        try w.close()
        manifest.add(.init(path: "OauthToken.csv", rows: w.rows - 1, csvBytes: w.sink.bytesIn))
    }
}

enum OrgExports {
    static func connectedApplications(_ org: OrgModel, path: String, manifest: Manifest) throws {
        let w = CSVWriter(sink: try FileSink(path: path), quoting: .minimal)
        try w.writeRow(["Id", "Name"])
        for a in org.apps { try w.writeRow([a.id18, a.label]) }
        try w.close()
        manifest.add(.init(path: "ConnectedApplication.csv", rows: w.rows - 1, csvBytes: w.sink.bytesIn))
    }

    static func permissionSetAssignments(_ org: OrgModel, path: String, rng: inout PRNG, manifest: Manifest) throws {
        let w = CSVWriter(sink: try FileSink(path: path), quoting: .minimal)
        try w.writeRow(["Id", "AssigneeId", "PermissionSet.Name", "PermissionSet.PermissionsModifyAllData",
                        "PermissionSet.PermissionsViewAllData", "PermissionSet.PermissionsManageUsers",
                        "PermissionSet.PermissionsApiEnabled"])
        for u in org.users {
            for p in u.permissionSets {
                let id = SalesforceID("0Pa5j00000" + rng.string(5, from: PRNG.base62))!.description
                try w.writeRow([id, u.id18, p.name, String(p.modifyAll), String(p.viewAll), String(p.manageUsers), String(p.apiEnabled)])
            }
        }
        try w.close()
        manifest.add(.init(path: "PermissionSetAssignment.csv", rows: w.rows - 1, csvBytes: w.sink.bytesIn))
    }
}
