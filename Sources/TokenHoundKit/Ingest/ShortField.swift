/// A field of at most 16 bytes as two little-endian words, the bytes past its end zero, read
/// without touching a byte past it (a field can end where mapped memory ends). Lets a caller test
/// the field's bytes with no bounds test: the row classifier gathers a short field into one SIMD
/// block, the IPv4 parser reads a candidate address whose end then reads as a zero byte.
enum ShortField {
    @inline(__always)
    static func words(_ p: UnsafeRawPointer, _ count: Int) -> (UInt64, UInt64) {
        if count >= 8 {
            let first = p.loadUnaligned(as: UInt64.self)
            // Bytes 8..<count are the last count - 8 bytes of the word that ends at `count`.
            let second = count > 8 ? p.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) &>> UInt64((16 - count) * 8) : 0
            return (first, second)
        }
        if count >= 4 {
            // Two four-byte reads, the second overlapping the first: the shared bytes are equal.
            let head = UInt64(p.loadUnaligned(as: UInt32.self))
            let tail = UInt64(p.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return (head | tail &<< UInt64((count - 4) * 8), 0)
        }
        var first: UInt64 = 0
        for k in 0..<count { first |= UInt64(p.load(fromByteOffset: k, as: UInt8.self)) &<< UInt64(k * 8) }
        return (first, 0)
    }
}
