#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A destination for bytes: a plain file or a gzip stream over one.
protocol ByteSink: AnyObject {
    func write(_ bytes: UnsafeRawBufferPointer) throws
    /// Flushes and closes. Idempotent.
    func close() throws
    /// Bytes accepted so far (uncompressed).
    var bytesIn: Int { get }
}

struct SampleGenError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Buffered writer to a file descriptor (POSIX `write`, no Foundation buffering surprises).
final class FileSink: ByteSink {
    private var fd: Int32
    private var buffer: [UInt8] = []
    private let capacity = 1 << 18
    private(set) var bytesIn = 0
    let path: String

    init(path: String) throws {
        self.path = path
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { throw SampleGenError("cannot create \(path): errno \(errno)") }
        buffer.reserveCapacity(capacity)
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        bytesIn += bytes.count
        if buffer.count + bytes.count > capacity { try flush() }
        if bytes.count >= capacity { try writeAll(bytes); return }
        buffer.append(contentsOf: bytes)
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try buffer.withUnsafeBytes { try writeAll($0) }
        buffer.removeAll(keepingCapacity: true)
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < bytes.count {
            let n = unistd_write(fd, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw SampleGenError("write to \(path) failed: errno \(errno)")
            }
            off += n
        }
    }

    func close() throws {
        guard fd >= 0 else { return }
        try flush()
        _ = unistd_close(fd)
        fd = -1
    }

    deinit { if fd >= 0 { _ = unistd_close(fd) } }
}

// `write`/`close` are shadowed by the methods above; reach the C functions by these names.
@inline(__always) private func unistd_write(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
    #if canImport(Glibc)
    return Glibc.write(fd, p, n)
    #else
    return Darwin.write(fd, p, n)
    #endif
}
@inline(__always) private func unistd_close(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    return Glibc.close(fd)
    #else
    return Darwin.close(fd)
    #endif
}

/// Creates directories like `mkdir -p`.
func makeDirectories(_ path: String) throws {
    var current = path.hasPrefix("/") ? "" : "."
    for part in path.split(separator: "/") {
        current += "/" + part
        if mkdir(current, 0o755) != 0 && errno != EEXIST {
            throw SampleGenError("cannot create directory \(current): errno \(errno)")
        }
    }
}

func writeStderr(_ b: UnsafeBufferPointer<UInt8>) -> Int {
    guard let base = b.baseAddress else { return 0 }
    return unistd_write(2, base, b.count)
}
