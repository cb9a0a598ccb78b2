/// A short identifier (request id, LOGIN_KEY) held inline instead of as a heap `String`.
///
/// Salesforce request ids are 22 characters and LOGIN_KEYs 16: one past what `String` keeps
/// without a heap allocation (15 bytes), so every kept grant and activity step paid a malloc and a
/// 48-byte block for each. Up to 24 ASCII bytes (no NUL) live in three words here; anything else
/// (longer, non-ASCII, NUL) falls back to a `String`, so no input is ever refused or altered.
///
/// Equality and order are `String`'s: two inline tokens compare by their bytes, which for ASCII is
/// exactly what `String` does; as soon as one side is a fallback the comparison is done as
/// `String`, canonical equivalence included.
public struct InlineToken: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Inline bytes are packed little-endian, byte `i` of the token in byte `i % 8` of word `i / 8`;
    /// unused bytes are zero, which is why NUL cannot be inline (it would read as the end).
    @usableFromInline enum Storage: Sendable {
        case inline(UInt64, UInt64, UInt64)
        case text(String)
    }

    @usableFromInline let storage: Storage

    /// The most bytes held inline.
    public static let inlineCapacity = 24

    /// From field bytes: inline when they fit (no allocation), else a repaired-UTF-8 `String`.
    @inline(__always)
    public init(bytes b: UnsafeRawBufferPointer) {
        if let words = Self.pack(b) {
            storage = .inline(words.0, words.1, words.2)
        } else {
            storage = .text(String(decoding: b, as: UTF8.self))
        }
    }

    public init(_ text: String) {
        var t = text
        storage = t.withUTF8 { utf8 in
            Self.pack(UnsafeRawBufferPointer(utf8)).map { .inline($0.0, $0.1, $0.2) }
        } ?? .text(text)
    }

    /// The three words for `b`, or nil when it cannot be inline.
    @inline(__always)
    static func pack(_ b: UnsafeRawBufferPointer) -> (UInt64, UInt64, UInt64)? {
        let n = b.count
        guard n <= inlineCapacity else { return nil }
        var w: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for i in 0..<n {
            let c = b[i]
            guard c != 0 && c < 0x80 else { return nil }
            let v = UInt64(c) << (UInt64(i & 7) * 8)
            switch i >> 3 {
            case 0: w.0 |= v
            case 1: w.1 |= v
            default: w.2 |= v
            }
        }
        return w
    }

    /// The token's text.
    public var description: String {
        switch storage {
        case .text(let s): return s
        case .inline(let a, let b, let c):
            let n = Self.byteCount(a, b, c)
            return String(unsafeUninitializedCapacity: n) { out in
                for i in 0..<n {
                    let word = i < 8 ? a : (i < 16 ? b : c)
                    out[i] = UInt8(truncatingIfNeeded: word >> (UInt64(i & 7) * 8))
                }
                return n
            }
        }
    }

    /// Calls `body` with the token's UTF-8 bytes, without building a `String` for an inline token.
    func withUTF8<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        switch storage {
        case .text(let s):
            var t = s
            return t.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .inline(let a, let b, let c):
            var words = (a.littleEndian, b.littleEndian, c.littleEndian)   // byte `i` at offset `i`
            let n = Self.byteCount(a, b, c)
            return withUnsafeBytes(of: &words) { body(UnsafeRawBufferPointer(rebasing: $0[..<n])) }
        }
    }

    public var isEmpty: Bool {
        switch storage {
        case .inline(let a, _, _): return a == 0
        case .text(let s): return s.isEmpty
        }
    }

    /// Inline length: bytes up to the first zero byte.
    @inline(__always)
    static func byteCount(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> Int {
        if c != 0 { return 16 + (71 - c.leadingZeroBitCount) / 8 }
        if b != 0 { return 8 + (71 - b.leadingZeroBitCount) / 8 }
        return (71 - a.leadingZeroBitCount) / 8
    }

    public static func == (x: InlineToken, y: InlineToken) -> Bool {
        if case .inline(let a0, let a1, let a2) = x.storage, case .inline(let b0, let b1, let b2) = y.storage {
            return a0 == b0 && a1 == b1 && a2 == b2
        }
        return x.description == y.description
    }

    public static func < (x: InlineToken, y: InlineToken) -> Bool {
        if case .inline(let a0, let a1, let a2) = x.storage, case .inline(let b0, let b1, let b2) = y.storage {
            // Byte-wise lexicographic: big-endian words compare like the bytes they hold, and the
            // zero padding sorts a prefix first, as `String` does.
            return (a0.byteSwapped, a1.byteSwapped, a2.byteSwapped) < (b0.byteSwapped, b1.byteSwapped, b2.byteSwapped)
        }
        return x.description < y.description
    }

    /// Hashes the text, so a token hashes like any token it equals (an inline one and a fallback
    /// that is canonically equivalent). Only sets of a few steps hash tokens; the read path never does.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(description)
    }
}
