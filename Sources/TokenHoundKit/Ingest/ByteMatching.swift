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

    /// Calls `body` with the positions of `haystack`, in increasing order, whose byte may be `a` or `b`
    /// (lowercase ASCII letters or punctuation) ignoring case, until `body` returns true; returns
    /// whether it did. Every true position is offered; some others may be too (bits above a true
    /// zero byte can be spurious), so `body` must check the position exactly. Needles anchored on
    /// different bytes (a needle need not be anchored on its first byte) can so share one pass.
    @inline(__always)
    static func someCandidate(_ haystack: UnsafeRawBufferPointer, _ a: UInt8, _ b: UInt8,
                              _ body: (Int) -> Bool) -> Bool {
        let end = haystack.count
        guard let hb = haystack.baseAddress, end > 0 else { return false }
        let patternA = UInt64(a | 0x20) &* 0x0101_0101_0101_0101
        let patternB = UInt64(b | 0x20) &* 0x0101_0101_0101_0101
        var i = 0
        while i + 8 <= end {
            let w = hb.loadUnaligned(fromByteOffset: i, as: UInt64.self) | 0x2020_2020_2020_2020
            let xa = w ^ patternA, xb = w ^ patternB
            var m = ((xa &- 0x0101_0101_0101_0101) & ~xa | (xb &- 0x0101_0101_0101_0101) & ~xb) & 0x8080_8080_8080_8080
            while m != 0 {
                if body(i + m.trailingZeroBitCount >> 3) { return true }
                m &= m &- 1
            }
            i += 8
        }
        if i < end && end >= 8 {
            // The last bytes as one word ending at `end`, overlapping the last word read: the bytes
            // before `i` were offered already and are masked out.
            let last = end - 8
            let w = hb.loadUnaligned(fromByteOffset: last, as: UInt64.self) | 0x2020_2020_2020_2020
            let xa = w ^ patternA, xb = w ^ patternB
            var m = ((xa &- 0x0101_0101_0101_0101) & ~xa | (xb &- 0x0101_0101_0101_0101) & ~xb) & 0x8080_8080_8080_8080
            m &= ~0 &<< UInt64((i - last) * 8)
            while m != 0 {
                if body(last + m.trailingZeroBitCount >> 3) { return true }
                m &= m &- 1
            }
            return false
        }
        while i < end {
            let c = hb.load(fromByteOffset: i, as: UInt8.self) | 0x20
            if (c == a | 0x20 || c == b | 0x20) && body(i) { return true }
            i += 1
        }
        return false
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
