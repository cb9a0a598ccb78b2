/// A Salesforce record id, always held in its 18-character case-safe form.
///
/// Logs mix 15-character (case-sensitive) and 18-character ids for the same record
/// (`USER_ID` vs `USER_ID_DERIVED`); every join in tokenhound happens on the 18-character form.
/// Stored inline as 18 ASCII bytes so hashing and comparing never allocate.
public struct SalesforceID: Hashable, Comparable, Sendable, TextCodable {
    // 18 ASCII bytes packed big-endian-ish into two words and a half-word.
    @usableFromInline var hi: UInt64
    @usableFromInline var mid: UInt64
    @usableFromInline var lo: UInt16

    /// Parses a 15- or 18-character id in one pass without allocating. The suffix of an 18-char id
    /// is a function of the first 15 characters, so it is always recomputed: a damaged suffix is
    /// repaired, and 15- and 18-char forms compare equal. Nil for other lengths or non-alphanumerics
    /// (anonymised placeholders such as `USER_ID`): callers keep those raw.
    ///
    /// Eight bytes at a time (two overlapping loads cover the 15): this runs twice per API row.
    @inline(__always)
    public init?(bytes b: UnsafeRawBufferPointer) {
        let n = b.count
        guard n == 15 || n == 18, let base = b.baseAddress else { return nil }
        let w0 = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))                       // chars 0...7
        let w1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 7, as: UInt64.self))    // chars 7...14
        guard let u0 = Self.uppercaseFlags(w0), let u1 = Self.uppercaseFlags(w1) else { return nil }
        if n == 18 {
            for i in 15..<18 where !Self.isAlnum(b[i]) { return nil }
        }
        // Bit i set when character i (0...14) is uppercase; w1's bit 0 is character 7 again.
        let upper = u0 | (u1 >> 1) << 8
        hi = w0.byteSwapped
        mid = (w1 >> 8).byteSwapped | UInt64(Self.suffixCharacter(Int(upper & 31)))
        lo = UInt16(Self.suffixCharacter(Int((upper >> 5) & 31))) << 8 | UInt16(Self.suffixCharacter(Int((upper >> 10) & 31)))
    }

    /// For eight bytes: bit i set when byte i is an ASCII uppercase letter; nil when any byte is
    /// not an ASCII letter or digit. Per-byte range tests without carries: every byte is below
    /// 0x80 once the first guard passes, and adding at most 0x50 keeps each byte below 0x100.
    @inline(__always)
    static func uppercaseFlags(_ w: UInt64) -> UInt64? {
        let high: UInt64 = 0x8080_8080_8080_8080
        guard w & high == 0 else { return nil }
        @inline(__always) func atLeast(_ c: UInt64) -> UInt64 { (w &+ (0x80 - c) &* 0x0101_0101_0101_0101) & high }
        let digit = atLeast(0x30) & ~atLeast(0x3A)
        let upper = atLeast(0x41) & ~atLeast(0x5B)
        let lower = atLeast(0x61) & ~atLeast(0x7B)
        guard digit | upper | lower == high else { return nil }
        return ((upper >> 7) &* 0x0102_0408_1020_4080) >> 56   // gathers byte flags into bits 0...7
    }

    /// `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`[v] without touching an array.
    @inline(__always) static func suffixCharacter(_ v: Int) -> UInt8 {
        v < 26 ? UInt8(ascii: "A") + UInt8(v) : UInt8(ascii: "0") + UInt8(v - 26)
    }

    public init?(_ text: String) {
        var t = text
        guard let v = t.withUTF8({ SalesforceID(bytes: UnsafeRawBufferPointer($0)) }) else { return nil }
        self = v
    }

    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)
    }

    @inline(__always) func byte(at i: Int) -> UInt8 {
        if i < 8 { return UInt8(truncatingIfNeeded: hi >> (UInt64(7 - i) * 8)) }
        if i < 16 { return UInt8(truncatingIfNeeded: mid >> (UInt64(15 - i) * 8)) }
        return UInt8(truncatingIfNeeded: lo >> (UInt16(17 - i) * 8))
    }

    /// The 18-character form.
    public var description: String {
        String(unsafeUninitializedCapacity: 18) { out in
            for i in 0..<18 { out[i] = byte(at: i) }
            return 18
        }
    }

    /// The key prefix (`005` user, `0H4` connected app, `00D` org, ...).
    public var keyPrefix: String { String(description.prefix(3)) }

    public static func < (a: SalesforceID, b: SalesforceID) -> Bool {
        (a.hi, a.mid, a.lo) < (b.hi, b.mid, b.lo)
    }

    /// One word into the hasher instead of three (ids key most of the store's tables), and no
    /// hasher at all for a table probe (`seededSlotHash`).
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }

}
