/// Allocation-free ASCII matching over field bytes, for classifying API rows on the hot path.
enum ByteMatching {
    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

    /// Whether `haystack` contains `needle` (given in lowercase ASCII), ignoring ASCII case.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        if n == 0 { return true }
        if haystack.count < n { return false }
        let first = needle.utf8Start.pointee
        // A match cannot start in the last n - 1 bytes: the search ends before them.
        let starts = UnsafeRawBufferPointer(rebasing: haystack[..<(haystack.count - n + 1)])
        return someCandidate(starts, first, first) { matches(haystack, at: $0, needle) }
    }

    /// Whether `needle` (lowercase ASCII) occurs in `haystack` at `i` (any Int), ignoring ASCII case.
    /// Needles of eight bytes or more are compared a word at a time (`wordMatches`), the last word
    /// overlapping the one before: the row classifier's candidates mostly fail within the first word.
    @inline(__always)
    static func matches(_ haystack: UnsafeRawBufferPointer, at i: Int, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard i >= 0, i + n <= haystack.count, let hb = haystack.baseAddress else { return false }
        let nb = UnsafeRawPointer(needle.utf8Start)
        if n < 8 {
            var j = 0
            while j < n && lower(hb.load(fromByteOffset: i + j, as: UInt8.self)) == nb.load(fromByteOffset: j, as: UInt8.self) { j += 1 }
            return j == n
        }
        var j = 0
        while j + 8 < n {
            guard wordMatches(hb.loadUnaligned(fromByteOffset: i + j, as: UInt64.self),
                              nb.loadUnaligned(fromByteOffset: j, as: UInt64.self)) else { return false }
            j += 8
        }
        return wordMatches(hb.loadUnaligned(fromByteOffset: i + n - 8, as: UInt64.self),
                           nb.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
    }

    /// Whether eight haystack bytes equal eight needle bytes (lowercase ASCII) ignoring ASCII case,
    /// exactly as `lower(h) == n` byte by byte: `h | 0x20` is a lowercase letter `n` only for `n` and
    /// its uppercase form, so letters compare with that bit set and every other byte as it is.
    @inline(__always)
    static func wordMatches(_ haystack: UInt64, _ needle: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        // A needle byte (below 0x80) plus 0x1F reaches the high bit from `a` up, plus 0x05 from `{` up;
        // no byte carries into the next.
        let letterBits = ((needle &+ 0x1F &* ones) & ~(needle &+ 0x05 &* ones) & high) >> 2
        return haystack | letterBits == needle
    }

    /// Calls `body` with the positions of `haystack`, in increasing order, whose byte is `a` or `b`
    /// (lowercase ASCII letters or punctuation) ignoring case, until `body` returns true; returns
    /// whether it did. Needles anchored on different bytes (a needle need not be anchored on its
    /// first byte) can so share one pass.
    ///
    /// The bytes are compared 16 at a time (`SIMD16`: one compare per byte sought on SSE2 and NEON),
    /// the last ones as one block ending at the end that overlaps the block before, a field shorter
    /// than 16 bytes gathered into one block. Every API row's resource and query pass here and a
    /// block rarely holds a candidate: eight bytes a step (a word of bit tricks) was over half of the
    /// classifier's cost. `body` is called from one place only, so it is inlined once.
    @inline(__always)
    static func someCandidate(_ haystack: UnsafeRawBufferPointer, _ a: UInt8, _ b: UInt8,
                              _ body: (Int) -> Bool) -> Bool {
        let end = haystack.count
        guard let hb = haystack.baseAddress, end > 0 else { return false }
        let caseBit = SIMD16<UInt8>(repeating: 0x20)
        let patternA = SIMD16<UInt8>(repeating: a | 0x20), patternB = SIMD16<UInt8>(repeating: b | 0x20)
        var i = 0   // the bytes before `i` were offered
        while i < end {
            let base = end >= 16 ? min(i, end - 16) : 0
            let block = end >= 16 ? hb.loadUnaligned(fromByteOffset: base, as: SIMD16<UInt8>.self) : shortBlock(hb, end)
            let folded = block | caseBit
            let hits = unsafeBitCast((folded .== patternA) .| (folded .== patternB), to: SIMD2<UInt64>.self)
            if hits[0] | hits[1] != 0 {
                // Bit k for byte k of the block, bytes before `i` (an overlapping last block) and
                // past the end (a short field's padding) cleared.
                var m = (bitPerByte(hits[0]) | bitPerByte(hits[1]) &<< 8) & (0xFFFF &<< UInt32(i - base))
                if end < 16 { m &= (1 &<< UInt32(end)) &- 1 }
                while m != 0 {
                    if body(base + m.trailingZeroBitCount) { return true }
                    m &= m &- 1
                }
            }
            i = base + 16
        }
        return false
    }

    /// The eight bytes of `word`, each 0x00 or 0xFF, as eight bits (byte k to bit k): the multiply
    /// moves byte k's top bit to bit 56 + k without carries (the SSE2 `pmovmskb` Swift cannot name).
    @inline(__always)
    private static func bitPerByte(_ word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: ((word & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) &>> 56)
    }

    /// A field of `count` bytes (1...15) as the first bytes of a 16-byte block, the rest zero: read as
    /// two words (the second overlapping the first) so nothing past the field is read.
    @inline(__always)
    private static func shortBlock(_ p: UnsafeRawPointer, _ count: Int) -> SIMD16<UInt8> {
        var words = SIMD2<UInt64>(0, 0)
        if count >= 8 {
            words[0] = p.loadUnaligned(as: UInt64.self)
            // Bytes 8..<count are the last count - 8 bytes of the word that ends at `count`.
            if count > 8 { words[1] = p.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &>> UInt64((16 - count) * 8) }
        } else {
            for k in 0..<count { words[0] |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) &<< UInt64(k * 8) }
        }
        return unsafeBitCast(words, to: SIMD16<UInt8>.self)
    }

    /// Whether `haystack`, after leading spaces, starts with `prefix` (lowercase ASCII), ignoring case.
    @inline(__always)
    static func hasPrefix(_ haystack: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        var start = 0
        while start < haystack.count && (haystack[start] == 32 || haystack[start] == 9) { start += 1 }
        return matches(haystack, at: start, prefix)
    }

    /// Whether `haystack` ends with `suffix` (lowercase ASCII), ignoring case and a trailing `/`.
    @inline(__always)
    static func hasSuffix(_ haystack: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        var end = haystack.count
        while end > 0 && haystack[end - 1] == UInt8(ascii: "/") { end -= 1 }
        return matches(haystack, at: end - suffix.utf8CodeUnitCount, suffix)
    }
}
