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
    /// classifier's cost. The first block is read before the loop (a short field's gathered, a long
    /// one's loaded) and `keep` masks what a block does not offer (a short field's padding, the
    /// bytes an overlapping last block shares with the one before), so the loop itself has no test
    /// of the field's length and no overflow checks. `body` is called from one place only, so it is
    /// inlined once.
    @inline(__always)
    static func someCandidate(_ haystack: UnsafeRawBufferPointer, _ a: UInt8, _ b: UInt8,
                              _ body: (Int) -> Bool) -> Bool {
        let end = haystack.count
        guard let hb = haystack.baseAddress, end > 0 else { return false }
        let caseBit = SIMD16<UInt8>(repeating: 0x20)
        let patternA = SIMD16<UInt8>(repeating: a | 0x20), patternB = SIMD16<UInt8>(repeating: b | 0x20)
        let last = end >= 16 ? end &- 16 : 0          // where the last block starts
        var block = end >= 16 ? hb.loadUnaligned(as: SIMD16<UInt8>.self) : shortBlock(hb, end)
        var keep: UInt32 = end >= 16 ? 0xFFFF : (1 &<< UInt32(end)) &- 1
        var base = 0
        while true {
            let folded = block | caseBit
            let hits = unsafeBitCast((folded .== patternA) .| (folded .== patternB), to: SIMD2<UInt64>.self)
            if hits[0] | hits[1] != 0 {
                // Bit k for byte k of the block.
                var m = (bitPerByte(hits[0]) | bitPerByte(hits[1]) &<< 8) & keep
                while m != 0 {
                    if body(base &+ m.trailingZeroBitCount) { return true }
                    m &= m &- 1
                }
            }
            if base == last { return false }
            let next = base &+ 16
            if next > last {
                // The last block ends at the end: its first next - last bytes were offered already.
                keep = 0xFFFF &<< UInt32(truncatingIfNeeded: next &- last)
                base = last
            } else {
                base = next
            }
            block = hb.loadUnaligned(fromByteOffset: base, as: SIMD16<UInt8>.self)
        }
    }

    /// The eight bytes of `word`, each 0x00 or 0xFF, as eight bits (byte k to bit k): the multiply
    /// moves byte k's top bit to bit 56 + k without carries (the SSE2 `pmovmskb` Swift cannot name).
    @inline(__always)
    private static func bitPerByte(_ word: UInt64) -> UInt32 {
        UInt32(truncatingIfNeeded: ((word & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) &>> 56)
    }

    /// A field of `count` bytes (1...15) as the first bytes of a 16-byte block, the rest zero.
    @inline(__always)
    private static func shortBlock(_ p: UnsafeRawPointer, _ count: Int) -> SIMD16<UInt8> {
        let (first, second) = ShortField.words(p, count)
        return unsafeBitCast(SIMD2<UInt64>(first, second), to: SIMD16<UInt8>.self)
    }

    /// Whether `haystack`, after leading spaces, starts with `prefix` (lowercase ASCII), ignoring case.
    @inline(__always)
    static func hasPrefix(_ haystack: UnsafeRawBufferPointer, _ prefix: StaticString) -> Bool {
        matches(haystack, at: leadingBlanks(haystack), prefix)
    }

    /// How many spaces and tabs `haystack` starts with: where `hasPrefix` matches, for a caller
    /// testing several prefixes of one field.
    @inline(__always)
    static func leadingBlanks(_ haystack: UnsafeRawBufferPointer) -> Int {
        var start = 0
        while start < haystack.count && (haystack[start] == 32 || haystack[start] == 9) { start += 1 }
        return start
    }

    /// Whether `haystack` ends with `suffix` (lowercase ASCII), ignoring case and a trailing `/`.
    @inline(__always)
    static func hasSuffix(_ haystack: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        matches(haystack, at: endBeforeSlashes(haystack) - suffix.utf8CodeUnitCount, suffix)
    }

    /// Where `haystack` ends without its trailing slashes: where `hasSuffix` matches, for a caller
    /// testing several suffixes of one field.
    @inline(__always)
    static func endBeforeSlashes(_ haystack: UnsafeRawBufferPointer) -> Int {
        var end = haystack.count
        while end > 0 && haystack[end - 1] == UInt8(ascii: "/") { end -= 1 }
        return end
    }
}
