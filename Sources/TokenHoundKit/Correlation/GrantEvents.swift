/// The OAuth events one analysis attributes, held once: every `AttributedGrant` names its event by
/// position in this list rather than keeping a copy (the store's list, so no second copy exists).
final class GrantEvents: Sendable {
    let list: [AuthEvent]
    /// `fnv1a64` of each event's LOGIN_KEY (as sessions are keyed), 0 where `hasLoginKey` is false.
    /// Hashed once here: an event holds its key packed, and reading it builds a String, which
    /// attribution, the openers of sessions and every chain did again for each grant.
    private let loginKeyHashes: [UInt64]
    private let hasLoginKey: [Bool]

    init(_ list: [AuthEvent]) {
        precondition(list.count <= Int(UInt32.max), "more grants than a grant's UInt32 index can name")
        self.list = list
        var hashes = [UInt64](repeating: 0, count: list.count)
        var has = [Bool](repeating: false, count: list.count)
        for i in list.indices {
            if let key = list[i].loginKey, !key.isEmpty {
                hashes[i] = fnv1a64(key)
                has[i] = true
            }
        }
        loginKeyHashes = hashes
        hasLoginKey = has
    }

    /// `fnv1a64` of event `index`'s LOGIN_KEY; nil when it has none (or an empty one).
    func loginKeyHash(_ index: Int) -> UInt64? {
        hasLoginKey[index] ? loginKeyHashes[index] : nil
    }
}
