/// Resolves the many ways logs name a connected app (`0H4` ids of 15 or 18 chars, labels in
/// LoginHistory, names in ApiTotalUsage) to one identity, and ties identities to configuration.
public struct AppCatalog: Sendable {
    public struct Identity: Hashable, Sendable, Comparable {
        /// Grouping key: `name:<lowercased label>` when a name is known, else `id:<18-char id>`,
        /// else `unattributed:<ua family>`.
        public var key: String
        public var ref: AppRef
        public static func < (a: Identity, b: Identity) -> Bool { a.key < b.key }
    }

    private var nameByID: [SalesforceID: String]
    private var idByName: [String: SalesforceID]
    public let postures: [AppPosture]
    /// Lowercased label and developer name -> the first posture (in `postures` order) that has
    /// either: what a scan of `postures` per lookup found, without lowercasing every label each time.
    private let postureByLowercasedName: [String: AppPosture]

    public init(appNames: [SalesforceID: String], postures: [AppPosture]) {
        nameByID = appNames
        var byName: [String: SalesforceID] = [:]
        for (id, name) in appNames {
            let k = name.lowercased()
            if let existing = byName[k], existing < id { continue }
            byName[k] = id
        }
        idByName = byName
        self.postures = postures.sorted { $0.label.lowercased() < $1.label.lowercased() }
        var byLowercasedName: [String: AppPosture] = [:]
        for posture in self.postures {
            for name in [posture.label.lowercased(), posture.developerName.lowercased()] where byLowercasedName[name] == nil {
                byLowercasedName[name] = posture
            }
        }
        postureByLowercasedName = byLowercasedName
    }

    public func identity(id: SalesforceID) -> Identity {
        if let name = nameByID[id] { return identity(name: name) }
        return Identity(key: "id:\(id)", ref: AppRef(id: id.description, name: nil))
    }

    public func identity(name: String) -> Identity {
        // Prefer the configuration's label spelling when one matches.
        let lower = name.lowercased()
        let label = posture(named: name)?.label ?? name
        return Identity(key: "name:\(lower)", ref: AppRef(id: idByName[lower]?.description, name: label))
    }

    public static func unattributed(userAgentFamily: String) -> Identity {
        Identity(key: "unattributed:\(userAgentFamily)", ref: AppRef(id: nil, name: nil))
    }

    public func posture(named name: String) -> AppPosture? {
        postureByLowercasedName[name.lowercased()]
    }

    public func posture(for identity: Identity) -> AppPosture? {
        guard let name = identity.ref.name else { return nil }
        return posture(named: name)
    }
}
