/// Results of a pure computation, each computed on the first request for its key and then looked up.
struct MemoTable<Key: Hashable, Value> {
    private var values: [Key: Value] = [:]

    init() {}

    mutating func value(for key: Key, _ compute: () -> Value) -> Value {
        if let known = values[key] { return known }
        let computed = compute()
        values[key] = computed
        return computed
    }

    /// The value computed for `key` so far, if any; set it when the computation needs the owner
    /// mutably (a memo that derives its value from other memos).
    subscript(key: Key) -> Value? {
        get { values[key] }
        set { values[key] = newValue }
    }
}
