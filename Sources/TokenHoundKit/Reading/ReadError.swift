/// Limits that protect a run against hostile or broken inputs.
public struct ReadLimits: Sendable, Hashable {
    /// Maximum decompressed:compressed ratio for gzip input (deflate's own maximum is about 1032:1).
    public var maxDecompressionRatio: Double
    /// The ratio is only checked once this many bytes have been decompressed.
    public var ratioCheckAfterBytes: UInt64
    /// Maximum bytes one input may produce (decompressed, or plain); `UInt64.max` = unlimited.
    public var maxDecompressedBytes: UInt64
    /// Size of the read and inflate buffers (16 bytes to 64 MiB; 256 KiB measured best).
    public var bufferSize: Int

    public init(maxDecompressionRatio: Double = 1000, ratioCheckAfterBytes: UInt64 = 1 << 20,
                maxDecompressedBytes: UInt64 = .max, bufferSize: Int = 256 * 1024)
    {
        self.maxDecompressionRatio = maxDecompressionRatio
        self.ratioCheckAfterBytes = ratioCheckAfterBytes
        self.maxDecompressedBytes = maxDecompressedBytes
        self.bufferSize = min(max(bufferSize, 16), 64 << 20)  // zlib counts in UInt32
    }

    public static let `default` = ReadLimits()
}

/// A failure while reading one input. Every case carries the input's display name, the byte
/// offset in the file as stored (compressed, for gzip) and a message a person can act on.
public enum ReadError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file could not be opened (byteOffset 0).
    case cannotOpen(path: String, byteOffset: UInt64, message: String)
    /// read(2) failed.
    case ioError(path: String, byteOffset: UInt64, message: String)
    /// The file ends inside a gzip member.
    case truncated(path: String, byteOffset: UInt64, message: String)
    /// zlib rejected the compressed data (Z_DATA_ERROR and friends).
    case corrupt(path: String, byteOffset: UInt64, message: String)
    /// Non-zero bytes after the last complete gzip member that do not start another member.
    case trailingGarbage(path: String, byteOffset: UInt64, message: String)
    /// The decompression ratio or size limit was exceeded (a likely gzip bomb).
    case limitExceeded(path: String, byteOffset: UInt64, message: String)

    public var path: String {
        switch self {
        case .cannotOpen(let p, _, _), .ioError(let p, _, _), .truncated(let p, _, _), .corrupt(let p, _, _),
             .trailingGarbage(let p, _, _), .limitExceeded(let p, _, _):
            return p
        }
    }

    public var byteOffset: UInt64 {
        switch self {
        case .cannotOpen(_, let o, _), .ioError(_, let o, _), .truncated(_, let o, _), .corrupt(_, let o, _),
             .trailingGarbage(_, let o, _), .limitExceeded(_, let o, _):
            return o
        }
    }

    public var message: String {
        switch self {
        case .cannotOpen(_, _, let m), .ioError(_, _, let m), .truncated(_, _, let m), .corrupt(_, _, let m),
             .trailingGarbage(_, _, let m), .limitExceeded(_, _, let m):
            return m
        }
    }

    /// The error as an input diagnostic (severity `.error`).
    public var diagnostic: InputDiagnostic {
        if case .cannotOpen = self { return InputDiagnostic(severity: .error, file: path, message: message) }
        return InputDiagnostic(severity: .error, file: path, byteOffset: byteOffset, message: message)
    }

    public var description: String { diagnostic.rendered }
}
