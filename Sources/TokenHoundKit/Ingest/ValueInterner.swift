/// Hands out one shared copy of each distinct value, so values that repeat across thousands of
/// kept rows (a grant's user agent and user name, a step's query text) cost one heap block between
/// them instead of one each. `String` and class values share storage by reference, so the copy
/// handed out is the first one seen; what it holds is never changed. Text is interned as
/// `ExactText` (byte-for-byte equality), never by `String`'s canonical equivalence.
struct ValueInterner<Value: Hashable & Sendable>: Sendable {
    private var seen: Set<Value> = []

    /// The shared copy equal to `value` (the first equal value interned), or `value` itself when new.
    @inline(__always)
    mutating func shared(_ value: Value) -> Value {
        seen.insert(value).memberAfterInsert
    }

    /// Distinct values held.
    var count: Int { seen.count }
}
