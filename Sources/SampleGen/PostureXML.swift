/// Metadata API files describing each app's OAuth posture, as `sf project retrieve start` writes
/// them: Connected Apps under `connectedApps/`, one External Client App as its three files.
/// Elements at their platform default are omitted, as retrieved files do, except where noted.
enum PostureXML {
    static let ns = "http://soap.sforce.com/2006/04/metadata"

    static func write(apps: [ConnectedApp], root: String, rng: inout PRNG, manifest: Manifest) throws {
        let base = root + "/force-app/main/default"
        for app in apps {
            switch app.metadata {
            case .none: continue
            case .connectedApp:
                try makeDirectories(base + "/connectedApps")
                let rel = "force-app/main/default/connectedApps/\(app.apiName).connectedApp-meta.xml"
                try writeTextFile(root + "/" + rel, connectedApp(app, rng: &rng))
                manifest.add(.init(path: rel, rows: 0, csvBytes: 0))
            case .externalClientApp:
                for (dir, suffix, text) in [
                    ("externalClientApps", ".eca-meta.xml", eca(app)),
                    ("extlClntAppGlobalOauthSets", "_glbloauth.ecaGlblOauth-meta.xml", ecaGlobal(app, rng: &rng)),
                    ("extlClntAppOauthPlcies", "_oauthPlcy.ecaOauthPlcy-meta.xml", ecaPolicy(app)),
                ] {
                    try makeDirectories(base + "/" + dir)
                    let rel = "force-app/main/default/\(dir)/\(app.apiName)\(suffix)"
                    try writeTextFile(root + "/" + rel, text)
                    manifest.add(.init(path: rel, rows: 0, csvBytes: 0))
                }
            }
        }
    }

    static func consumerKey(_ rng: inout PRNG) -> String { "3MVG9" + rng.string(80, from: PRNG.base64url.filter { $0 != UInt8(ascii: "-") }) }

    static func connectedApp(_ app: ConnectedApp, rng: inout PRNG) -> String {
        let p = app.posture
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ConnectedApp xmlns=\"\(ns)\">\n"
        if !app.contactEmail.isEmpty { x += "    <contactEmail>\(app.contactEmail)</contactEmail>\n" }
        x += "    <label>\(app.label)</label>\n"
        x += "    <oauthConfig>\n"
        x += "        <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>\n"
        x += "        <consumerKey>\(consumerKey(&rng))</consumerKey>\n"
        if p.adminApproved { x += "        <isAdminApproved>true</isAdminApproved>\n" }
        if p.rotation { x += "        <isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>\n" }
        if let s = p.secretRequiredForRefresh { x += "        <isSecretRequiredForRefreshToken>\(s)</isSecretRequiredForRefreshToken>\n" }
        for s in p.scopes { x += "        <scopes>\(s)</scopes>\n" }
        x += "    </oauthConfig>\n"
        // Drift states its `infinite` policy explicitly; the others rely on the omitted default.
        let policy = p.refreshTokenPolicy ?? (app.label == "Drift" ? "infinite" : nil)
        if p.ipRelaxation != nil || policy != nil {
            x += "    <oauthPolicy>\n"
            if let ip = p.ipRelaxation { x += "        <ipRelaxation>\(ip)</ipRelaxation>\n" }
            if let r = policy { x += "        <refreshTokenPolicy>\(r)</refreshTokenPolicy>\n" }
            x += "    </oauthPolicy>\n"
        }
        x += "</ConnectedApp>\n"
        return x
    }

    static func eca(_ app: ConnectedApp) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <ExternalClientApplication xmlns="\(ns)">
            <contactEmail>\(app.contactEmail)</contactEmail>
            <distributionState>Local</distributionState>
            <isProtected>false</isProtected>
            <label>\(app.label)</label>
        </ExternalClientApplication>

        """
    }

    static func ecaGlobal(_ app: ConnectedApp, rng: inout PRNG) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExtlClntAppGlobalOauthSettings xmlns=\"\(ns)\">\n"
        x += "    <callbackUrl>https://login.salesforce.com/services/oauth2/success</callbackUrl>\n"
        x += "    <consumerKey>\(consumerKey(&rng))</consumerKey>\n"
        x += "    <externalClientApplication>\(app.apiName)</externalClientApplication>\n"
        x += "    <isPkceRequired>false</isPkceRequired>\n"
        if app.posture.rotation { x += "    <isRefreshTokenRotationEnabled>true</isRefreshTokenRotationEnabled>\n" }
        if let s = app.posture.secretRequiredForRefresh { x += "    <isSecretRequiredForRefreshToken>\(s)</isSecretRequiredForRefreshToken>\n" }
        x += "    <label>\(app.label)</label>\n"
        x += "</ExtlClntAppGlobalOauthSettings>\n"
        return x
    }

    static func ecaPolicy(_ app: ConnectedApp) -> String {
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ExtlClntAppOauthConfigurablePolicies xmlns=\"\(ns)\">\n"
        x += "    <externalClientApplication>\(app.apiName)</externalClientApplication>\n"
        x += "    <ipRelaxationPolicyType>Enforce</ipRelaxationPolicyType>\n"
        x += "    <label>\(app.label)</label>\n"
        x += "    <permittedUsersPolicyType>\(app.posture.adminApproved ? "AdminApprovedPreAuthorized" : "AllSelfAuthorized")</permittedUsersPolicyType>\n"
        if let r = app.posture.refreshTokenPolicy, r.hasPrefix("specific_lifetime:") {
            let parts = r.split(separator: ":")
            x += "    <refreshTokenPolicyType>SpecificLifetime</refreshTokenPolicyType>\n"
            x += "    <refreshTokenValidityPeriod>\(parts[1])</refreshTokenValidityPeriod>\n"
            x += "    <refreshTokenValidityUnit>\(parts[2].prefix(1) + parts[2].dropFirst().lowercased())</refreshTokenValidityUnit>\n"
        } else {
            x += "    <refreshTokenPolicyType>Infinite</refreshTokenPolicyType>\n"
        }
        x += "</ExtlClntAppOauthConfigurablePolicies>\n"
        return x
    }
}
