/// Deterministic pseudo-random numbers: SplitMix64. Same seed => same stream on every platform.
/// The generator never touches system randomness or the wall clock.
struct PRNG {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// An independent stream for a sub-task (a day, an actor), derived from a parent seed and labels,
    /// so adding an actor or a day never shifts the random choices of the others.
    init(seed: UInt64, labels: UInt64...) {
        var s = seed ^ 0x9E37_79B9_7F4A_7C15
        for l in labels { s = PRNG.mix(s &+ l &* 0xD1B5_4A32_D192_ED03) }
        state = s
    }

    /// Stable 64-bit hash of a string label (FNV-1a; Swift's Hasher is randomly seeded per process).
    static func label(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    @inline(__always) static func mix(_ z0: UInt64) -> UInt64 {
        var z = z0
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always) mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return PRNG.mix(state)
    }

    /// Uniform in 0..<n (n > 0), Lemire's multiply-shift (bias negligible for our ranges).
    @inline(__always) mutating func below(_ n: Int) -> Int {
        precondition(n > 0)
        return Int(((next() >> 32) &* UInt64(n)) >> 32)
    }

    mutating func int(_ range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let span = UInt64(range.upperBound - range.lowerBound) &+ 1
        if span == 0 { return Int64(bitPattern: next()) }
        return range.lowerBound + Int64(next() % span)
    }

    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0) }

    mutating func chance(_ p: Double) -> Bool { unit() < p }

    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// Picks by integer weights.
    mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var r = below(total)
        for (item, w) in items {
            if r < w { return item }
            r -= w
        }
        return items[items.count - 1].0
    }

    static let base62: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    static let base64: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    static let base64url: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-".utf8)

    mutating func string(_ count: Int, from alphabet: [UInt8]) -> String {
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = alphabet[below(alphabet.count)] }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A 16-character LOGIN_KEY / SESSION_KEY like `bY5Wfv8t/Ith7WVE`.
    mutating func loginKey() -> String { string(16, from: PRNG.base64) }

    /// A 22-character REQUEST_ID like `4u6LyuMrDvb_G-l1cJIQk-` (14 random, an app-server marker,
    /// 2 random, trailing `-`), the shape of the real samples.
    mutating func requestID() -> String {
        let markers = ["l1cJI", "l2aHK", "l1cJQ", "l3Fpw"]
        return "4" + string(13, from: PRNG.base64url) + pick(markers) + string(2, from: PRNG.base64url) + "-"
    }
}
