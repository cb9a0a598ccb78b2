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
    private var traitsByKey = MemoTable<TraitsKey, GrantTraits>()
    /// The traits made so far for grants of each user (by id), up to `userTraitsLimit` of them: a
    /// user's grants come from an app or two and a client or two, so a grant's traits are found
    /// by the user's id (three words to hash) and a byte comparison, where `traitsByKey` hashes
    /// the whole user agent and user key of every grant.
    private var traitsByUser: [SalesforceID: [UserTraits]] = [:]
    private static let userTraitsLimit = 8

    /// One entry of `traitsByUser`: the rest of a `TraitsKey` (the user key follows from the id).
    private struct UserTraits {
        var app: TraitsKey.App
        var method: AttributionMethod
        var userAgent: VerbatimString
        var traits: GrantTraits
    }

    /// How attribution named a grant's app: by label (exports, LoginEvent) or by `0H4...` id.
    enum AppNaming { case name(String), id(SalesforceID) }

    /// Everything `GrantTraits` is derived from, text by its exact bytes.
    private struct TraitsKey: Hashable {
        enum App: Hashable { case name(VerbatimString), id(SalesforceID), unattributed }
        var app: App
        var method: AttributionMethod
        var userAgent: VerbatimString
        var userKey: VerbatimString
    }

    init(catalog: AppCatalog) { self.catalog = catalog }

    /// `catalog.identity(name:)`.
    private mutating func identity(name: String) -> AppCatalog.Identity {
        identityByName.value(for: VerbatimString(name)) { catalog.identity(name: name) }
    }

    /// `catalog.identity(id:)`.
    private mutating func identity(id: SalesforceID) -> AppCatalog.Identity {
        identityByID.value(for: id) { catalog.identity(id: id) }
    }

    /// `AppCatalog.unattributed(userAgentFamily:)`.
    private mutating func unattributed(userAgentFamily family: String) -> AppCatalog.Identity {
        unattributedByFamily.value(for: VerbatimString(family)) { AppCatalog.unattributed(userAgentFamily: family) }
    }

    /// `UserAgentFamily.family(of:)` and `lowercased()` of a user agent.
    private mutating func client(_ userAgent: String) -> (family: String, lowercased: String) {
        clientByUserAgent.value(for: VerbatimString(userAgent)) { (UserAgentFamily.family(of: userAgent), userAgent.lowercased()) }
    }

    /// The shared traits of a grant of `e` whose app `app` names by `method`; unattributed when
    /// `app` is nil.
    mutating func traits(_ e: AuthEvent, app: AppNaming?, method: AttributionMethod) -> GrantTraits {
        let userAgent = e.userAgent
        let keyApp: TraitsKey.App
        switch app {
        case .name(let name): keyApp = .name(VerbatimString(name))
        case .id(let id): keyApp = .id(id)
        case nil: keyApp = .unattributed
        }
        let keyMethod = app == nil ? AttributionMethod.unattributed : method
        let verbatimUserAgent = VerbatimString(userAgent)
        if let user = e.user, let made = traitsByUser[user]?.first(where: {
            $0.method == keyMethod && $0.app == keyApp && $0.userAgent == verbatimUserAgent
        }) {
            return made.traits
        }
        let made = traits(e, keyApp: keyApp, keyMethod: keyMethod, userAgent: verbatimUserAgent)
        if let user = e.user, traitsByUser[user, default: []].count < Self.userTraitsLimit {
            traitsByUser[user, default: []].append(UserTraits(app: keyApp, method: keyMethod, userAgent: verbatimUserAgent, traits: made))
        }
        return made
    }

    /// `traits(_:app:method:)` by the whole key, made on the first request for it.
    private mutating func traits(_ e: AuthEvent, keyApp: TraitsKey.App, keyMethod: AttributionMethod,
                                 userAgent verbatimUserAgent: VerbatimString) -> GrantTraits {
        let userKey = userKey(e), userAgent = verbatimUserAgent.text
        let key = TraitsKey(app: keyApp, method: keyMethod, userAgent: verbatimUserAgent, userKey: VerbatimString(userKey))
        if let known = traitsByKey[key] { return known }
        let client = client(userAgent)
        let identity: AppCatalog.Identity
        switch keyApp {
        case .name(let name): identity = self.identity(name: name.text)
        case .id(let id): identity = self.identity(id: id)
        case .unattributed: identity = unattributed(userAgentFamily: client.family)
        }
        let traits = GrantTraits(app: identity, method: key.method, userAgentFamily: client.family,
                                 lowercasedUserAgent: client.lowercased, userKey: userKey)
        traitsByKey[key] = traits
        return traits
    }

    /// The user key grants are grouped by: the 18-char id, else the raw text, else "(unknown)".
    mutating func userKey(_ e: AuthEvent) -> String {
        guard let user = e.user else { return e.rawUser ?? "(unknown)" }
        return userKeyByID.value(for: user) { user.description }
    }
}
