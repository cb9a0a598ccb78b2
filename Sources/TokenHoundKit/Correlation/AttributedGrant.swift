/// An OAuth grant after attribution: the unit all replay rules iterate over.
///
/// A class, not a struct: one grant sits in the time-ordered list, its app's and user's groupings,
/// its network's episode and the login-key index at once. Shared by reference, each of those holds
/// 8 bytes and costs one retain.
///
/// Laid out for size (an analysis holds one per grant, half a million on a big org): the event is
/// not copied but named by its position in the analysis' one `GrantEvents` list, and what many
/// grants have in common (app, method, client, user) is one shared `GrantTraits`. 80 bytes a grant,
/// where a copy of the event and of each string took some 300.
public final class AttributedGrant: Sendable {
    private let events: GrantEvents
    private let traits: GrantTraits
    public let network: NetworkKey
    /// `event.time`, held because every sort and window reads it.
    public let time: EventTime
    private let index: UInt32
    /// `event.succeeded` and whether the flow is refresh-like, held (in the padding after `index`,
    /// so a grant is no bigger) because the rules filter every grant of an app or user on them:
    /// reading them from the event went through two more objects into the big event list, a
    /// cache miss per grant at 10 GB.
    public let succeeded: Bool
    /// Refresh grants and token-endpoint rows of unknown flow: the rows replay rules judge.
    public let isRefreshLike: Bool

    init(events: GrantEvents, index: Int, traits: GrantTraits, network: NetworkKey) {
        self.events = events; self.index = UInt32(index); self.traits = traits; self.network = network
        time = events.list[index].time
        succeeded = events.list[index].succeeded
        let flow = events.list[index].flow
        isRefreshLike = flow == .refreshToken || flow == .unknownOAuth
    }

    public var event: AuthEvent { events.list[Int(index)] }
    public var app: AppCatalog.Identity { traits.app }
    public var method: AttributionMethod { traits.method }
    public var userAgentFamily: String { traits.userAgentFamily }
    /// `event.userAgent` lowercased, as indicators are matched: derived once per distinct user agent.
    public var lowercasedUserAgent: String { traits.lowercasedUserAgent }
    /// 18-char user id, or the raw text of an anonymised id, or "(unknown)".
    public var userKey: String { traits.userKey }
    /// The shared traits' identity: grants with the same one have the same app, method, client
    /// and user key, so what is derived from those can be derived once per traits object.
    var traitsIdentity: ObjectIdentifier { ObjectIdentifier(traits) }
    /// `fnv1a64(event.loginKey)` (how sessions are keyed); nil when the event has no LOGIN_KEY or
    /// an empty one. Hashed once per event (`GrantEvents`), not once per reading rule.
    public var loginKeyHash: UInt64? { events.loginKeyHash(Int(index)) }
}
