/// A number per distinct Salesforce id held by one table, so entries that repeat a few thousand
/// ids hundreds of thousands of times (a merged store's sessions and usage keys: apps and users)
/// hold 4 bytes per id instead of 24.
///
/// Numbers are private to the pool that gave them: they follow the order ids were first pooled,
/// which depends on file and thread order, so they are never compared or ordered. Whatever
/// decides between ids (the lowest app, the lowest user) compares the ids they stand for.
struct SalesforceIDPool: Sendable {
    /// The number of "no id", so an optional id fits in the same 4 bytes.
    static let none: UInt32 = 0

    private var ids: [SalesforceID] = []
    private var numbers: [SalesforceID: UInt32] = [:]

    /// `id`'s number, pooling it first if it is new.
    mutating func number(for id: SalesforceID) -> UInt32 {
        if let n = numbers[id] { return n }
        ids.append(id)
        let n = UInt32(ids.count)   // 1-based: 0 is `none`
        numbers[id] = n
        return n
    }

    mutating func number(for id: SalesforceID?) -> UInt32 {
        id.map { number(for: $0) } ?? Self.none
    }

    /// `id`'s number if it was pooled (nothing keyed by an unpooled id can be in the table).
    func existingNumber(for id: SalesforceID) -> UInt32? { numbers[id] }

    /// The id `number` stands for; nil for `none`.
    func id(_ number: UInt32) -> SalesforceID? {
        number == Self.none ? nil : ids[Int(number) - 1]
    }

    /// Distinct ids pooled.
    var count: Int { ids.count }
}
