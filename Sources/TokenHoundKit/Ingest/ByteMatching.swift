/// Allocation-free ASCII matching over field bytes, for classifying API rows on the hot path.
enum ByteMatching {
    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

    /// Whether `haystack` contains `needle` (given in lowercase ASCII), ignoring ASCII case.
    static func contains(_ haystack: UnsafeRawBufferPointer, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        let h = haystack.count
        if n == 0 { return true }
        if h < n { return false }
        return needle.withUTF8Buffer { nb -> Bool in
            guard let hb = haystack.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
            let first = nb[0]
            // Candidates: bytes equal to `first` once 0x20 is OR-ed in (exact for letters and for
            // the punctuation used in needles; false candidates are rejected by the full compare).
            let pattern = UInt64(first | 0x20) &* 0x0101_0101_0101_0101
            let last = h - n
            var i = 0
            @inline(__always) func matchAt(_ i: Int) -> Bool {
                guard lower(hb[i]) == first else { return false }
                var j = 1
                while j < n && lower(hb[i + j]) == nb[j] { j += 1 }
                return j == n
            }
            while i + 8 <= last + 1 {
                let w = UnsafeRawPointer(hb + i).loadUnaligned(as: UInt64.self) | 0x2020_2020_2020_2020
                let x = w ^ pattern
                var m = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                while m != 0 {
                    // Bits above a true zero byte can be spurious; matchAt checks each exactly.
                    if matchAt(i + m.trailingZeroBitCount >> 3) { return true }
                    m &= m &- 1
                }
                i += 8
            }
            while i <= last {
                if matchAt(i) { return true }
                i += 1
            }
            return false
        }
    }

    /// Whether `haystack`, after leading spaces, starts with `prefix` (lowercase ASCII), ignoring case.
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
