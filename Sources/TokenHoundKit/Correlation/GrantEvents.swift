/// The OAuth events one analysis attributes, held once: every `AttributedGrant` names its event by
/// position in this list rather than keeping a copy (the store's list, so no second copy exists).
final class GrantEvents: Sendable {
    let list: [AuthEvent]
    /// `fnv1a64` of each event's LOGIN_KEY (as sessions are keyed), 0 where `hasLoginKey` is false.
    /// Hashed once here: an event holds its key packed, and reading it builds a String, which
    /// attribution, the openers of sessions and every chain did again for each grant.
    private let loginKeyHashes: [UInt64]
    private let hasLoginKey: [Bool]

    /// Events per piece when the keys are hashed on several threads.
    private static let hashingChunk = 16_384

    /// `threads`: how many threads may hash the login keys (each key is built as text from its
    /// packed form, a hundred thousand at 2 GB, and attribution waits for all of them).
    init(_ list: [AuthEvent], threads: Int = 1) {
        precondition(list.count <= Int(UInt32.max), "more grants than a grant's UInt32 index can name")
        self.list = list
        let chunks = (list.count + Self.hashingChunk - 1) / Self.hashingChunk
        let parts = OrderedParallel.map(count: chunks, threads: threads) { c in
            let range = (c * Self.hashingChunk)..<min(list.count, (c + 1) * Self.hashingChunk)
            var hashes = [UInt64](repeating: 0, count: range.count)
            var has = [Bool](repeating: false, count: range.count)
            for i in range {
                if let key = list[i].loginKey, !key.isEmpty {
                    hashes[i - range.lowerBound] = fnv1a64(key)
                    has[i - range.lowerBound] = true
                }
            }
            return (hashes, has)
        }
        loginKeyHashes = parts.count == 1 ? parts[0].0 : parts.flatMap(\.0)
        hasLoginKey = parts.count == 1 ? parts[0].1 : parts.flatMap(\.1)
    }

    /// `fnv1a64` of event `index`'s LOGIN_KEY; nil when it has none (or an empty one).
    func loginKeyHash(_ index: Int) -> UInt64? {
        hasLoginKey[index] ? loginKeyHashes[index] : nil
    }
}
