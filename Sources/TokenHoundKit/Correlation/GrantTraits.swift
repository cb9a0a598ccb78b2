/// What an attributed grant shares with every other grant of the same app, attribution method,
/// user agent and user: one object for all of them (`AttributionMemo.traits`), since half a million
/// grants come from a few thousand such combinations.
final class GrantTraits: Sendable {
    let app: AppCatalog.Identity
    let method: AttributionMethod
    let userAgentFamily: String
    let lowercasedUserAgent: String
    let userKey: String

    init(app: AppCatalog.Identity, method: AttributionMethod, userAgentFamily: String, lowercasedUserAgent: String, userKey: String) {
        self.app = app; self.method = method; self.userAgentFamily = userAgentFamily
        self.lowercasedUserAgent = lowercasedUserAgent; self.userKey = userKey
    }
}
