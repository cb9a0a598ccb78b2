#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A 128-bit content fingerprint of a file's raw bytes (gzip files are hashed compressed), used to
/// recognise a file the state has already ingested. Not cryptographic: two independent 64-bit
/// multiply-xorshift lanes over 8-byte words, plus the length. A collision could only make
/// tokenhound skip a file it has not read (and `--rescan` reads it anyway); nobody gains anything
/// by forging one, since the attacker would have to control the downloaded logs.
public struct ContentFingerprint: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64
    public var byteCount: UInt64

    /// 32 hex digits.
    public var description: String {
        String(high, radix: 16).leftPadded(to: 16) + String(low, radix: 16).leftPadded(to: 16)
    }

    public struct Hasher {
        var a: UInt64 = 0x9E37_79B9_7F4A_7C15
        var b: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        var count: UInt64 = 0
        var tail: UInt64 = 0
        var tailBytes: UInt64 = 0

        public init() {}

        @inline(__always) mutating func word(_ w: UInt64) {
            a = (a ^ w) &* 0xFF51_AFD7_ED55_8CCD
            a ^= a >> 33
            b = (b &+ (w ^ 0x94D0_49BB_1331_11EB)) &* 0xC4CE_B9FE_1A85_EC53
            b = (b << 29) | (b >> 35)
        }

        public mutating func update(_ bytes: UnsafeRawBufferPointer) {
            var i = 0
            let n = bytes.count
            count &+= UInt64(n)
            while i < n && tailBytes != 0 {
                tail |= UInt64(bytes[i]) << (tailBytes * 8); tailBytes += 1; i += 1
                if tailBytes == 8 { word(tail); tail = 0; tailBytes = 0 }
            }
            while i + 8 <= n {
                word(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                i += 8
            }
            while i < n {
                tail |= UInt64(bytes[i]) << (tailBytes * 8); tailBytes += 1; i += 1
            }
        }

        public func finish() -> ContentFingerprint {
            var h = self
            if h.tailBytes > 0 { h.word(h.tail ^ (h.tailBytes << 56)) }
            h.word(h.count)
            var x = h.a ^ (h.b >> 31), y = h.b ^ (h.a << 17)
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9; x ^= x >> 31
            y = (y ^ (y >> 27)) &* 0x94D0_49BB_1331_11EB; y ^= y >> 31
            return ContentFingerprint(high: x, low: y, byteCount: h.count)
        }
    }

    public static func of(bytes: [UInt8]) -> ContentFingerprint {
        var h = Hasher()
        bytes.withUnsafeBytes { h.update($0) }
        return h.finish()
    }

    /// Fingerprints a regular file, streamed in 1 MiB chunks. Nil for standard input, FIFOs,
    /// devices and unreadable paths: those are never recognised as already ingested (reading
    /// a pipe twice would consume it).
    public static func ofFile(_ file: InputFile) -> ContentFingerprint? {
        if file.isStdin { return nil }
        var st = stat()
        guard stat(file.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        let fd = open(file.path, O_RDONLY)
        if fd < 0 { return nil }
        defer { close(fd) }
        var h = Hasher()
        let size = 1 << 20
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: 8)
        defer { buf.deallocate() }
        while true {
            let n = read(fd, buf.baseAddress, size)
            if n < 0 { if errno == EINTR { continue }; return nil }
            if n == 0 { break }
            h.update(UnsafeRawBufferPointer(rebasing: buf[0..<n]))
        }
        return h.finish()
    }
}
