/// Remembers what a pure parser made of short field values, by their exact bytes, for the columns
/// every API row parses: its user and app ids (`SalesforceID(bytes:)`, about 100 instructions each)
/// and its client IP (`IPAddress.parse`, about 160). A file repeats a few thousand distinct values
/// over tens of thousands of rows, so most rows find their value here for a load of its bytes, a
/// hash and one compare. Consecutive rows rarely repeat a value (3 to 5%), so a last-value memo
/// would not do.
///
/// Results are the parser's exactly: a value is found only under bytes equal to those it was
/// parsed from (`ParseMemoKey` holds every byte of a value up to 24 bytes long), and the parser is
/// a function of those bytes alone. Values the parser rejects are not kept (they are rare, and
/// the caller counts them). Bounded against hostile input: a probe looks at `maxProbes` slots at
/// most, and the table stops growing at `maxCapacity` slots; a value that finds no room is parsed
/// every time it comes, as without the memo.
struct ParseMemo<Value: ParsedFromBytes>: Sendable {
    private struct Entry: Sendable {
        var key: ParseMemoKey
        /// Nil only in an empty slot (whose key has count 0, which no value's key has).
        var value: Value?
    }

    static var maxProbes: Int { 8 }
    static var initialCapacity: Int { 64 }
    /// 8192 slots (512 KB for an IP memo), 6144 values at most.
    static var maxCapacity: Int { 8192 }

    private var entries: [Entry] = []
    /// 64 minus log2 of the capacity: a slot is the key's hash's top bits.
    private var shift: UInt64 = 64
    private(set) var count = 0

    init() {}

    /// What `Value.parse` makes of `b`: the value kept for the same bytes when there is one, else
    /// the parser's, kept when it is not nil. A hit inlines into the caller's row path as a load,
    /// a hash and a compare; a miss parses and keeps out of line. Bytes no key can hold (empty, or
    /// longer than 24) are parsed every time.
    @inline(__always)
    mutating func parsed(_ b: UnsafeRawBufferPointer) -> Value? {
        guard let key = ParseMemoKey(b) else { return Value.parse(b) }
        if let value = value(for: key) { return value }
        return parseAndKeep(b, key)
    }

    /// A miss of `parsed`: out of line, a few thousand a file against tens of thousands of hits.
    @inline(never)
    private mutating func parseAndKeep(_ b: UnsafeRawBufferPointer, _ key: ParseMemoKey) -> Value? {
        guard let value = Value.parse(b) else { return nil }
        keep(value, for: key)
        return value
    }

    /// The value parsed from the bytes `key` holds, if it was kept.
    @inline(__always)
    private func value(for key: ParseMemoKey) -> Value? {
        entries.withUnsafeBufferPointer { e -> Value? in
            guard e.count > 0 else { return nil }
            let mask = e.count &- 1
            var i = Int(truncatingIfNeeded: key.hash &>> shift)
            for _ in 0..<Self.maxProbes {
                let entry = e[i]
                if entry.key == key { return entry.value }
                if entry.key.count == 0 { return nil }
                i = (i &+ 1) & mask
            }
            return nil
        }
    }

    /// Remembers `value` as what the bytes `key` holds parse to (unless there is no room left).
    private mutating func keep(_ value: Value, for key: ParseMemoKey) {
        if (count &+ 1) &* 2 > entries.count {
            // Half full: grow while it may, then fill to three quarters at most (probe runs stay
            // short, so a miss costs few compares before its parse).
            if entries.count < Self.maxCapacity { grow() } else if (count &+ 1) &* 4 > entries.count &* 3 { return }
        }
        if insert(key, value) { count &+= 1 }
    }

    /// Puts `value` in the first empty slot of `key`'s probe run; false when the run is full.
    private mutating func insert(_ key: ParseMemoKey, _ value: Value) -> Bool {
        let mask = entries.count &- 1
        var i = Int(truncatingIfNeeded: key.hash &>> shift)
        for _ in 0..<Self.maxProbes {
            if entries[i].key.count == 0 {
                entries[i] = Entry(key: key, value: value)
                return true
            }
            i = (i &+ 1) & mask
        }
        return false
    }

    private mutating func grow() {
        let old = entries
        let capacity = max(Self.initialCapacity, old.count * 2)
        entries = Array(repeating: Entry(key: .empty, value: nil), count: capacity)
        shift = UInt64(64 - capacity.trailingZeroBitCount)
        count = 0
        for e in old where e.key.count != 0 {
            if insert(e.key, e.value!) { count += 1 }
        }
    }
}

/// What a `ParseMemo` remembers: a value that is a function of a field's bytes alone.
protocol ParsedFromBytes: Sendable {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Self?
}

extension IPAddress: ParsedFromBytes {}

extension SalesforceID: ParsedFromBytes {
    static func parse(_ bytes: UnsafeRawBufferPointer) -> SalesforceID? { SalesforceID(bytes: bytes) }
}

/// A value of 1 to 24 bytes as three words and its length, which together determine every byte:
/// up to 16 bytes as `ShortField` holds them (zero past the end), bytes 16 on in a third word the
/// same way. Equal keys have equal bytes, so a memo keyed by it returns what its parser would.
struct ParseMemoKey: Equatable, Sendable {
    let w0: UInt64
    let w1: UInt64
    let w2: UInt64
    /// 0 only for the empty slot's key.
    let count: Int

    static let empty = ParseMemoKey(w0: 0, w1: 0, w2: 0, count: 0)

    private init(w0: UInt64, w1: UInt64, w2: UInt64, count: Int) {
        self.w0 = w0; self.w1 = w1; self.w2 = w2; self.count = count
    }

    /// Nil for an empty value or one longer than 24 bytes.
    @inline(__always)
    init?(_ b: UnsafeRawBufferPointer) {
        let n = b.count
        guard UInt(bitPattern: n &- 1) < 24, let p = b.baseAddress else { return nil }
        let (first, second) = ShortField.words(p, min(n, 16))
        w0 = first; w1 = second; count = n
        // Bytes 16..<n are the last n - 16 bytes of the word that ends at n.
        w2 = n > 16 ? p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self) &>> UInt64((24 &- n) &* 8) : 0
    }

    /// The words folded into one (rotated apart, so that equal bytes at different offsets do not
    /// cancel) and multiplied full width, high and low halves folded: every bit of the result
    /// depends on every input bit, so the memo's slot can be the top bits. One multiply: a row
    /// hashes three keys.
    @inline(__always)
    var hash: UInt64 {
        let folded = w0 ^ (w1 << 21 | w1 >> 43) ^ (w2 << 42 | w2 >> 22) ^ UInt64(truncatingIfNeeded: count)
        let m = folded.multipliedFullWidth(by: 0x9E37_79B9_7F4A_7C15)
        return m.high ^ m.low
    }
}
