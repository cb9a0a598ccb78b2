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

    /// Byte equality (every data row compares its EVENT_TYPE): 4 to 16 bytes as two overlapping
    /// loads from each side, with no call; `memcmp`, a word at a time, for any other length.
    @inline(__always)
    static func equals(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }   // both empty
        if n >= 8 && n <= 16 {
            return (word(pa, 0) ^ word(pb, 0)) | (word(pa, n &- 8) ^ word(pb, n &- 8)) == 0
        }
        if n >= 4 && n < 8 {
            return (halfWord(pa, 0) ^ halfWord(pb, 0)) | (halfWord(pa, n &- 4) ^ halfWord(pb, n &- 4)) == 0
        }
        return memcmp(pa, pb, n) == 0
    }

    @inline(__always)
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
    ///
    /// Every number of an API row (sizes, counts, status codes) is 1 to 18 plain digits, which
    /// cannot overflow: those are read by a bare digit loop, with none of the sign, overflow and
    /// fraction handling of `int64General`, which takes anything else.
    @inline(__always)
    static func int64(_ a: UnsafeRawBufferPointer) -> Int64? {
        let n = a.count
        guard UInt(bitPattern: n &- 1) < 18, let p = a.baseAddress else { return int64General(a) }
        var v: Int64 = 0
        var i = 0
        repeat {
            let d = p.load(fromByteOffset: i, as: UInt8.self) &- 48
            if d > 9 { return int64General(a) }
            v = v &* 10 &+ Int64(d)
            i &+= 1
        } while i < n
        return v
    }

    /// `int64` for any input: sign, any number of digits (nil on overflow), fraction.
    @inline(never)
    static func int64General(_ a: UnsafeRawBufferPointer) -> Int64? {
        let n = a.count
        guard n > 0 else { return nil }
        var i = 0
        var negative = false
        if a[0] == UInt8(ascii: "-") || a[0] == UInt8(ascii: "+") { negative = a[0] == UInt8(ascii: "-"); i = 1 }
        let digitStart = i
        var v: Int64 = 0
        // Up to 18 digits cannot overflow (10^18 - 1 < Int64.max): tested per digit only beyond.
        let uncheckedEnd = min(n, digitStart &+ 18)
        while i < uncheckedEnd {
            let d = a[i] &- 48
            if d > 9 { break }
            v = v &* 10 &+ Int64(d)
            i += 1
        }
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

    /// murmur3's fmix64: a bijective 64-bit avalanche (shard and table slot selection).
    @inline(__always)
    static func finalMix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33; h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33; h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    // MARK: Row hashing (order-independent duplicate fingerprints)

    /// Identifies the definition of `hashRecord`. Row hashes are persisted (per-hour sums in state
    /// files, `files.row_hash_version`) and sums are only comparable between equal versions: bump
    /// this whenever any value of `hashRecord` changes. 1: field by field, a murmur-style step per
    /// word; 2: the quoted form, 16 bytes per 64x64->128 multiply.
    static let rowHashVersion = 2

    /// A deterministic 64-bit hash of a record's field contents and boundaries, the same on every
    /// run, machine and file, so the same row in a daily and an hourly file hashes equal however
    /// each file quoted it. It hashes the record's quoted form (see `CSVRecord`) and field count:
    /// ELF rows are quoted field by field, so their form lies in the reader's chunk and is hashed in
    /// place as one byte range, with no per-field work (a quarter of version 1's cost). Any other
    /// record (unquoted fields, doubled quotes, a record copied across chunks) has its form built in
    /// a temporary buffer first, which costs more per field: a wholly unquoted row takes about 1.5
    /// times version 1's instructions.
    static func hashRecord(_ r: CSVRecord) -> UInt64 {
        guard let form = r.quotedFormBytes else { return hashBuildingQuotedForm(r) }
        let h = hashQuotedForm(form, fieldCount: r.count)
        assert(h == hashBuildingQuotedForm(r), "quoted form in place differs from the one built")
        return h
    }

    /// Builds `r`'s quoted form in a temporary buffer (on the stack when small) and hashes it.
    /// Fields are copied a word at a time as if no `"` needed doubling, noting any `"` on the way;
    /// a record that holds one (rare: escaped quotes) is then rebuilt byte by byte.
    @inline(never)
    static func hashBuildingQuotedForm(_ r: CSVRecord) -> UInt64 {
        let count = r.count
        let spans = r.spans
        var capacity = 3 * count + 1   // separators, the last one's spare byte; never 0
        for s in spans { capacity &+= 2 &* (Int(s.end) &- Int(s.start)) }   // every byte a quote, at worst
        return withUnsafeTemporaryAllocation(byteCount: capacity, alignment: 8) { buffer in
            let start = buffer.baseAddress!
            // No base: every field is empty and no field byte is read, so any pointer will do.
            let base = r.base ?? UnsafeRawPointer(start)
            var out = start
            var quotes: UInt64 = 0
            for i in 0..<count {
                out = appendSeparator(before: i, at: out)
                let n = Int(spans[i].end) &- Int(spans[i].start)
                quotes |= copyField(base + Int(spans[i].start), n, to: out)
                out += n
            }
            if quotes != 0 {
                out = start
                for i in 0..<count {
                    out = appendSeparator(before: i, at: out)
                    out = appendDoublingQuotes(base + Int(spans[i].start), Int(spans[i].end) &- Int(spans[i].start), at: out)
                }
            }
            return hashQuotedForm(UnsafeRawBufferPointer(start: start, count: out - start), fieldCount: count)
        }
    }

    /// Writes `","` at `out` unless `field` is the first, and returns where the field goes. One
    /// 4-byte store: its spare 4th byte is overwritten by the field, or left past the form's end.
    @inline(__always)
    static func appendSeparator(before field: Int, at out: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        if field == 0 { return out }
        out.storeBytes(of: UInt32(littleEndian: 0x0022_2C22), as: UInt32.self)
        return out + 3
    }

    private static let quote = UInt8(ascii: "\"")

    /// The high bit of a byte of the result is set for the lowest byte of `w` that is `"` (and maybe
    /// for higher ones): nonzero exactly when `w` holds a quote.
    @inline(__always)
    static func quoteBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let x = w ^ (ones &* UInt64(quote))   // a zero byte where `w` has a quote
        return (x &- ones) & ~x & (ones << 7)
    }

    /// Copies the `n` bytes at `p` to `out` unchanged, a word at a time, the last word (or, under 8
    /// bytes, half word) overlapping the one before: every load stays inside the field and every
    /// store inside its `n` bytes of output. Returns nonzero when the field holds a `"`.
    @inline(__always)
    static func copyField(_ p: UnsafeRawPointer, _ n: Int, to out: UnsafeMutableRawPointer) -> UInt64 {
        if n >= 8 {
            var quotes: UInt64 = 0
            var i = 0
            while i &+ 8 < n {
                let w = p.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                out.storeBytes(of: w, toByteOffset: i, as: UInt64.self)
                quotes |= quoteBytes(w)
                i &+= 8
            }
            let last = p.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            out.storeBytes(of: last, toByteOffset: n &- 8, as: UInt64.self)
            return quotes | quoteBytes(last)
        }
        if n >= 4 {
            let head = p.loadUnaligned(as: UInt32.self), tail = p.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            out.storeBytes(of: head, as: UInt32.self)
            out.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
            return quoteBytes(UInt64(head) | UInt64(tail) << 32)
        }
        if n > 0 {   // 1 to 3 bytes: first, middle, last (overlapping when fewer)
            let first = p.load(as: UInt8.self), middle = p.load(fromByteOffset: n >> 1, as: UInt8.self)
            let last = p.load(fromByteOffset: n &- 1, as: UInt8.self)
            out.storeBytes(of: first, as: UInt8.self)
            out.storeBytes(of: middle, toByteOffset: n >> 1, as: UInt8.self)
            out.storeBytes(of: last, toByteOffset: n &- 1, as: UInt8.self)
            return quoteBytes(UInt64(first) | UInt64(middle) << 8 | UInt64(last) << 16)
        }
        return 0
    }

    /// Writes the `n` bytes at `p` at `out` with every `"` doubled; returns the end of what it wrote.
    static func appendDoublingQuotes(_ p: UnsafeRawPointer, _ n: Int, at out: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var o = out
        for i in 0..<n {
            let b = p.load(fromByteOffset: i, as: UInt8.self)
            o.storeBytes(of: b, as: UInt8.self); o += 1
            if b == quote { o.storeBytes(of: b, as: UInt8.self); o += 1 }
        }
        return o
    }

    /// Keys of the row hash. Each has a 0xFF byte, which UTF-8 text never holds, so a word of text
    /// never cancels the key it is xored with (a zero multiplicand would drop the data it carries).
    private static let laneKeys: (UInt64, UInt64, UInt64) = (0xFF3F_6A88_85A3_08D3, 0xFF19_8A2E_0370_7344, 0xFF09_3822_299F_31D0)
    private static let finalKey: UInt64 = 0xFF2E_FA98_EC4E_6C89
    private static let outputKeys: (UInt64, UInt64) = (0x4528_21E6_38D0_1377, 0xBE54_66CF_34E9_0C6C)

    /// The high and low halves of the full 128-bit product, xored: the mixing step (wyhash/rapidhash).
    @inline(__always)
    static func foldedProduct(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let p = a.multipliedFullWidth(by: b)
        return p.high ^ p.low
    }

    @inline(__always)
    static func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    static func halfWord(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
    }

    /// rapidhash's structure: 16 bytes per 64x64->128 multiply, one word xored with a key and the
    /// other with the running state, in three independent lanes of 48 bytes so the multiplies
    /// overlap; inputs of up to 16 bytes are read as two overlapping words, longer ones end with an
    /// overlapping read of their last 16 bytes (nothing outside `form` is ever read). The length and
    /// field count seed the state; two multiplies finish. 27 instructions per 48 bytes, and no
    /// per-field work: about a quarter of the field-by-field version 1 on ELF rows.
    @inline(__always)
    static func hashQuotedForm(_ form: UnsafeRawBufferPointer, fieldCount: Int) -> UInt64 {
        let n = form.count
        // Seeded with the length and the field count (each under 2^32), so both go through every multiply.
        var state = 0x243F_6A88_85A3_08D3 ^ UInt64(truncatingIfNeeded: n) ^ UInt64(truncatingIfNeeded: fieldCount) << 32
        var a: UInt64 = 0, b: UInt64 = 0
        if n > 16, let start = form.baseAddress {
            var p = start
            var remaining = n
            if remaining > 48 {
                var lane1 = state, lane2 = state
                @inline(__always) func block(_ q: UnsafeRawPointer) {
                    state = foldedProduct(word(q, 0) ^ laneKeys.0, word(q, 8) ^ state)
                    lane1 = foldedProduct(word(q, 16) ^ laneKeys.1, word(q, 24) ^ lane1)
                    lane2 = foldedProduct(word(q, 32) ^ laneKeys.2, word(q, 40) ^ lane2)
                }
                // Two blocks a turn while more than two remain (the loop's own test and pointer
                // step once per 96 bytes), then the last one if more than 48 bytes are left.
                while remaining > 96 {
                    block(p)
                    block(p + 48)
                    p += 96
                    remaining &-= 96
                }
                if remaining > 48 {
                    block(p)
                    p += 48
                    remaining &-= 48
                }
                state ^= lane1 ^ lane2
            }
            if remaining > 16 {
                state = foldedProduct(word(p, 0) ^ laneKeys.2, word(p, 8) ^ state)
                if remaining > 32 { state = foldedProduct(word(p, 16) ^ laneKeys.2, word(p, 24) ^ state) }
            }
            a = word(p, remaining - 16)
            b = word(p, remaining - 8)
        } else if n >= 4, let p = form.baseAddress {
            // Two words covering every byte: 0..<4 and n-4..<n, then (n >= 8) 4..<8 and n-8..<n-4.
            let inner = (n & 24) >> (n >> 3)
            a = halfWord(p, 0) << 32 | halfWord(p, n - 4)
            b = halfWord(p, inner) << 32 | halfWord(p, n - 4 - inner)
        } else if n > 0, let p = form.baseAddress {
            a = UInt64(p.load(as: UInt8.self)) << 56 | UInt64(p.load(fromByteOffset: n >> 1, as: UInt8.self)) << 32
                | UInt64(p.load(fromByteOffset: n - 1, as: UInt8.self))
        }
        let m = (a ^ finalKey).multipliedFullWidth(by: b ^ state)
        return foldedProduct(m.low ^ outputKeys.0, m.high ^ outputKeys.1)
    }
}
