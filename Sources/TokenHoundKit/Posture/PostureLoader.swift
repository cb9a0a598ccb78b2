import Foundation

/// Reads connected-app posture from Salesforce metadata: Metadata API `ConnectedApp` files and the
/// External Client App family, in sfdx source format (`*.connectedApp-meta.xml`) or mdapi format
/// (`*.connectedApp`).
///
/// | File | Root | Read |
/// |---|---|---|
/// | `*.connectedApp-meta.xml` | `ConnectedApp` | `label`; `oauthConfig/{isSecretRequiredForRefreshToken (default true), isRefreshTokenRotationEnabled (false), isConsumerSecretOptional (false), isPkceRequired (false), isAdminApproved (false = all users self-authorise), scopes*}`; `oauthPolicy/{ipRelaxation (ENFORCE), refreshTokenPolicy (infinite)}`; `ipRanges` |
/// | `*.eca-meta.xml` | `ExternalClientApplication` | `label` (else `masterLabel`) |
/// | `*.ecaGlblOauth-meta.xml` | `ExtlClntAppGlobalOauthSettings` | `isSecretRequiredForRefreshToken` (true), `isRefreshTokenRotationEnabled` (false), `isPkceRequired` (true), `isConsumerSecretOptional` (false) |
/// | `*.ecaOauthPlcy-meta.xml` | `ExtlClntAppOauthConfigurablePolicies` | `ipRelaxationPolicyType` (Enforce), `permittedUsersPolicyType` (AllSelfAuthorized), `refreshTokenPolicyType` (Infinite), `refreshTokenValidityPeriod`, `refreshTokenValidityUnit` |
/// | `*.ecaOauth-meta.xml` | `ExtlClntAppOauthSettings` | `commaSeparatedOauthScopes` |
///
/// Rules: element names match with namespace prefixes ignored and are accepted anywhere in the file
/// (public examples put `isRefreshTokenRotationEnabled` under `oauthPolicy`); an absent element takes
/// the documented default; an unrecognised value is `.unknown(raw)` (or nil for a boolean), never the
/// default. An External Client App's files merge by developer name (the `.eca` file's base name, and
/// the `externalClientApplication` element of the others, else their base name); when a whole file of
/// the family is missing its facts are *unknown* (nil / `.unknown("not supplied")`), not defaulted.
/// The developer name is the file name minus its suffix; `asOf` is the newest source file's mtime.
/// Files are processed in sorted path order: for a duplicate developer name the last one wins, with
/// a warning. Broken or hostile files (malformed, DOCTYPE/entities, too big, too deep) become error
/// diagnostics naming file and line; the other files still load.
public enum PostureLoader {
    enum FileKind: CaseIterable {
        case connectedApp, eca, ecaGlobalOauth, ecaOauthPolicy, ecaOauthSettings

        /// Suffixes, longest first within a family so `.ecaOauthPlcy` is never read as `.ecaOauth`.
        static let suffixes: [(String, FileKind)] = [
            (".connectedapp-meta.xml", .connectedApp), (".connectedapp", .connectedApp),
            (".ecaglbloauth-meta.xml", .ecaGlobalOauth), (".ecaglbloauth", .ecaGlobalOauth),
            (".ecaoauthplcy-meta.xml", .ecaOauthPolicy), (".ecaoauthplcy", .ecaOauthPolicy),
            (".ecaoauth-meta.xml", .ecaOauthSettings), (".ecaoauth", .ecaOauthSettings),
            (".eca-meta.xml", .eca), (".eca", .eca),
        ]

        var expectedRoot: String {
            switch self {
            case .connectedApp: return "ConnectedApp"
            case .eca: return "ExternalClientApplication"
            case .ecaGlobalOauth: return "ExtlClntAppGlobalOauthSettings"
            case .ecaOauthPolicy: return "ExtlClntAppOauthConfigurablePolicies"
            case .ecaOauthSettings: return "ExtlClntAppOauthSettings"
            }
        }

        /// (kind, developer name) for a metadata file name, nil for anything else.
        static func classify(fileName: String) -> (FileKind, String)? {
            let lower = fileName.lowercased()
            for (suffix, kind) in suffixes where lower.hasSuffix(suffix) && lower.utf8.count > suffix.utf8.count {
                return (kind, String(fileName.utf8.prefix(fileName.utf8.count - suffix.utf8.count)) ?? fileName)
            }
            return nil
        }
    }

    public static func load(paths: [String]) -> (apps: [AppPosture], diagnostics: [InputDiagnostic]) {
        load(paths: paths, limits: .default)
    }

    public static func load(paths: [String], limits: PostureXMLLimits) -> (apps: [AppPosture], diagnostics: [InputDiagnostic]) {
        var diagnostics: [InputDiagnostic] = []
        let files = discover(paths: paths, diagnostics: &diagnostics)

        var connectedApps: [String: (app: AppPosture, file: String)] = [:]
        var ecaParts: [String: [FileKind: Part]] = [:]
        var totalBytes = 0

        for (path, kind, devName) in files {
            guard let part = read(path: path, kind: kind, devName: devName, limits: limits, totalBytes: &totalBytes,
                                  diagnostics: &diagnostics) else { continue }
            switch kind {
            case .connectedApp:
                let app = connectedApp(part, diagnostics: &diagnostics)
                let key = devName.lowercased()
                if let previous = connectedApps[key] {
                    diagnostics.append(InputDiagnostic(severity: .warning, file: path, message:
                        "duplicate Connected App developer name '\(devName)' (also in \(previous.file)): using this file, the last in sorted path order"))
                }
                connectedApps[key] = (app, path)
            default:
                let referenced = part.facts.first("externalClientApplication")?.text ?? ""
                let owner = kind == .eca || referenced.isEmpty ? devName : referenced
                var parts = ecaParts[owner.lowercased()] ?? [:]
                if let previous = parts[kind] {
                    diagnostics.append(InputDiagnostic(severity: .warning, file: path, message:
                        "duplicate \(kind.expectedRoot) for External Client App '\(owner)' (also in \(previous.path)): using this file, the last in sorted path order"))
                }
                var p = part
                p.owner = owner
                parts[kind] = p
                ecaParts[owner.lowercased()] = parts
            }
        }

        var apps = connectedApps.values.map(\.app)
        for key in ecaParts.keys.sorted() {
            apps.append(externalClientApp(ecaParts[key] ?? [:], diagnostics: &diagnostics))
        }
        apps.sort { ($0.label.lowercased(), $0.developerName.lowercased(), $0.kind.rawValue) < ($1.label.lowercased(), $1.developerName.lowercased(), $1.kind.rawValue) }
        diagnostics.sort()
        return (apps, diagnostics)
    }

    // MARK: - Files

    struct Part {
        var path: String
        var devName: String
        var owner: String
        var facts: XMLFacts
        var mtime: EventTime?
    }

    /// Every metadata file under `paths`, deduplicated (the same file reached twice is read once) and
    /// sorted by path, so the result does not depend on argument order.
    static func discover(paths: [String], diagnostics: inout [InputDiagnostic]) -> [(String, FileKind, String)] {
        let fm = FileManager.default
        var found: [String: (String, FileKind, String)] = [:]   // canonical path -> (display path, kind, dev name)
        @discardableResult
        func add(_ display: String) -> Bool {
            let name = (display as NSString).lastPathComponent
            guard let (kind, dev) = FileKind.classify(fileName: name) else { return false }
            let canonical = URL(fileURLWithPath: display).standardizedFileURL.resolvingSymlinksInPath().path
            if let existing = found[canonical], existing.0 <= display { return true }
            found[canonical] = (display, kind, dev)
            return true
        }
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                diagnostics.append(InputDiagnostic(severity: .error, file: path, message: "no such file or directory"))
                continue
            }
            if !isDir.boolValue {
                if FileKind.classify(fileName: (path as NSString).lastPathComponent) == nil {
                    diagnostics.append(InputDiagnostic(severity: .warning, file: path, message:
                        "not a connected app or External Client App metadata file (*.connectedApp-meta.xml, *.eca-meta.xml, *.ecaGlblOauth-meta.xml, *.ecaOauthPlcy-meta.xml): skipped"))
                }
                add(path)
                continue
            }
            var any = false
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            guard let walker = fm.enumerator(atPath: path) else {
                diagnostics.append(InputDiagnostic(severity: .error, file: path, message: "directory cannot be read"))
                continue
            }
            while let rel = walker.nextObject() as? String {
                let full = base.isEmpty ? "/" + rel : base + "/" + rel
                let last = (rel as NSString).lastPathComponent
                var sub: ObjCBool = false
                guard fm.fileExists(atPath: full, isDirectory: &sub) else { continue }
                if sub.boolValue {
                    // .git, .sfdx, .sf hold caches and copies, not the project's source.
                    if last.hasPrefix(".") || last == "node_modules" { walker.skipDescendants() }
                    continue
                }
                if add(full) { any = true }
            }
            if !any {
                diagnostics.append(InputDiagnostic(severity: .warning, file: path, message:
                    "no connected app or External Client App metadata found under this directory"))
            }
        }
        return found.values.sorted { $0.0 < $1.0 }
    }

    static func read(path: String, kind: FileKind, devName: String, limits: PostureXMLLimits, totalBytes: inout Int,
                     diagnostics: inout [InputDiagnostic]) -> Part? {
        let fm = FileManager.default
        let attributes = (try? fm.attributesOfItem(atPath: path)) ?? [:]
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxFileBytes {
            diagnostics.append(InputDiagnostic(severity: .error, file: path, message:
                "rejected: file is \(size) bytes, over the \(limits.maxFileBytes)-byte limit for metadata XML"))
            return nil
        }
        if totalBytes + size > limits.maxTotalBytes {
            diagnostics.append(InputDiagnostic(severity: .error, file: path, message:
                "skipped: over the \(limits.maxTotalBytes)-byte total limit for posture metadata in one run"))
            return nil
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            diagnostics.append(InputDiagnostic(severity: .error, file: path, message: "cannot be read"))
            return nil
        }
        defer { try? handle.close() }
        // Read one byte past the limit, so a file that grew after stat() is still caught.
        let data = (try? handle.read(upToCount: limits.maxFileBytes + 1)) ?? Data()
        if data.count > limits.maxFileBytes {
            diagnostics.append(InputDiagnostic(severity: .error, file: path, message:
                "rejected: file is over the \(limits.maxFileBytes)-byte limit for metadata XML"))
            return nil
        }
        totalBytes += data.count
        let facts: XMLFacts
        switch SecureXML.parse(data, limits: limits) {
        case .failure(let problem):
            diagnostics.append(InputDiagnostic(severity: .error, file: path, line: problem.line, message: problem.message))
            return nil
        case .success(let f):
            facts = f
        }
        if facts.root != kind.expectedRoot {
            diagnostics.append(InputDiagnostic(severity: .warning, file: path, line: 1, message:
                "root element is <\(facts.root)>, expected <\(kind.expectedRoot)>: read anyway"))
        }
        let mtime = (attributes[.modificationDate] as? Date).map { EventTime(millis: Int64(($0.timeIntervalSince1970 * 1000).rounded(.down))) }
        return Part(path: path, devName: devName, owner: devName, facts: facts, mtime: mtime)
    }

    // MARK: - Values

    /// A boolean element: absent => `fallback`; `true`/`false`/`1`/`0` (any case); else nil with a warning.
    static func bool(_ name: String, in part: Part, preferParent: String? = nil, absent fallback: Bool?,
                     diagnostics: inout [InputDiagnostic]) -> Bool? {
        guard let element = part.facts.first(name, preferParent: preferParent) else { return fallback }
        switch element.text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default:
            diagnostics.append(InputDiagnostic(severity: .warning, file: part.path, line: element.line, message:
                "<\(name)> is '\(element.text)', not true/false: treated as unknown"))
            return nil
        }
    }

    static func warnUnknown(_ value: String?, element: String, in part: Part, diagnostics: inout [InputDiagnostic]) {
        let line = part.facts.first(element)?.line
        diagnostics.append(InputDiagnostic(severity: .warning, file: part.path, line: line, message:
            "<\(element)> value '\(value ?? "")' not recognised: treated as unknown (not the default)"))
    }

    static func connectedApp(_ part: Part, diagnostics: inout [InputDiagnostic]) -> AppPosture {
        let facts = part.facts
        let label = facts.elements.first(where: { $0.name == "label" && $0.path.count == 2 })?.text
            ?? facts.first("label")?.text ?? ""
        let secret = bool("isSecretRequiredForRefreshToken", in: part, preferParent: "oauthConfig", absent: true, diagnostics: &diagnostics)
        let rotation = bool("isRefreshTokenRotationEnabled", in: part, preferParent: "oauthConfig", absent: false, diagnostics: &diagnostics)
        let secretOptional = bool("isConsumerSecretOptional", in: part, preferParent: "oauthConfig", absent: false, diagnostics: &diagnostics)
        let pkce = bool("isPkceRequired", in: part, preferParent: "oauthConfig", absent: false, diagnostics: &diagnostics)

        let permitted: AppPosture.PermittedUsers
        if let element = facts.first("isAdminApproved", preferParent: "oauthConfig") {
            switch element.text.lowercased() {
            case "true", "1": permitted = .adminApprovedPreAuthorized
            case "false", "0": permitted = .allSelfAuthorized
            default:
                permitted = .unknown(element.text)
                warnUnknown(element.text, element: "isAdminApproved", in: part, diagnostics: &diagnostics)
            }
        } else {
            permitted = .allSelfAuthorized
        }

        var ip = AppPosture.IPRelaxation.enforce
        if let element = facts.first("ipRelaxation", preferParent: "oauthPolicy") {
            ip = .init(metadataValue: element.text)
            if case .unknown = ip { warnUnknown(element.text, element: "ipRelaxation", in: part, diagnostics: &diagnostics) }
        }
        var policy = AppPosture.RefreshTokenPolicy.infinite
        if let element = facts.first("refreshTokenPolicy", preferParent: "oauthPolicy") {
            policy = .init(connectedAppValue: element.text)
            if case .unknown = policy { warnUnknown(element.text, element: "refreshTokenPolicy", in: part, diagnostics: &diagnostics) }
        }
        let scopes = facts.elements.filter { $0.name == "scopes" && $0.parent == "oauthConfig" }.map(\.text).filter { !$0.isEmpty }
        let allScopes = scopes.isEmpty ? facts.all("scopes").map(\.text).filter { !$0.isEmpty } : scopes
        return AppPosture(kind: .connectedApp, developerName: part.devName, label: label.isEmpty ? part.devName : label,
                          secretRequiredForRefresh: secret, refreshTokenRotation: rotation, consumerSecretOptional: secretOptional,
                          pkceRequired: pkce, ipRelaxation: ip, refreshTokenPolicy: policy, permittedUsers: permitted,
                          scopes: allScopes, hasIPRanges: !facts.all("ipRanges").isEmpty,
                          sourceFiles: [part.path], asOf: part.mtime)
    }

    static func externalClientApp(_ parts: [FileKind: Part], diagnostics: inout [InputDiagnostic]) -> AppPosture {
        let ordered = FileKind.allCases.compactMap { parts[$0] }
        let devName = parts[.eca]?.devName ?? ordered.first?.owner ?? ""
        let global = parts[.ecaGlobalOauth]
        let policy = parts[.ecaOauthPolicy]
        let anchor = ordered.first!   // non-empty: the caller only groups files that exist
        /// The part holding `name` (expected file first, then any file of the app).
        func locate(_ name: String, expected: Part?) -> Part? {
            if let expected, expected.facts.first(name) != nil { return expected }
            return ordered.first { $0.facts.first(name) != nil }
        }
        func flag(_ name: String, expected: Part?, fileDefault: Bool) -> Bool? {
            if let part = locate(name, expected: expected) {
                return bool(name, in: part, absent: nil, diagnostics: &diagnostics)
            }
            return expected == nil ? nil : fileDefault
        }
        let label = parts[.eca].flatMap { $0.facts.first("label")?.text ?? $0.facts.first("masterLabel")?.text }
            ?? ordered.lazy.compactMap({ $0.facts.first("label")?.text ?? $0.facts.first("masterLabel")?.text }).first
            ?? devName

        let secret = flag("isSecretRequiredForRefreshToken", expected: global, fileDefault: true)
        let rotation = flag("isRefreshTokenRotationEnabled", expected: global, fileDefault: false)
        let pkce = flag("isPkceRequired", expected: global, fileDefault: true)
        let secretOptional = flag("isConsumerSecretOptional", expected: global, fileDefault: false)

        let notSupplied = "not supplied"
        var ip = AppPosture.IPRelaxation.unknown(notSupplied)
        if let part = locate("ipRelaxationPolicyType", expected: policy), let text = part.facts.first("ipRelaxationPolicyType")?.text {
            ip = .init(metadataValue: text)
            if case .unknown = ip { warnUnknown(text, element: "ipRelaxationPolicyType", in: part, diagnostics: &diagnostics) }
        } else if let part = locate("ipRelaxation", expected: policy), let text = part.facts.first("ipRelaxation")?.text {
            ip = .init(metadataValue: text)
        } else if policy != nil {
            ip = .enforce
        }
        var users = AppPosture.PermittedUsers.unknown(notSupplied)
        if let part = locate("permittedUsersPolicyType", expected: policy), let text = part.facts.first("permittedUsersPolicyType")?.text {
            users = .init(metadataValue: text)
            if case .unknown = users { warnUnknown(text, element: "permittedUsersPolicyType", in: part, diagnostics: &diagnostics) }
        } else if policy != nil {
            users = .allSelfAuthorized
        }
        var tokens = AppPosture.RefreshTokenPolicy.unknown(notSupplied)
        if let part = locate("refreshTokenPolicyType", expected: policy), let text = part.facts.first("refreshTokenPolicyType")?.text {
            tokens = .init(ecaType: text, period: part.facts.first("refreshTokenValidityPeriod")?.text,
                           unit: part.facts.first("refreshTokenValidityUnit")?.text)
            if case .unknown = tokens { warnUnknown(text, element: "refreshTokenPolicyType", in: part, diagnostics: &diagnostics) }
        } else if policy != nil {
            tokens = .infinite
        }

        var scopes: [String] = []
        for part in ordered {
            for element in part.facts.all("commaSeparatedOauthScopes") {
                scopes += element.text.split(separator: ",").map { String($0).postureTrimmed }.filter { !$0.isEmpty }
            }
            scopes += part.facts.all("scopes").map(\.text).filter { !$0.isEmpty }
        }
        var seen = Set<String>()
        scopes = scopes.filter { seen.insert($0.lowercased()).inserted }

        if global == nil {
            diagnostics.append(InputDiagnostic(severity: .warning, file: anchor.path, message:
                "External Client App '\(devName)': no *.ecaGlblOauth-meta.xml supplied: 'Require Secret for Refresh Token Flow' and rotation are unknown"))
        }
        if policy == nil {
            diagnostics.append(InputDiagnostic(severity: .note, file: anchor.path, message:
                "External Client App '\(devName)': no *.ecaOauthPlcy-meta.xml supplied: refresh token policy, IP relaxation and permitted users are unknown"))
        }
        return AppPosture(kind: .externalClientApp, developerName: devName, label: label.isEmpty ? devName : label,
                          secretRequiredForRefresh: secret, refreshTokenRotation: rotation, consumerSecretOptional: secretOptional,
                          pkceRequired: pkce, ipRelaxation: ip, refreshTokenPolicy: tokens, permittedUsers: users, scopes: scopes,
                          hasIPRanges: ordered.contains { !$0.facts.all("ipRanges").isEmpty },
                          sourceFiles: ordered.map(\.path).sorted(), asOf: ordered.compactMap(\.mtime).max())
    }
}
