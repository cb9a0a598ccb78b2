/// What the attributor derives from an app name or id, a user agent or a user id, computed once per
/// distinct value: a hundred thousand grants share a few dozen apps, clients and users, and each
/// derivation (lowercasing, posture lookup, user-agent parsing, id formatting) allocates.
/// Text is looked up by its exact bytes, so every answer is the one the uncached call would give.
struct AttributionMemo {
    let catalog: AppCatalog
    private var identityByName = MemoTable<VerbatimString, AppCatalog.Identity>()
    private var identityByID = MemoTable<SalesforceID, AppCatalog.Identity>()
    private var unattributedByFamily = MemoTable<VerbatimString, AppCatalog.Identity>()
    private var clientByUserAgent = MemoTable<VerbatimString, (family: String, lowercased: String)>()
    private var userKeyByID = MemoTable<SalesforceID, String>()

    init(catalog: AppCatalog) { self.catalog = catalog }

    /// `catalog.identity(name:)`.
    mutating func identity(name: String) -> AppCatalog.Identity {
        identityByName.value(for: VerbatimString(name)) { catalog.identity(name: name) }
    }

    /// `catalog.identity(id:)`.
    mutating func identity(id: SalesforceID) -> AppCatalog.Identity {
        identityByID.value(for: id) { catalog.identity(id: id) }
    }

    /// `AppCatalog.unattributed(userAgentFamily:)`.
    mutating func unattributed(userAgentFamily family: String) -> AppCatalog.Identity {
        unattributedByFamily.value(for: VerbatimString(family)) { AppCatalog.unattributed(userAgentFamily: family) }
    }

    /// `UserAgentFamily.family(of:)` and `lowercased()` of a user agent.
    mutating func client(_ userAgent: String) -> (family: String, lowercased: String) {
        clientByUserAgent.value(for: VerbatimString(userAgent)) { (UserAgentFamily.family(of: userAgent), userAgent.lowercased()) }
    }

    /// The user key grants are grouped by: the 18-char id, else the raw text, else "(unknown)".
    mutating func userKey(_ e: AuthEvent) -> String {
        guard let user = e.user else { return e.rawUser ?? "(unknown)" }
        return userKeyByID.value(for: user) { user.description }
    }
}
