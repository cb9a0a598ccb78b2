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

    /// Parses a 15- or 18-character id. Returns nil for anything else (anonymised placeholders such
    /// as `USER_ID`, ids of odd length, non-alphanumeric bytes): callers keep those raw.
    /// Parses a 15- or 18-character id in one pass without allocating. The suffix of an 18-char id
    /// is a function of the first 15 characters, so it is always recomputed: a damaged suffix is
    /// repaired, and 15- and 18-char forms compare equal. Nil for other lengths or non-alphanumerics
    /// (anonymised placeholders such as `USER_ID`): callers keep those raw.
    @inline(__always)
    public init?(bytes b: UnsafeRawBufferPointer) {
        let n = b.count
        guard n == 15 || n == 18 else { return nil }
        var buf: (UInt64, UInt64, UInt16) = (0, 0, 0)
        var s0 = 0, s1 = 0, s2 = 0
        for i in 0..<15 {
            let c = b[i]
            guard Self.isAlnum(c) else { return nil }
            Self.put(c, at: i, into: &buf)
            if c >= 65 && c <= 90 {
                let bit = 1 << (i % 5)
                if i < 5 { s0 |= bit } else if i < 10 { s1 |= bit } else { s2 |= bit }
            }
        }
        if n == 18 {
            for i in 15..<18 where !Self.isAlnum(b[i]) { return nil }
        }
        Self.put(Self.suffixCharacter(s0), at: 15, into: &buf)
        Self.put(Self.suffixCharacter(s1), at: 16, into: &buf)
        Self.put(Self.suffixCharacter(s2), at: 17, into: &buf)
        self.hi = buf.0
        self.mid = buf.1
        self.lo = buf.2
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

    @inline(__always) static func put(_ c: UInt8, at i: Int, into buf: inout (UInt64, UInt64, UInt16)) {
        if i < 8 { buf.0 |= UInt64(c) << (UInt64(7 - i) * 8) }
        else if i < 16 { buf.1 |= UInt64(c) << (UInt64(15 - i) * 8) }
        else { buf.2 |= UInt16(c) << (UInt16(17 - i) * 8) }
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

}
