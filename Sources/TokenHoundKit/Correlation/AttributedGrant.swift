/// An OAuth grant after attribution: the unit all replay rules iterate over.
public struct AttributedGrant: Sendable {
    public var event: AuthEvent
    public var app: AppCatalog.Identity
    public var method: AttributionMethod
    public var network: NetworkKey
    public var userAgentFamily: String
    /// 18-char user id, or the raw text of an anonymised id, or "(unknown)".
    public var userKey: String

    public var time: EventTime { event.time }
    public var succeeded: Bool { event.succeeded }
    /// Refresh grants and token-endpoint rows of unknown flow: the rows replay rules judge.
    public var isRefreshLike: Bool { event.flow == .refreshToken || event.flow == .unknownOAuth }
}
