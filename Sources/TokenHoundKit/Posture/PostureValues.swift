// Parsing and display of the posture enums, shared by the loader, the assessment and the report.

extension AppPosture.IPRelaxation {
    /// Parses a Connected App `oauthPolicy/ipRelaxation` (`ENFORCE`, `ENFORCE_RELAXREFRESH`, `BYPASS_2FACTOR`,
    /// `BYPASS`) or an External Client App `ipRelaxationPolicyType` (`Enforce`, `Enforce_RelaxRefresh`,
    /// `Bypass_2factor`, `Bypass`). Case and underscores are ignored; anything else is `.unknown(raw)`.
    public init(metadataValue raw: String) {
        let key = raw.lowercased().filter { $0 != "_" && $0 != " " && $0 != "-" }
        switch key {
        case "enforce": self = .enforce
        case "enforcerelaxrefresh": self = .enforceRelaxRefresh
        case "bypass2factor": self = .bypassTwoFactor
        case "bypass": self = .bypass
        default: self = .unknown(raw)
        }
    }

    /// The Connected App metadata spelling (`ENFORCE_RELAXREFRESH`), or the raw unknown value.
    public var metadataValue: String {
        switch self {
        case .enforce: return "ENFORCE"
        case .enforceRelaxRefresh: return "ENFORCE_RELAXREFRESH"
        case .bypassTwoFactor: return "BYPASS_2FACTOR"
        case .bypass: return "BYPASS"
        case .unknown(let raw): return raw
        }
    }

    /// True when IP restrictions do not apply to the refresh-token flow.
    public var relaxedOnRefresh: Bool {
        switch self {
        case .enforceRelaxRefresh, .bypassTwoFactor, .bypass: return true
        case .enforce, .unknown: return false
        }
    }

    public var displayName: String {
        switch self {
        case .enforce: return "enforce"
        case .enforceRelaxRefresh: return "enforce, relaxed on refresh"
        case .bypassTwoFactor: return "bypass with second factor"
        case .bypass: return "bypass"
        case .unknown(let raw): return "unknown (\(raw))"
        }
    }
}

extension AppPosture.RefreshTokenPolicy {
    /// Parses a Connected App `oauthPolicy/refreshTokenPolicy`: `infinite`, `zero`,
    /// `specific_lifetime:N:UNIT`, `specific_inactivity:N:UNIT` (UNIT `HOURS`, `DAYS`, `MONTHS`).
    /// Anything else, including a malformed count, is `.unknown(raw)`.
    public init(connectedAppValue raw: String) {
        let trimmed = raw.postureTrimmed
        let parts = trimmed.split(separator: ":", omittingEmptySubsequences: false).map { String($0).postureTrimmed }
        let head = parts.first?.lowercased().filter { $0 != "_" } ?? ""
        switch (head, parts.count) {
        case ("infinite", 1): self = .infinite
        case ("zero", 1): self = .zero
        case ("specificlifetime", 3):
            if let n = Int(parts[1]), n >= 0, let unit = Self.unit(parts[2]) { self = .specificLifetime(n, unit) } else { self = .unknown(raw) }
        case ("specificinactivity", 3):
            if let n = Int(parts[1]), n >= 0, let unit = Self.unit(parts[2]) { self = .specificInactivity(n, unit) } else { self = .unknown(raw) }
        default: self = .unknown(raw)
        }
    }

    /// Parses External Client App `refreshTokenPolicyType` (`Infinite`, `Zero`, `SpecificLifetime`,
    /// `SpecificInactivity`) with `refreshTokenValidityPeriod` and `refreshTokenValidityUnit`.
    public init(ecaType: String, period: String?, unit: String?) {
        let key = ecaType.lowercased().filter { $0 != "_" && $0 != " " }
        let n = period.flatMap { Int($0.postureTrimmed) }.flatMap { $0 >= 0 ? $0 : nil }
        let u = unit.flatMap { Self.unit($0) }
        switch key {
        case "infinite": self = .infinite
        case "zero": self = .zero
        case "specificlifetime", "specificinactivity":
            if let n, let u {
                self = key == "specificlifetime" ? .specificLifetime(n, u) : .specificInactivity(n, u)
            } else {
                self = .unknown("\(ecaType):\(period ?? ""):\(unit ?? "")")
            }
        default: self = .unknown(ecaType)
        }
    }

    /// `HOURS`, `DAYS`, `MONTHS` from any case, singular or plural; nil when empty or not a word.
    static func unit(_ raw: String) -> String? {
        let u = raw.postureTrimmed.uppercased()
        switch u {
        case "HOUR", "HOURS": return "HOURS"
        case "DAY", "DAYS": return "DAYS"
        case "MONTH", "MONTHS": return "MONTHS"
        default: return u.isEmpty || !u.allSatisfy({ $0.isLetter }) ? nil : u
        }
    }

    /// Hours in `n` `unit`s (a month counted as 30 days); nil for an unrecognised unit.
    static func hours(_ n: Int, _ unit: String) -> Int? {
        switch unit {
        case "HOURS": return n
        case "DAYS": return n.multipliedReportingOverflow(by: 24).overflow ? Int.max : n * 24
        case "MONTHS": return n.multipliedReportingOverflow(by: 720).overflow ? Int.max : n * 720
        default: return nil
        }
    }

    /// The Connected App metadata spelling: `infinite`, `zero`, `specific_lifetime:24:HOURS`, or the raw unknown value.
    public var metadataValue: String {
        switch self {
        case .infinite: return "infinite"
        case .zero: return "zero"
        case .specificLifetime(let n, let u): return "specific_lifetime:\(n):\(u)"
        case .specificInactivity(let n, let u): return "specific_inactivity:\(n):\(u)"
        case .unknown(let raw): return raw
        }
    }

    public var displayName: String {
        switch self {
        case .infinite: return "infinite (never expire)"
        case .zero: return "zero (expire immediately)"
        case .specificLifetime(let n, let u): return "expire \(n) \(u.lowercased()) after issue"
        case .specificInactivity(let n, let u): return "expire after \(n) \(u.lowercased()) unused"
        case .unknown(let raw): return "unknown (\(raw))"
        }
    }
}

extension AppPosture.PermittedUsers {
    /// Parses External Client App `permittedUsersPolicyType`; anything else is `.unknown(raw)`.
    public init(metadataValue raw: String) {
        switch raw.lowercased().filter({ $0 != "_" && $0 != " " }) {
        case "adminapprovedpreauthorized": self = .adminApprovedPreAuthorized
        case "allselfauthorized": self = .allSelfAuthorized
        default: self = .unknown(raw)
        }
    }

    public var metadataValue: String {
        switch self {
        case .adminApprovedPreAuthorized: return "AdminApprovedPreAuthorized"
        case .allSelfAuthorized: return "AllSelfAuthorized"
        case .unknown(let raw): return raw
        }
    }

    public var displayName: String {
        switch self {
        case .adminApprovedPreAuthorized: return "admin-approved (pre-authorised)"
        case .allSelfAuthorized: return "self-authorised (all users)"
        case .unknown(let raw): return "unknown (\(raw))"
        }
    }
}

extension AppPosture {
    /// Case-insensitive match on `label` or `developerName`: LoginHistory `Application` and ApiTotalUsage
    /// `CONNECTED_APP_NAME` show the label; some exports show the developer name.
    public func matches(appName: String) -> Bool {
        let name = appName.postureTrimmed.lowercased()
        guard !name.isEmpty else { return false }
        return label.postureTrimmed.lowercased() == name || developerName.lowercased() == name
    }

    /// The app grants the `Full` scope (full access).
    public var hasFullScope: Bool { scopes.contains { $0.postureTrimmed.lowercased() == "full" } }

    /// "Connected App" or "External Client App".
    public var kindName: String { kind == .connectedApp ? "Connected App" : "External Client App" }
}

extension String {
    var postureTrimmed: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
