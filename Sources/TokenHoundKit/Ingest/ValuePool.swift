/// A number per distinct value held by one table, so entries that repeat a few thousand values
/// hundreds of thousands of times hold 4 bytes for each: a merged store's sessions and usage keys
/// number their app and user ids (`SalesforceIDPool`), its steps their detail text (`ExactText`,
/// so text is pooled byte for byte, never by canonical equivalence).
///
/// Numbers are private to the pool that gave them: they follow the order values were first pooled,
/// which depends on file and thread order, so they are never compared or ordered. Whatever
/// decides between values (the lowest app, the lowest user) compares the values they stand for.
struct ValuePool<Value: Hashable & Sendable>: Sendable {
    /// The number of "no value", so an optional value fits in the same 4 bytes.
    static var none: UInt32 { 0 }

    private var values: [Value] = []
    private var numbers: [Value: UInt32] = [:]

    /// `value`'s number, pooling it first if it is new.
    mutating func number(for value: Value) -> UInt32 {
        if let n = numbers[value] { return n }
        values.append(value)
        let n = UInt32(values.count)   // 1-based: 0 is `none`
        numbers[value] = n
        return n
    }

    mutating func number(for value: Value?) -> UInt32 {
        value.map { number(for: $0) } ?? Self.none
    }

    /// `value`'s number if it was pooled (nothing keyed by an unpooled value can be in the table).
    func existingNumber(for value: Value) -> UInt32? { numbers[value] }

    /// The value `number` stands for; nil for `none`.
    func value(_ number: UInt32) -> Value? {
        number == Self.none ? nil : values[Int(number) - 1]
    }

    /// Distinct values pooled.
    var count: Int { values.count }

    /// The pool, leaving this one empty: a table that pools while it merges takes its pool out
    /// first, so the one it grows is the only reference to its storage (no copy on each new
    /// value), and puts it back when done.
    mutating func takeAll() -> ValuePool {
        defer { self = ValuePool() }
        return self
    }
}

/// App and user ids, numbered per table.
typealias SalesforceIDPool = ValuePool<SalesforceID>

extension ValuePool where Value == SalesforceID {
    /// The id `number` stands for; nil for `none`.
    func id(_ number: UInt32) -> SalesforceID? { value(number) }
}
