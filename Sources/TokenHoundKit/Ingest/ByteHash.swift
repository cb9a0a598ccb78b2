/// FNV-1a 64 over raw bytes: a stable, allocation-free key for LOGIN_KEY and row fingerprints.
/// Stable across runs and machines (unlike `Hasher`), so persisted state can store it.
@inline(__always)
public func fnv1a64(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
    var h = seed
    for b in bytes {
        h ^= UInt64(b)
        h = h &* 0x0000_0100_0000_01b3
    }
    return h
}

public func fnv1a64(_ text: String) -> UInt64 {
    var t = text
    return t.withUTF8 { fnv1a64(UnsafeRawBufferPointer($0)) }
}
