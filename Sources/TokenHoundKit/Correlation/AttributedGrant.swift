/// An OAuth grant after attribution: the unit all replay rules iterate over.
///
/// A class, not a struct: one grant sits in the time-ordered list, its app's and user's groupings,
/// its network's episode and the login-key index at once. Shared by reference, each of those holds
/// 8 bytes and costs one retain, where a struct copied every string of the event into each of them.
public final class AttributedGrant: Sendable {
    public let event: AuthEvent
    public let app: AppCatalog.Identity
    public let method: AttributionMethod
    public let network: NetworkKey
    public let userAgentFamily: String
    /// `event.userAgent` lowercased, as indicators are matched: derived once per distinct user agent.
    public let lowercasedUserAgent: String
    /// 18-char user id, or the raw text of an anonymised id, or "(unknown)".
    public let userKey: String

    public init(event: AuthEvent, app: AppCatalog.Identity, method: AttributionMethod, network: NetworkKey,
                userAgentFamily: String, lowercasedUserAgent: String, userKey: String) {
        self.event = event; self.app = app; self.method = method; self.network = network
        self.userAgentFamily = userAgentFamily; self.lowercasedUserAgent = lowercasedUserAgent; self.userKey = userKey
    }

    public var time: EventTime { event.time }
    public var succeeded: Bool { event.succeeded }
    /// Refresh grants and token-endpoint rows of unknown flow: the rows replay rules judge.
    public var isRefreshLike: Bool { event.flow == .refreshToken || event.flow == .unknownOAuth }
}
