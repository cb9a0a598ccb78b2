// Shared helpers for the fuzz targets (compiled into every target; see scripts/fuzz.sh).
#if canImport(Glibc)
import Glibc
#endif
@testable import TokenHoundKit

/// Writes `bytes` to a per-process scratch file and returns its path. Targets that read files
/// (gzip, posture XML, config) go through the real file code path this way.
func fuzzScratchFile(_ bytes: UnsafeRawBufferPointer, suffix: String) -> String {
    let dir = (getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp")
    let path = "\(dir)/tokenhound-fuzz-\(getpid())\(suffix)"
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    precondition(fd >= 0, "cannot create \(path)")
    var done = 0
    while done < bytes.count {
        let n = write(fd, bytes.baseAddress! + done, bytes.count - done)
        precondition(n > 0, "write failed")
        done += n
    }
    close(fd)
    return path
}

/// A deterministic split point / small number derived from the input, so a reproducer replays
/// exactly (libFuzzer inputs are the only source of variation).
func fuzzDerived(_ bytes: UnsafeRawBufferPointer, modulo: Int) -> Int {
    guard modulo > 0 else { return 0 }
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    for b in bytes.prefix(64) { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
    h ^= UInt64(bytes.count)
    return Int(h % UInt64(modulo))
}
