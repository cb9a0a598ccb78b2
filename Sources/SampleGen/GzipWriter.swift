import CZlib

/// Streams gzip (RFC 1952) into a `FileSink`. The `z_stream` lives on the heap for its whole life
/// (zlib keeps a back pointer to it). `newMember()` ends the current gzip member and starts another
/// in the same file: multi-member gzip, which readers must accept.
/// The gzip header carries no name and mtime 0, so output is byte-identical across runs.
final class GzipSink: ByteSink {
    private let file: FileSink
    private let strm: UnsafeMutablePointer<z_stream>
    private var out: [UInt8]
    private let level: Int32
    private var open = true
    private var memberHasData = false
    private(set) var bytesIn = 0

    init(path: String, level: Int32 = 6) throws {
        file = try FileSink(path: path)
        self.level = level
        strm = .allocate(capacity: 1)
        strm.initialize(to: z_stream())
        out = [UInt8](repeating: 0, count: 1 << 17)
        try initStream()
    }

    private func initStream() throws {
        let rc = tokenhound_deflateInit2(strm, level, 15 + 16)
        if rc != Z_OK { throw SampleGenError("deflateInit2 failed: \(rc)") }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        bytesIn += bytes.count
        memberHasData = true
        strm.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress!.assumingMemoryBound(to: Bytef.self))
        strm.pointee.avail_in = uInt(bytes.count)
        try pump(flush: Z_NO_FLUSH)
        strm.pointee.next_in = nil
    }

    private func pump(flush: Int32) throws {
        let outCount = out.count
        try out.withUnsafeMutableBytes { buf in
            let base = buf.baseAddress!.assumingMemoryBound(to: Bytef.self)
            while true {
                strm.pointee.next_out = base
                strm.pointee.avail_out = uInt(outCount)
                let rc = deflate(strm, flush)
                if rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR {
                    throw SampleGenError("deflate failed: \(rc)")
                }
                let produced = outCount - Int(strm.pointee.avail_out)
                if produced > 0 { try file.write(UnsafeRawBufferPointer(start: base, count: produced)) }
                if flush == Z_FINISH {
                    if rc == Z_STREAM_END { return }
                } else if strm.pointee.avail_in == 0 && strm.pointee.avail_out != 0 {
                    return
                }
            }
        }
    }

    /// Finishes the current gzip member and begins a new one (only if the current one holds data).
    func newMember() throws {
        guard open, memberHasData else { return }
        try pump(flush: Z_FINISH)
        deflateReset(strm)
        memberHasData = false
    }

    func close() throws {
        guard open else { return }
        open = false
        try pump(flush: Z_FINISH)
        deflateEnd(strm)
        try file.close()
    }

    deinit {
        if open { deflateEnd(strm) }
        strm.deinitialize(count: 1)
        strm.deallocate()
    }
}
