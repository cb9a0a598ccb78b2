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
    /// Eight bytes at a time (this runs twice per API row): two overlapping words cover the 15
    /// characters and, for an 18-char id, a third (characters 10...17) the suffix, all three
    /// validated by one test; the suffix characters come from a 32-byte alphabet.
    @inline(__always)
    public init?(bytes b: UnsafeRawBufferPointer) {
        let n = b.count
        guard n == 15 || n == 18, let base = b.baseAddress else { return nil }
        let w0 = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))                       // chars 0...7
        let w1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 7, as: UInt64.self))    // chars 7...14
        let w2 = n == 18 ? UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 10, as: UInt64.self)) : w1
        guard (w0 | w1 | w2) & Self.highBits == 0 else { return nil }
        let letters0 = Self.letters(w0), letters1 = Self.letters(w1)
        guard (letters0 | Self.digits(w0)) & (letters1 | Self.digits(w1)) & (Self.letters(w2) | Self.digits(w2))
                == Self.highBits else { return nil }
        // Bit i set when character i (0...14) is uppercase; w1's bit 0 is character 7 again.
        let upper = Self.gather(Self.uppercase(w0, letters: letters0)) | (Self.gather(Self.uppercase(w1, letters: letters1)) >> 1) << 8
        hi = w0.byteSwapped
        mid = (w1 >> 8).byteSwapped | UInt64(Self.suffixCharacter(Int(upper & 31)))
        lo = UInt16(Self.suffixCharacter(Int((upper >> 5) & 31))) << 8 | UInt16(Self.suffixCharacter(Int((upper >> 10) & 31)))
    }

    @inline(__always) static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// For eight bytes each below 0x80: the high bit of each byte at least `c` (no carries: adding
    /// at most 0x80 to a byte below 0x80 stays below 0x100).
    @inline(__always)
    static func atLeast(_ c: UInt64, _ w: UInt64) -> UInt64 { (w &+ (0x80 &- c) &* 0x0101_0101_0101_0101) & highBits }

    /// The high bit of each byte (each below 0x80) that is an ASCII letter: with bit 5 set, both
    /// cases fall in `a...z` and no other byte below 0x80 does.
    @inline(__always)
    static func letters(_ w: UInt64) -> UInt64 {
        let folded = w | 0x2020_2020_2020_2020
        return atLeast(0x61, folded) & ~atLeast(0x7B, folded)
    }

    /// The high bit of each byte (each below 0x80) that is an ASCII digit.
    @inline(__always)
    static func digits(_ w: UInt64) -> UInt64 { atLeast(0x30, w) & ~atLeast(0x3A, w) }

    /// The high bit of each letter byte of `w` that is uppercase (bit 5 clear, moved up to bit 7).
    @inline(__always)
    static func uppercase(_ w: UInt64, letters: UInt64) -> UInt64 { letters & ~(w << 2) }

    /// Byte flags (high bits) gathered into bits 0...7.
    @inline(__always)
    static func gather(_ flags: UInt64) -> UInt64 { ((flags >> 7) &* 0x0102_0408_1020_4080) >> 56 }

    /// `ABCDEFGHIJKLMNOPQRSTUVWXYZ012345`[v], `v` in 0...31.
    @inline(__always) static func suffixCharacter(_ v: Int) -> UInt8 {
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345" as StaticString).utf8Start[v]
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
