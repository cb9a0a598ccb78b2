#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Allocation-free helpers over field bytes, used by the event decoder's hot path.
enum EventBytes {
    @inline(__always)
    static func equals(_ a: UnsafeRawBufferPointer, _ b: StaticString) -> Bool {
        let n = b.utf8CodeUnitCount
        guard a.count == n else { return false }
        let p = b.utf8Start
        for i in 0..<n where a[i] != p[i] { return false }
        return true
    }

    @inline(__always)
    static func lower(_ c: UInt8) -> UInt8 { (c >= 65 && c <= 90) ? c | 0x20 : c }

    /// ASCII case-insensitive equality with a lowercase literal.
    @inline(__always)
    static func equalsCI(_ a: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        let n = lowercase.utf8CodeUnitCount
        guard a.count == n else { return false }
        let p = lowercase.utf8Start
        for i in 0..<n where lower(a[i]) != p[i] { return false }
        return true
    }

    /// Byte equality; `memcmp` compares a word at a time (every data row compares its EVENT_TYPE).
    @inline(__always)
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }   // both empty
        return memcmp(pa, pb, a.count) == 0
    }

    static func equals(_ a: UnsafeRawBufferPointer, _ b: [UInt8]) -> Bool {
        b.withUnsafeBytes { equals(a, $0) }
    }

    /// ASCII case-insensitive substring search for a lowercase literal.
    static func containsCI(_ a: UnsafeRawBufferPointer, _ lowercase: StaticString) -> Bool {
        let n = lowercase.utf8CodeUnitCount
        let p = lowercase.utf8Start
        guard n > 0 else { return true }
        guard a.count >= n else { return false }
        var i = 0
        while i + n <= a.count {
            var j = 0
            while j < n && lower(a[i + j]) == p[j] { j += 1 }
            if j == n { return true }
            i += 1
        }
        return false
    }

    /// Starts with a literal (case-sensitive).
    @inline(__always)
    static func hasPrefix(_ a: UnsafeRawBufferPointer, _ b: StaticString) -> Bool {
        let n = b.utf8CodeUnitCount
        guard a.count >= n else { return false }
        let p = b.utf8Start
        for i in 0..<n where a[i] != p[i] { return false }
        return true
    }

    /// Parses a decimal integer (optional sign, optional `.digits` fraction which is truncated).
    /// Returns nil for anything else, including empty input.
    @inline(__always)
    static func int64(_ a: UnsafeRawBufferPointer) -> Int64? {
        let n = a.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if a[0] == UInt8(ascii: "-") || a[0] == UInt8(ascii: "+") { negative = a[0] == UInt8(ascii: "-"); i = 1 }
        let digitStart = i
        var v: Int64 = 0
        while i < n {
            let d = a[i] &- 48
            if d > 9 { break }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(Int64(d))
            if o1 || o2 { return nil }
            v = s
            i += 1
        }
        guard i > digitStart else { return nil }
        if i < n {
            guard a[i] == UInt8(ascii: ".") else { return nil }
            i += 1
            while i < n {
                if a[i] &- 48 > 9 { return nil }
                i += 1
            }
        }
        return negative ? -v : v
    }

    /// A 15- or 18-char id, parsed without allocating (see `SalesforceID.init(bytes:)`).
    @inline(__always)
    static func salesforceID(_ a: UnsafeRawBufferPointer) -> SalesforceID? { SalesforceID(bytes: a) }

    @inline(__always)
    static func string(_ a: UnsafeRawBufferPointer) -> String { String(decoding: a, as: UTF8.self) }

    @inline(__always)
    static func optionalString(_ a: UnsafeRawBufferPointer) -> String? { a.isEmpty ? nil : String(decoding: a, as: UTF8.self) }

    // MARK: Row hashing (order-independent duplicate fingerprints)

    @inline(__always)
    static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always)
    static func step(_ h: UInt64, _ w: UInt64) -> UInt64 {
        rotl((h ^ (w &* 0x87C3_7B91_1142_53D5)), 31) &* 0x4CF5_AD43_2745_937F &+ 0x52DC_E729
    }

    /// A deterministic 64-bit hash of a record's field bytes (field boundaries included), the same on
    /// every run and every file, so the same row in a daily and an hourly file hashes equal.
    /// Word-at-a-time with overlapping tail loads; the length of each field is mixed in.
    /// Fields alternate between two independent lanes so the multiply chains overlap.
    static func hashRecord(_ r: CSVRecord) -> UInt64 {
        var h1: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: r.count)
        var h2: UInt64 = 0x1319_8A2E_0370_7344
        guard let base = r.base else { return finalMix(h1) }
        let spans = r.spans
        let count = spans.count
        var i = 0
        while i &+ 1 < count {
            h1 = hashField(base, spans[i], h1)
            h2 = hashField(base, spans[i &+ 1], h2)
            i &+= 2
        }
        if i < count { h1 = hashField(base, spans[i], h1) }
        return finalMix(h1 ^ rotl(h2, 23) &* 0x9E37_79B9_7F4A_7C15)
    }

    @inline(__always)
    static func hashField(_ base: UnsafeRawPointer, _ s: CSVRecord.FieldSpan, _ seed: UInt64) -> UInt64 {
        var h = seed
        var p = base + Int(s.start)
        var n = Int(s.end) - Int(s.start)
        let len = UInt64(truncatingIfNeeded: max(n, 0))
        // Two words per turn: half the loop's own instructions on long fields (URIs, queries).
        while n >= 16 {
            h = step(h, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
            h = step(h, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
            p += 16
            n &-= 16
        }
        if n >= 8 {
            h = step(h, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
            p += 8
            n &-= 8
        }
        var tail: UInt64 = 0
        if n >= 4 {
            tail = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                | UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self))) << 32
        } else if n > 0 {
            let b0 = UInt64(p.load(as: UInt8.self))
            let b1 = UInt64(p.load(fromByteOffset: n >> 1, as: UInt8.self))
            let b2 = UInt64(p.load(fromByteOffset: n - 1, as: UInt8.self))
            tail = b0 | b1 << 8 | b2 << 16
        }
        return step(h, tail ^ (len << 40) ^ 0xA5)
    }

    @inline(__always)
    static func finalMix(_ x: UInt64) -> UInt64 {
        // murmur3 fmix64
        var h = x
        h ^= h >> 33; h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

