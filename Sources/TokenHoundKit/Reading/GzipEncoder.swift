import CZlib

/// Streaming gzip compression (one gzip member) through zlib's deflate: for tests, benchmark inputs
/// and tools that write `.gz` files.
public final class GzipEncoder {
    private let strm: UnsafeMutablePointer<z_stream>
    private let out: UnsafeMutablePointer<UInt8>
    private let outSize = 256 * 1024
    private var ended = false

    /// `level` 0-9 (zlib's; -1 = default 6).
    public init(level: Int32 = -1) {
        strm = .allocate(capacity: 1)
        strm.initialize(to: z_stream())
        out = .allocate(capacity: outSize)
        let rc = tokenhound_deflateInit2(strm, level, 15 + 16)
        precondition(rc == Z_OK, "deflateInit2 failed: \(rc)")
    }

    deinit {
        deflateEnd(strm)
        strm.deinitialize(count: 1)
        strm.deallocate()
        out.deallocate()
    }

    /// Compresses `bytes`, passing compressed output to `sink` as it is produced.
    public func write(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(!ended, "GzipEncoder used after finish")
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        var p = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: UInt8.self))
        var left = bytes.count
        while left > 0 {
            let n = min(left, Int(UInt32.max / 2))
            strm.pointee.next_in = p
            strm.pointee.avail_in = UInt32(n)
            try pump(Z_NO_FLUSH, sink)
            p += n
            left -= n
        }
    }

    /// Ends the gzip member (writes the trailer).
    public func finish(_ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(!ended, "GzipEncoder finished twice")
        strm.pointee.next_in = nil
        strm.pointee.avail_in = 0
        try pump(Z_FINISH, sink)
        ended = true
    }

    private func pump(_ flush: Int32, _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        while true {
            strm.pointee.next_out = out
            strm.pointee.avail_out = UInt32(outSize)
            let rc = deflate(strm, flush)
            precondition(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR, "deflate failed: \(rc)")
            let produced = outSize - Int(strm.pointee.avail_out)
            if produced > 0 { try sink(UnsafeRawBufferPointer(start: out, count: produced)) }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
            } else if strm.pointee.avail_in == 0 && strm.pointee.avail_out != 0 {
                return
            }
        }
    }

    /// One complete gzip member holding `bytes`.
    public static func compress(_ bytes: [UInt8], level: Int32 = -1) -> [UInt8] {
        let enc = GzipEncoder(level: level)
        var result: [UInt8] = []
        bytes.withUnsafeBytes { raw in enc.write(raw) { result.append(contentsOf: $0) } }
        enc.finish { result.append(contentsOf: $0) }
        return result
    }
}
