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
    @inline(__always)
    static func matches(_ haystack: UnsafeRawBufferPointer, at i: Int, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard i >= 0, i + n <= haystack.count, let hb = haystack.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        let nb = needle.utf8Start
        var j = 0
        while j < n && lower(hb[i + j]) == nb[j] { j += 1 }
        return j == n
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
        let n = prefix.utf8CodeUnitCount
        if haystack.count - start < n { return false }
        return prefix.withUTF8Buffer { pb -> Bool in
            for j in 0..<n where lower(haystack[start + j]) != pb[j] { return false }
            return true
        }
    }

    /// Whether `haystack` ends with `suffix` (lowercase ASCII), ignoring case and a trailing `/`.
    @inline(__always)
    static func hasSuffix(_ haystack: UnsafeRawBufferPointer, _ suffix: StaticString) -> Bool {
        var end = haystack.count
        while end > 0 && haystack[end - 1] == UInt8(ascii: "/") { end -= 1 }
        let n = suffix.utf8CodeUnitCount
        if end < n { return false }
        return suffix.withUTF8Buffer { sb -> Bool in
            for j in 0..<n where lower(haystack[end - n + j]) != sb[j] { return false }
            return true
        }
    }
}
