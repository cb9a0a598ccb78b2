import Foundation

/// A `DecodedByteStream` read ahead on its own thread: the producer inflates into a small bounded
/// ring of buffers while the caller parses the previous ones, so inflate and parse+detect overlap
/// on two cores for a single large file.
///
/// The caller sees exactly the byte sequence (and the same error, after the same bytes) that the
/// plain stream would give; only the chunk boundaries differ, and the CSV reader is independent of
/// those. Memory is bounded by `slots * slotBytes`.
public final class PipelinedByteStream {
    public static let defaultSlots = 4
    public static let defaultSlotBytes = 1 << 20

    private let ring: Ring
    private var finished = false

    /// Opens `file` (errors while opening are thrown here, as by `DecodedByteStream.init`) and starts
    /// the read-ahead thread.
    public init(file: InputFile, limits: ReadLimits = .default,
                slots: Int = PipelinedByteStream.defaultSlots, slotBytes: Int = PipelinedByteStream.defaultSlotBytes) throws {
        let stream = try DecodedByteStream(file: file, limits: limits)
        let r = Ring(stream: stream, slots: max(2, slots), slotBytes: max(slotBytes, limits.bufferSize))
        ring = r
        let thread = Thread { r.produce() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    /// Stops the producer (if still running); it frees the ring when it exits.
    deinit { ring.cancel() }

    public var file: InputFile { ring.stream.file }
    public var isGzip: Bool { ring.stream.isGzip }
    /// Final once `next()` has returned nil or thrown.
    public var compressedBytesRead: UInt64 { ring.waitDone(); return ring.stream.compressedBytesRead }
    public var decompressedBytes: UInt64 { ring.waitDone(); return ring.stream.decompressedBytes }

    /// The next chunk, or nil at the end; valid until the next call. Throws, after every byte decoded
    /// before it, the error the plain stream throws.
    public func next() throws -> UnsafeRawBufferPointer? {
        if finished { return nil }
        switch ring.take() {
        case .chunk(let c): return c
        case .end(let e):
            finished = true
            if let e { throw e }
            return nil
        }
    }
}

/// Shared between the consumer and the producer thread; all mutable state is guarded by `cond`.
private final class Ring: @unchecked Sendable {
    let stream: DecodedByteStream
    private let slotBytes: Int
    private let buffers: [UnsafeMutableRawPointer]
    private var counts: [Int]
    private let cond = NSCondition()
    private var filled = 0          // slots ready for (or held by) the consumer
    private var endError: Error?
    private var ended = false
    private var cancelled = false
    private var consumeIndex = 0
    private var holding = false     // the consumer holds the slot at `consumeIndex`

    enum Item { case chunk(UnsafeRawBufferPointer), end(Error?) }

    init(stream: DecodedByteStream, slots: Int, slotBytes: Int) {
        self.stream = stream
        self.slotBytes = slotBytes
        buffers = (0..<slots).map { _ in UnsafeMutableRawPointer.allocate(byteCount: slotBytes, alignment: 64) }
        counts = [Int](repeating: 0, count: slots)
    }

    deinit { for b in buffers { b.deallocate() } }

    func cancel() {
        cond.lock(); cancelled = true; cond.broadcast(); cond.unlock()
    }

    func waitDone() {
        cond.lock()
        while !ended { cond.wait() }
        cond.unlock()
    }

    func produce() {
        let n = buffers.count
        var slot = 0
        var used = 0
        var failure: Error?
        // Hands the current slot to the consumer and waits for a free one; false when cancelled.
        func publish() -> Bool {
            cond.lock()
            counts[slot] = used
            filled += 1
            cond.broadcast()
            slot = (slot + 1) % n
            while filled == n && !cancelled { cond.wait() }
            let go = !cancelled
            cond.unlock()
            used = 0
            return go
        }
        loop: do {
            while true {
                guard let chunk = try stream.next() else { break }
                var off = 0
                while off < chunk.count {
                    let k = min(chunk.count - off, slotBytes - used)
                    (buffers[slot] + used).copyMemory(from: chunk.baseAddress! + off, byteCount: k)
                    used += k; off += k
                    if used == slotBytes && !publish() { break loop }
                }
            }
        } catch {
            failure = error
        }
        cond.lock()
        if !cancelled && used > 0 {
            counts[slot] = used
            filled += 1
        }
        endError = failure
        ended = true
        cond.broadcast()
        cond.unlock()
    }

    func take() -> Item {
        cond.lock()
        defer { cond.unlock() }
        if holding {
            filled -= 1
            holding = false
            consumeIndex = (consumeIndex + 1) % buffers.count
            cond.broadcast()
        }
        while filled == 0 && !ended { cond.wait() }
        if filled > 0 {
            holding = true
            return .chunk(UnsafeRawBufferPointer(start: buffers[consumeIndex], count: counts[consumeIndex]))
        }
        let e = endError
        endError = nil
        return .end(e)
    }
}
