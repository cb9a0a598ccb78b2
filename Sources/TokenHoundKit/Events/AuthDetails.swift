/// The text of an authentication row that repeats from grant to grant: a user's refreshes through
/// one app carry the same user agent, user name, login type, status and TLS protocol. About a
/// thousand distinct combinations cover a hundred thousand grants, so `AuthEvent` keeps them in a
/// shared `AuthDetailsBox` rather than as eight strings of its own. The user id is here too: it
/// repeats with the user name, and an event need not hold 19 bytes of it.
struct AuthDetails: Hashable, Sendable {
    var user: SalesforceID?
    var rawUser: String?
    var userName: String?
    var userAgent: String
    var loginType: String
    var status: String
    var application: String?
    var tlsProtocol: String?
    var countryCode: String?

    /// Byte for byte (`ExactText`): events share one box only when their text is identical, so
    /// every event reads back exactly the bytes its row had. The synthesised hash stays consistent.
    static func == (a: AuthDetails, b: AuthDetails) -> Bool {
        a.user == b.user && ExactText.same(a.userAgent, b.userAgent) && ExactText.same(a.userName, b.userName)
            && ExactText.same(a.status, b.status) && ExactText.same(a.loginType, b.loginType)
            && ExactText.same(a.rawUser, b.rawUser) && ExactText.same(a.application, b.application)
            && ExactText.same(a.tlsProtocol, b.tlsProtocol) && ExactText.same(a.countryCode, b.countryCode)
    }
}

/// One immutable `AuthDetails`, shared by reference between the events that have it (interned by
/// `EvidenceStore`). Equal and hashed by value, so interning finds it from any equal copy.
final class AuthDetailsBox: Hashable, Sendable {
    let values: AuthDetails
    /// `values.hashValue`, computed once: every grant is interned at least twice (file store, run
    /// store), and hashing eight strings each time showed in profiles.
    private let valuesHash: Int

    init(_ values: AuthDetails) { self.values = values; valuesHash = values.hashValue }

    /// A new box with `change` applied: boxes are shared, so they are never changed in place.
    func with(_ change: (inout AuthDetails) -> Void) -> AuthDetailsBox {
        var v = values
        change(&v)
        return AuthDetailsBox(v)
    }

    static func == (a: AuthDetailsBox, b: AuthDetailsBox) -> Bool { a === b || a.values == b.values }
    func hash(into hasher: inout Hasher) { hasher.combine(valuesHash) }
}
