import Foundation

/// Refresh-grant usage of one app as seen in the logs (filled by the detection engine).
public struct AppRefreshUsage: Sendable, Codable, Hashable {
    /// As the logs spell it (LoginHistory `Application` / ApiTotalUsage `CONNECTED_APP_NAME`: the label).
    public var appName: String
    public var users: Int
    public var networks: Int
    public var grants: Int
    public var failedGrants: Int
    public init(appName: String, users: Int, networks: Int, grants: Int, failedGrants: Int) {
        self.appName = appName; self.users = users; self.networks = networks; self.grants = grants; self.failedGrants = failedGrants
    }
}

/// The `tokenhound posture` report: one block per app, sorted by label, as aligned text or stable JSON.
///
/// `usage` is keyed by lowercased app name (label); an app matches its entry by label or developer
/// name. Apps seen in the logs with no metadata are listed as "unknown — no metadata supplied" and
/// scored as unknown (never safe).
public struct PostureReport: Sendable {
    public var apps: [AppPosture]
    public var usage: [String: AppRefreshUsage]
    public var diagnostics: [InputDiagnostic]

    public init(apps: [AppPosture], usage: [String: AppRefreshUsage] = [:], diagnostics: [InputDiagnostic] = []) {
        self.apps = apps; self.usage = usage; self.diagnostics = diagnostics
    }

    /// One app's block, in the form both renderings use.
    public struct Entry: Sendable, Codable, Hashable {
        public var label: String
        public var developerName: String?
        /// "connected_app", "external_client_app", or "unknown".
        public var kind: String
        public var configured: Bool
        /// "Require Secret for Refresh Token Flow"; nil = unknown.
        public var controlEnforced: Bool?
        public var refreshTokenRotation: Bool?
        public var consumerSecretOptional: Bool?
        public var pkceRequired: Bool?
        /// Metadata spelling: `infinite`, `zero`, `specific_lifetime:24:HOURS`, ... (nil when unconfigured).
        public var refreshTokenPolicy: String?
        /// `ENFORCE`, `ENFORCE_RELAXREFRESH`, `BYPASS_2FACTOR`, `BYPASS`, or the raw unknown value.
        public var ipRelaxation: String?
        public var ipRanges: Bool?
        /// `AdminApprovedPreAuthorized`, `AllSelfAuthorized`, or the raw unknown value.
        public var permittedUsers: String?
        public var scopes: [String]
        public var postureLine: String
        public var cvssBand: String
        public var modifiers: [String]
        public var impactScore: Int
        public var impactReasons: [String]
        public var remediation: [String]
        public var usage: AppRefreshUsage?
        /// ISO 8601 UTC mtime of the newest source file.
        public var configurationAsOf: String?
        public var sourceFiles: [String]
    }

    public var entries: [Entry] { pairs.map(\.entry) }

    /// Entries with the posture they came from (nil for apps seen only in the logs), sorted by label.
    var pairs: [(entry: Entry, posture: AppPosture?)] {
        var result: [(entry: Entry, posture: AppPosture?)] = []
        var used = Set<String>()
        for app in apps {
            let hit = usage[app.label.lowercased()].map { (app.label.lowercased(), $0) }
                ?? usage[app.developerName.lowercased()].map { (app.developerName.lowercased(), $0) }
                ?? usage.sorted(by: { $0.key < $1.key }).first(where: { app.matches(appName: $0.value.appName) }).map { ($0.key, $0.value) }
            if let hit { used.insert(hit.0) }
            result.append((Self.entry(app, usage: hit?.1), app))
        }
        for (key, u) in usage where !used.contains(key) {
            let a = PostureAssessment(nil)
            let impact = a.impact(privilegedUser: false)
            result.append((Entry(label: u.appName.isEmpty ? key : u.appName, developerName: nil, kind: "unknown", configured: false,
                                controlEnforced: nil, refreshTokenRotation: nil, consumerSecretOptional: nil, pkceRequired: nil,
                                refreshTokenPolicy: nil, ipRelaxation: nil, ipRanges: nil, permittedUsers: nil, scopes: [],
                                postureLine: "unknown — no metadata supplied", cvssBand: a.cvssBand, modifiers: a.modifiers,
                                impactScore: impact.score, impactReasons: impact.reasons, remediation: a.remediationSteps,
                                usage: u, configurationAsOf: nil, sourceFiles: []), nil))
        }
        return result.sorted {
            let a = $0.entry, b = $1.entry
            return (a.label.lowercased(), a.label, a.developerName ?? "", a.kind) < (b.label.lowercased(), b.label, b.developerName ?? "", b.kind)
        }
    }

    static func entry(_ app: AppPosture, usage: AppRefreshUsage?) -> Entry {
        let a = PostureAssessment(app)
        let impact = a.impact(privilegedUser: false)
        return Entry(label: app.label, developerName: app.developerName, kind: app.kind.rawValue, configured: true,
                     controlEnforced: app.secretRequiredForRefresh, refreshTokenRotation: app.refreshTokenRotation,
                     consumerSecretOptional: app.consumerSecretOptional, pkceRequired: app.pkceRequired,
                     refreshTokenPolicy: app.refreshTokenPolicy.metadataValue, ipRelaxation: app.ipRelaxation.metadataValue,
                     ipRanges: app.hasIPRanges, permittedUsers: app.permittedUsers.metadataValue, scopes: app.scopes,
                     postureLine: a.postureLine, cvssBand: a.cvssBand, modifiers: a.modifiers, impactScore: impact.score,
                     impactReasons: impact.reasons, remediation: a.remediationSteps, usage: usage,
                     configurationAsOf: app.asOf?.iso8601, sourceFiles: app.sourceFiles)
    }

    // MARK: JSON

    private struct Document: Codable {
        var apps: [Entry]
        var diagnostics: [InputDiagnostic]
    }

    /// `{"apps": [...], "diagnostics": [...]}`, pretty-printed with sorted keys; absent optional
    /// values are omitted. Byte-identical for identical input.
    public func renderJSON() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var data = try encoder.encode(Document(apps: entries, diagnostics: diagnostics.sorted()))
        data.append(0x0A)
        return data
    }

    // MARK: Text

    /// Human text: aligned `key: value` rows, one block per app. Every value from the input passes
    /// through `TerminalSafe.escape`, so XML content cannot drive the terminal.
    public func renderText() -> String {
        let list = pairs
        var out = ""
        let configured = list.filter(\.entry.configured).count
        out += "Connected app posture: \(list.count) app\(list.count == 1 ? "" : "s") (\(configured) with configuration, \(list.count - configured) without)\n"
        func yesNo(_ b: Bool?, yes: String = "yes", no: String = "NO") -> String { b.map { $0 ? yes : no } ?? "unknown" }
        /// The metadata spelling, marked when it was not recognised or not supplied.
        func value(_ raw: String?, unknown: Bool) -> String {
            guard let raw else { return "unknown" }
            if !unknown { return raw }
            return raw == "not supplied" ? "unknown (not supplied)" : "'\(raw)' (unrecognised: treated as unknown)"
        }
        for (e, posture) in list {
            out += "\n"
            let title = e.configured
                ? "\(e.label) [\(e.kind == AppPosture.AppKind.connectedApp.rawValue ? "Connected App" : "External Client App")\(e.developerName.map { ", \($0)" } ?? "")]"
                : "\(e.label) — unknown — no metadata supplied"
            out += TerminalSafe.escape(title) + "\n"
            var rows: [(String, [String])] = []
            if e.configured {
                rows.append(("secret required for refresh", [yesNo(e.controlEnforced, yes: "yes (control enforced)", no: "NO (control off)")]))
                rows.append(("refresh token rotation", [yesNo(e.refreshTokenRotation, yes: "on", no: "off")]))
                var policyUnknown = false, ipUnknown = false, usersUnknown = false
                if case .unknown? = posture?.refreshTokenPolicy { policyUnknown = true }
                if case .unknown? = posture?.ipRelaxation { ipUnknown = true }
                if case .unknown? = posture?.permittedUsers { usersUnknown = true }
                rows.append(("refresh token policy", [value(e.refreshTokenPolicy, unknown: policyUnknown)]))
                rows.append(("IP relaxation", [value(e.ipRelaxation, unknown: ipUnknown) + (e.ipRanges == true ? " (trusted IP ranges set)" : "")]))
                rows.append(("permitted users", [value(e.permittedUsers, unknown: usersUnknown)]))
                rows.append(("scopes", [e.scopes.isEmpty ? "(none listed)" : e.scopes.joined(separator: ", ")]))
            }
            rows.append(("CVSS band", [e.cvssBand]))
            rows.append(("modifiers", e.modifiers.isEmpty ? ["none"] : e.modifiers))
            rows.append(("impact", ["\(e.impactScore)/100"] + e.impactReasons.map { "- " + $0 }))
            rows.append(("remediation", e.remediation.enumerated().map { "\($0.offset + 1). \($0.element)" }))
            if let u = e.usage {
                rows.append(("usage from logs", ["\(u.grants) refresh grant\(u.grants == 1 ? "" : "s") (\(u.failedGrants) failed), \(u.users) user\(u.users == 1 ? "" : "s"), \(u.networks) network\(u.networks == 1 ? "" : "s")"]))
            }
            if e.configured {
                rows.append(("configuration", ["as of \(e.configurationAsOf ?? "unknown date") from \(e.sourceFiles.joined(separator: ", "))"]))
            }
            let width = rows.map { $0.0.count }.max() ?? 0
            for (key, values) in rows {
                for (i, value) in values.enumerated() {
                    let head = i == 0 ? key + ":" + String(repeating: " ", count: width - key.count) : String(repeating: " ", count: width + 1)
                    out += "  " + head + " " + TerminalSafe.escape(value) + "\n"
                }
            }
        }
        if !diagnostics.isEmpty {
            out += "\nDiagnostics:\n"
            for d in diagnostics.sorted() { out += "  " + TerminalSafe.escape(d.rendered) + "\n" }
        }
        return out
    }
}
