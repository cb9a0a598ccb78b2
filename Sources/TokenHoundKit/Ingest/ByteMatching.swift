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
            let first = nb[0]
            var i = 0
            let last = h - n
            while i <= last {
                if lower(haystack[i]) == first {
                    var j = 1
                    while j < n && lower(haystack[i + j]) == nb[j] { j += 1 }
                    if j == n { return true }
                }
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
