#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte destination for sinks and summary renderers.
public protocol ByteWriter {
    mutating func write(_ bytes: [UInt8]) throws
    /// Pushes buffered bytes to the destination. In-memory writers do nothing.
    mutating func flush() throws
}

extension ByteWriter {
    public mutating func write(_ string: String) throws { try write(Array(string.utf8)) }
    public mutating func flush() throws {}
}

/// An error writing output (EPIPE, ENOSPC, ...).
public struct ByteWriterError: Error, CustomStringConvertible, Sendable {
    public var errno: Int32
    public var description: String { "write failed: errno \(errno)" }
}

/// Buffered `write(2)` to a file descriptor; `FileDescriptorWriter.standardOutput()` is fd 1.
/// A reference type so a sink and its caller share one buffer; `flush()` (called by every
/// sink's `finish()`) and `deinit` write out what is buffered. Does not close the descriptor.
public final class FileDescriptorWriter: ByteWriter {
    public let fd: Int32
    private var buffer: [UInt8] = []
    private let capacity: Int

    public init(fd: Int32, bufferSize: Int = 64 * 1024) {
        self.fd = fd
        self.capacity = max(1, bufferSize)
        buffer.reserveCapacity(self.capacity)
    }

    public static func standardOutput() -> FileDescriptorWriter { FileDescriptorWriter(fd: 1) }

    public func write(_ bytes: [UInt8]) throws {
        buffer.append(contentsOf: bytes)
        if buffer.count >= capacity { try flush() }
    }

    public func flush() throws {
        var offset = 0
        defer { buffer.removeAll(keepingCapacity: true) }
        while offset < buffer.count {
            let n = buffer.withUnsafeBytes { raw in
                #if canImport(Darwin)
                Darwin.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #else
                Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                #endif
            }
            if n < 0 {
                #if canImport(Darwin)
                let e = Darwin.errno
                #else
                let e = Glibc.errno
                #endif
                if e == EINTR { continue }
                throw ByteWriterError(errno: e)
            }
            offset += n
        }
    }

    deinit { try? flush() }
}

/// In-memory destination (tests, and callers that post the output themselves).
public final class BufferWriter: ByteWriter {
    public private(set) var bytes: [UInt8] = []
    public init() {}
    public func write(_ bytes: [UInt8]) throws { self.bytes.append(contentsOf: bytes) }
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}
