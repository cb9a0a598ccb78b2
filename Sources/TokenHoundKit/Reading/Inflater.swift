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
    private var ready = false

    init() {
        strm = .allocate(capacity: 1)
        strm.initialize(to: z_stream())
    }

    deinit {
        if ready { inflateEnd(strm) }
        strm.deinitialize(count: 1)
        strm.deallocate()
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
    var bufferedInput: Int { 0 }

    /// nil or an error message.
    func start() -> String? {
        // 15 + 32: gzip (or zlib) header auto-detected.
        let rc = tokenhound_inflateInit2(strm, 15 + 32)
        if rc != Z_OK { return "zlib inflateInit2 failed (code \(rc))" }
        ready = true
        return nil
    }

    func reset() -> Bool { inflateReset(strm) == Z_OK }

    func inflate() -> Step {
        let rc = CZlib.inflate(strm, Z_NO_FLUSH)
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
    #endif
}
