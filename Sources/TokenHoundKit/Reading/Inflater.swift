import CFastCRC
import CZlib
#if ISAL
import CISAL
#endif

/// One gzip member decoder behind a zlib-like interface, so `DecodedByteStream` keeps a single
/// member/padding/garbage state machine for both engines: zlib (default) and, with the package
/// trait `ISAL`, Intel ISA-L's `isal_inflate` (about 3x faster here). Both give identical bytes and
/// the same error kinds; the state lives on the heap at a fixed address for its whole life.
final class Inflater {
    enum Step: Equatable {
        /// Progress made (or output full / input needed).
        case ok
        /// The member (deflate data and gzip trailer) ended.
        case memberEnd
        /// Input and output space were available but nothing moved.
        case noProgress
        /// Corrupt data: the engine's explanation.
        case failed(String)
    }

    #if ISAL
    static let engine = "isa-l"
    private let state: UnsafeMutablePointer<inflate_state>

    init() {
        state = .allocate(capacity: 1)
        state.initialize(to: inflate_state())
    }

    deinit {
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var nextIn: UnsafeMutablePointer<UInt8>? {
        get { state.pointee.next_in }
        set { state.pointee.next_in = newValue }
    }
    var availIn: UInt32 {
        get { state.pointee.avail_in }
        set { state.pointee.avail_in = newValue }
    }
    var nextOut: UnsafeMutablePointer<UInt8>? {
        get { state.pointee.next_out }
        set { state.pointee.next_out = newValue }
    }
    var availOut: UInt32 {
        get { state.pointee.avail_out }
        set { state.pointee.avail_out = newValue }
    }
    /// Input bytes taken from `nextIn` into the bit buffer but not yet decoded (reported offsets
    /// point at the data being decoded, as with zlib).
    var bufferedInput: Int { Int(max(state.pointee.read_in_length, 0)) / 8 }

    /// nil or an error message.
    func start() -> String? {
        isal_inflate_init(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        return nil
    }

    func reset() -> Bool {
        isal_inflate_reset(state)
        state.pointee.crc_flag = UInt32(ISAL_GZIP)
        return true
    }

    func inflate() -> Step {
        let inBefore = state.pointee.avail_in, outBefore = state.pointee.avail_out
        let rc = isal_inflate(state)
        if rc < 0 {
            switch rc {
            case ISAL_INVALID_BLOCK: return .failed("invalid block type")
            case ISAL_INVALID_SYMBOL: return .failed("invalid code")
            case ISAL_INVALID_LOOKBACK: return .failed("invalid distance too far back")
            case ISAL_INVALID_WRAPPER: return .failed("incorrect header check")
            case ISAL_UNSUPPORTED_METHOD: return .failed("unknown compression method")
            case ISAL_INCORRECT_CHECKSUM: return .failed("incorrect data check")
            default: return .failed("isa-l error \(rc)")
            }
        }
        if rc == ISAL_NEED_DICT { return .failed("compressed data needs a preset dictionary") }
        if state.pointee.block_state == ISAL_BLOCK_FINISH { return .memberEnd }
        if state.pointee.avail_in == inBefore && state.pointee.avail_out == outBefore
            && inBefore > 0 && outBefore > 0 {
            return .noProgress
        }
        return .ok
    }
    #else
    static let engine = "zlib"
    private let strm: UnsafeMutablePointer<z_stream>
    /// zlib fills in the member's gzip header here; only `done` is read (0 while the header is being
    /// read, 1 once a gzip header is complete, -1 for a zlib wrapper). Name, extra and comment are
    /// not kept (their pointers stay nil).
    private let header: UnsafeMutablePointer<gz_header>
    private var ready = false
    /// True once this member's CRC-32 and length are checked here rather than by zlib.
    private var checkingTrailer = false
    /// CRC-32 of the member's output so far (while `checkingTrailer`).
    private var crc: UInt32 = 0
    /// The last 8 compressed bytes zlib consumed, oldest in the low byte: at a member's end, its
    /// trailer (CRC-32 then length, little-endian). Kept per call, as the trailer may straddle refills.
    private var lastConsumed: UInt64 = 0
    /// Consumed input bytes a reported position excludes: 4 after a CRC-32 mismatch, where zlib itself
    /// stops before the length field.
    private(set) var bufferedInput = 0

    init() {
        strm = .allocate(capacity: 1)
        strm.initialize(to: z_stream())
        header = .allocate(capacity: 1)
        header.initialize(to: gz_header())
    }

    deinit {
        if ready { inflateEnd(strm) }
        strm.deinitialize(count: 1)
        strm.deallocate()
        header.deinitialize(count: 1)
        header.deallocate()
    }

    var nextIn: UnsafeMutablePointer<UInt8>? {
        get { strm.pointee.next_in }
        set { strm.pointee.next_in = newValue }
    }
    var availIn: UInt32 {
        get { strm.pointee.avail_in }
        set { strm.pointee.avail_in = newValue }
    }
    var nextOut: UnsafeMutablePointer<UInt8>? {
        get { strm.pointee.next_out }
        set { strm.pointee.next_out = newValue }
    }
    var availOut: UInt32 {
        get { strm.pointee.avail_out }
        set { strm.pointee.avail_out = newValue }
    }

    /// nil or an error message.
    func start() -> String? {
        // 15 + 32: gzip (or zlib) header auto-detected.
        let rc = tokenhound_inflateInit2(strm, 15 + 32)
        if rc != Z_OK { return "zlib inflateInit2 failed (code \(rc))" }
        ready = true
        return beginMember() ? nil : "zlib inflateGetHeader failed"
    }

    func reset() -> Bool { inflateReset(strm) == Z_OK && beginMember() }

    /// zlib checks the header (and its CRC, if any) itself; the data CRC-32 moves here once a gzip
    /// header is complete (see `inflate`). inflateReset keeps the validation flag and drops the header.
    private func beginMember() -> Bool {
        header.pointee = gz_header()
        checkingTrailer = false
        bufferedInput = 0
        return inflateGetHeader(strm, header) == Z_OK && inflateValidate(strm, 1) == Z_OK
    }

    func inflate() -> Step {
        // zlib's own CRC-32 (Debian's 1.2.13: table driven, ~4 instructions a byte) cost 12% of a scan;
        // `fastcrc_crc32` folds with PCLMULQDQ. zlib keeps checking the header and, for a zlib wrapper,
        // the Adler-32; for gzip, once the header is done its data check is switched off and the CRC-32
        // and length are compared with the trailer here, giving zlib's messages at zlib's positions.
        let readingHeader = header.pointee.done == 0
        let room = strm.pointee.avail_out
        // While the header is read, no output: zlib would CRC it the slow way before the switch.
        if readingHeader { strm.pointee.avail_out = 0 }
        let inBefore = strm.pointee.avail_in
        let outStart = strm.pointee.next_out
        let rc = CZlib.inflate(strm, Z_NO_FLUSH)
        if readingHeader { strm.pointee.avail_out = room }
        noteConsumed(Int(inBefore - strm.pointee.avail_in))

        if checkingTrailer, let outStart, let outEnd = strm.pointee.next_out, outEnd > outStart {
            crc = fastcrc_crc32(crc, outStart, outEnd - outStart)
        }
        if rc == Z_STREAM_END && checkingTrailer {
            if crc != UInt32(truncatingIfNeeded: lastConsumed) {
                bufferedInput = 4
                return .failed("incorrect data check")
            }
            if UInt32(truncatingIfNeeded: strm.pointee.total_out) != UInt32(truncatingIfNeeded: lastConsumed >> 32) {
                return .failed("incorrect length check")
            }
        }
        if !checkingTrailer && header.pointee.done == 1 && rc == Z_OK {
            // zlib's CRC-32 of the member's output so far (none while the header was read).
            crc = UInt32(truncatingIfNeeded: strm.pointee.adler)
            checkingTrailer = inflateValidate(strm, 0) == Z_OK
        }

        switch rc {
        case Z_OK: return .ok
        case Z_STREAM_END: return .memberEnd
        case Z_BUF_ERROR:
            // No progress possible: output full or more input needed is fine; both available is not.
            return strm.pointee.avail_in > 0 && strm.pointee.avail_out > 0 ? .noProgress : .ok
        default:
            let zmsg = strm.pointee.msg.map { String(cString: $0) } ?? "zlib error \(rc)"
            return .failed(rc == Z_NEED_DICT ? "compressed data needs a preset dictionary" : zmsg)
        }
    }

    /// Shifts the last `count` bytes before `next_in` into `lastConsumed`.
    private func noteConsumed(_ count: Int) {
        guard count > 0, let end = strm.pointee.next_in else { return }
        for i in (end - min(count, 8))..<end {
            lastConsumed = lastConsumed >> 8 | UInt64(i.pointee) << 56
        }
    }
    #endif
}
