#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads one input and hands out its decoded bytes chunk by chunk: gzip (detected by the magic bytes
/// `1f 8b`, multi-member, trailing zero padding accepted) is inflated with zlib (or Intel ISA-L when
/// built with the package trait `ISAL`, see `Inflater`), anything else is passed through unchanged.
///
/// Errors are reported only after every byte decoded before the damage has been returned, so a
/// caller that processes each chunk before asking for the next never loses good data.
public final class DecodedByteStream {
    public let file: InputFile
    public let limits: ReadLimits
    /// True when the input starts with the gzip magic bytes.
    public private(set) var isGzip = false
    /// Bytes read from the file so far (compressed, for gzip).
    public private(set) var compressedBytesRead: UInt64 = 0
    /// Bytes handed out by `next()` so far.
    public private(set) var decompressedBytes: UInt64 = 0
    /// Complete gzip members decoded so far.
    public private(set) var membersCompleted = 0

    private let fd: Int32
    private let ownsFD: Bool
    private let bufferSize: Int
    private let inBuf: UnsafeMutablePointer<UInt8>
    private let outBuf: UnsafeMutablePointer<UInt8>
    private let z = Inflater()

    /// File offset of `inBuf[0]`.
    private var inBufFileOffset: UInt64 = 0
    /// Plain mode: bytes at the start of `inBuf` already read but not yet returned.
    private var plainPending = 0
    private var eof = false
    private var finished = false
    private var pendingError: ReadError?

    private enum GzipState { case inMember, betweenMembers, padding }
    private var gzState = GzipState.inMember
    private var memberStart: UInt64 = 0

    /// Opens `file` (`-` = standard input, read from fd 0 and not closed).
    public init(file: InputFile, limits: ReadLimits = .default) throws {
        self.file = file
        self.limits = limits
        self.bufferSize = limits.bufferSize
        if file.isStdin {
            fd = 0; ownsFD = false
        } else {
            var f: Int32
            repeat { f = open(file.path, O_RDONLY | O_CLOEXEC) } while f < 0 && errno == EINTR
            if f < 0 {
                throw ReadError.cannotOpen(path: file.displayName, byteOffset: 0,
                                           message: "cannot open: \(errnoText(errno))")
            }
            fd = f; ownsFD = true
        }
        inBuf = .allocate(capacity: bufferSize)
        outBuf = .allocate(capacity: bufferSize)
        // All stored properties are set: if sniffing throws, deinit closes the descriptor and frees the buffers.
        try sniff()
    }

    deinit {
        inBuf.deallocate()
        outBuf.deallocate()
        if ownsFD { _ = close(fd) }
    }

    // MARK: - Reading

    /// Reads into `inBuf[at...]`, retrying on EINTR. Returns the byte count (0 = end of file).
    private func readSome(at: Int) throws -> Int {
        while true {
            let n = read(fd, inBuf + at, bufferSize - at)
            if n >= 0 {
                compressedBytesRead += UInt64(n)
                if n == 0 { eof = true }
                return n
            }
            let err = errno
            if err == EINTR { continue }
            throw ReadError.ioError(path: file.displayName, byteOffset: compressedBytesRead,
                                    message: "read failed at byte \(compressedBytesRead): \(errnoText(err))")
        }
    }

    /// Reads the first bytes (at least two unless the input is shorter) and picks the mode.
    private func sniff() throws {
        var have = 0
        while have < 2 && !eof {
            have += try readSome(at: have)
        }
        if have >= 2 && inBuf[0] == 0x1f && inBuf[1] == 0x8b {
            isGzip = true
            if let failure = z.start() {
                throw ReadError.corrupt(path: file.displayName, byteOffset: 0, message: failure)
            }
            z.nextIn = inBuf
            z.availIn = UInt32(have)
            inBufFileOffset = 0
            gzState = .inMember
            memberStart = 0
        } else {
            plainPending = have
        }
    }

    /// The next chunk of decoded bytes, or nil at the end. The buffer stays valid until the next call.
    /// Throws once all bytes decoded before a problem have been returned.
    public func next() throws -> UnsafeRawBufferPointer? {
        if let e = pendingError { pendingError = nil; finished = true; throw e }
        if finished { return nil }
        let chunk: UnsafeRawBufferPointer?
        do {
            chunk = isGzip ? try nextGzip() : try nextPlain()
        } catch let e as ReadError {
            finished = true
            throw e
        }
        guard var c = chunk, c.count > 0 else { finished = true; return nil }
        let before = decompressedBytes
        let n = UInt64(c.count)
        if before &+ n > limits.maxDecompressedBytes || before &+ n < before {
            // Hand out bytes up to the limit, then stop with the limit error (it replaces any other
            // pending error: nothing past the limit counts as read).
            let allowed = limits.maxDecompressedBytes &- before
            c = UnsafeRawBufferPointer(rebasing: c[0..<Int(allowed)])
            let error = ReadError.limitExceeded(
                path: file.displayName, byteOffset: isGzip ? consumedOffset : limits.maxDecompressedBytes,
                message: "input produces more than \(limits.maxDecompressedBytes) bytes (the configured maximum); "
                    + "reading stopped there")
            if c.isEmpty { pendingError = nil; finished = true; throw error }
            pendingError = error
        }
        decompressedBytes &+= UInt64(c.count)
        if isGzip, pendingError == nil, decompressedBytes >= limits.ratioCheckAfterBytes {
            let consumed = max(consumedOffset, 1)
            if Double(decompressedBytes) > limits.maxDecompressionRatio * Double(consumed) {
                pendingError = .limitExceeded(
                    path: file.displayName, byteOffset: consumed,
                    message: "decompression ratio above \(Int(limits.maxDecompressionRatio)):1 "
                        + "(\(decompressedBytes) bytes from \(consumed) compressed): likely a gzip bomb; reading stopped")
            }
        }
        return c
    }

    /// Offset in the file of the next compressed byte zlib will consume.
    private var consumedOffset: UInt64 {
        guard isGzip, let nextIn = z.nextIn else { return compressedBytesRead }
        // Signed: bytes the engine holds back may have come from before a refill.
        return UInt64(max(Int64(inBufFileOffset) + Int64(nextIn - inBuf - z.bufferedInput), 0))
    }

    private func nextPlain() throws -> UnsafeRawBufferPointer? {
        if plainPending > 0 {
            let n = plainPending
            plainPending = 0
            return UnsafeRawBufferPointer(start: inBuf, count: n)
        }
        if eof { return nil }
        let n = try readSome(at: 0)
        if n == 0 { return nil }
        return UnsafeRawBufferPointer(start: inBuf, count: n)
    }

    /// Refills the input buffer, keeping the `keep` unconsumed bytes at `next_in`. Returns bytes added.
    private func refill() throws -> Int {
        let keep = Int(z.availIn)
        if keep > 0, let src = z.nextIn, src != inBuf {
            inBufFileOffset += UInt64(src - inBuf)
            memmove(inBuf, src, keep)
        } else if keep == 0 {
            inBufFileOffset = compressedBytesRead
        }
        let n = eof ? 0 : try readSome(at: keep)
        z.nextIn = inBuf
        z.availIn = UInt32(keep + n)
        return n
    }

    private func nextGzip() throws -> UnsafeRawBufferPointer? {
        z.nextOut = outBuf
        z.availOut = UInt32(bufferSize)
        // Returns what has been produced so far, deferring `error` to the next call when needed.
        func stop(_ error: ReadError) throws -> UnsafeRawBufferPointer? {
            let produced = bufferSize - Int(z.availOut)
            if produced > 0 {
                pendingError = error
                return UnsafeRawBufferPointer(start: outBuf, count: produced)
            }
            throw error
        }
        func produced() -> UnsafeRawBufferPointer? {
            let n = bufferSize - Int(z.availOut)
            return n > 0 ? UnsafeRawBufferPointer(start: outBuf, count: n) : nil
        }

        while z.availOut > 0 {
            switch gzState {
            case .padding:
                // Only zero bytes may follow; check what is buffered, then read on.
                if z.availIn == 0 {
                    if try refill() == 0 { return produced() }
                }
                let p = z.nextIn!
                let n = Int(z.availIn)
                var i = 0
                while i < n && p[i] == 0 { i += 1 }
                if i < n {
                    let off = inBufFileOffset + UInt64(p + i - inBuf)
                    z.nextIn = p + i
                    z.availIn = UInt32(n - i)
                    return try stop(.trailingGarbage(
                        path: file.displayName, byteOffset: off,
                        message: "unexpected non-zero byte at \(off) after the zero padding that follows the last gzip member"))
                }
                z.nextIn = p + n
                z.availIn = 0

            case .betweenMembers:
                while z.availIn < 2 && !eof { _ = try refill() }
                if z.availIn == 0 { return produced() }  // clean end after a member
                let p = z.nextIn!
                if p[0] == 0 { gzState = .padding; continue }
                let off = inBufFileOffset + UInt64(p - inBuf)
                if z.availIn >= 2 && p[0] == 0x1f && p[1] == 0x8b {
                    if !z.reset() {
                        return try stop(.corrupt(path: file.displayName, byteOffset: off,
                                                 message: "inflate reset failed at byte \(off)"))
                    }
                    gzState = .inMember
                    memberStart = off
                    continue
                }
                return try stop(.trailingGarbage(
                    path: file.displayName, byteOffset: off,
                    message: "trailing garbage at byte \(off) after gzip member \(membersCompleted) "
                        + "(\(compressedBytesRead - off)+ bytes that are neither a gzip member nor zero padding)"))

            case .inMember:
                if z.availIn == 0 {
                    if try refill() == 0 {
                        let off = compressedBytesRead
                        return try stop(.truncated(
                            path: file.displayName, byteOffset: off,
                            message: "gzip member truncated at byte \(off): file ends inside compressed data "
                                + "(member \(membersCompleted + 1) starts at byte \(memberStart))"))
                    }
                }
                switch z.inflate() {
                case .ok:
                    continue
                case .memberEnd:
                    membersCompleted += 1
                    gzState = .betweenMembers
                case .noProgress:
                    let off = consumedOffset
                    return try stop(.corrupt(path: file.displayName, byteOffset: off,
                                             message: "\(Inflater.engine) made no progress at byte \(off)"))
                case .failed(let what):
                    let off = consumedOffset
                    return try stop(.corrupt(
                        path: file.displayName, byteOffset: off,
                        message: "corrupt gzip data at byte \(off) (member \(membersCompleted + 1), starting at byte \(memberStart)): \(what)"))
                }
            }
        }
        return produced()
    }
}
