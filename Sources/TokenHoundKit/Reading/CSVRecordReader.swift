#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Limits on single CSV records; a record over a limit is skipped with a `CSVIssue` and reading
/// continues at the next record.
public struct CSVLimits: Sendable, Hashable {
    /// Longest field, in unescaped bytes.
    public var maxFieldBytes: Int
    /// Longest record, in unescaped field bytes (separators and quotes not counted).
    public var maxRecordBytes: Int
    /// Most fields in one record.
    public var maxFields: Int
    /// Issues kept in `issues`; later ones are only counted (`issueCount`).
    public var maxStoredIssues: Int

    public init(maxFieldBytes: Int = 1 << 20, maxRecordBytes: Int = 8 << 20, maxFields: Int = 4096,
                maxStoredIssues: Int = 100)
    {
        // Spans are Int32 offsets: keep every limit well inside that range.
        let cap = Int(Int32.max) / 2
        self.maxRecordBytes = min(max(maxRecordBytes, 1), cap)
        self.maxFieldBytes = min(max(maxFieldBytes, 1), self.maxRecordBytes)
        self.maxFields = min(max(maxFields, 1), 1 << 20)
        self.maxStoredIssues = max(maxStoredIssues, 0)
    }

    public static let `default` = CSVLimits()
}

/// A problem found while splitting CSV into records. Never fatal.
public struct CSVIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The input ended inside a quoted field; the incomplete record was dropped.
        case unterminatedQuote
        /// A field exceeded `CSVLimits.maxFieldBytes`; the record was skipped.
        case fieldTooLong
        /// A record exceeded `CSVLimits.maxRecordBytes`; the record was skipped.
        case recordTooLong
        /// A record had more than `CSVLimits.maxFields` fields; the record was skipped.
        case tooManyFields
        /// Text followed a closing quote (`"ab"c`); it was kept (`abc`) and the record emitted.
        case textAfterClosingQuote
    }
    public var kind: Kind
    /// 1-based physical line on which the affected record starts.
    public var line: Int
    public var message: String

    public init(kind: Kind, line: Int, message: String) {
        self.kind = kind; self.line = line; self.message = message
    }

    public var description: String { "line \(line): \(message)" }

    /// The issue as an input diagnostic for `file` (warning: the rest of the file was still read).
    public func diagnostic(file: String) -> InputDiagnostic {
        InputDiagnostic(severity: .warning, file: file, line: line, message: message)
    }
}

private let QUOTE: UInt8 = 0x22
private let COMMA: UInt8 = 0x2C
private let LF: UInt8 = 0x0A
private let CR: UInt8 = 0x0D

private let ONES: UInt64 = 0x0101_0101_0101_0101
private let HIGHS: UInt64 = 0x8080_8080_8080_8080

/// High bit set in the lowest byte of `w` (little-endian) that is `"` or below 0x0E; bits above the
/// lowest match may be spurious, so only `trailingZeroBitCount` is meaningful.
@inline(__always)
private func swarQuoteOrControl(_ w: UInt64) -> UInt64 {
    let x = w ^ (ONES &* 0x22)
    let isQuote = (x &- ONES) & ~x
    let isLow = (w &- ONES &* 0x0E) & ~w
    return (isQuote | isLow) & HIGHS
}

/// As `swarQuoteOrControl`, for `,` or a byte below 0x0E.
@inline(__always)
private func swarCommaOrControl(_ w: UInt64) -> UInt64 {
    let x = w ^ (ONES &* 0x2C)
    let isComma = (x &- ONES) & ~x
    let isLow = (w &- ONES &* 0x0E) & ~w
    return (isComma | isLow) & HIGHS
}

/// First `"`, CR or LF at or after `p`, or `end`. Eight bytes at a time while they fit, stopping at a
/// quote or any byte below 0x0E; the byte loop then classifies that byte exactly.
@inline(__always)
private func scanQuoted(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
    var r = p
    while true {
        while end - r >= 8 {
            let m = swarQuoteOrControl(UnsafeRawPointer(r).loadUnaligned(as: UInt64.self))
            if m != 0 { r += m.trailingZeroBitCount &>> 3; break }
            r += 8
        }
        if r == end { return r }
        let b = r.pointee
        if b == QUOTE || b == LF || b == CR { return r }
        r += 1  // another control byte (or, in the tail, any byte): plain data
    }
}

/// First `,`, CR or LF at or after `p`, or `end` (a `"` here is plain data).
@inline(__always)
private func scanUnquoted(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
    var r = p
    while true {
        while end - r >= 8 {
            let m = swarCommaOrControl(UnsafeRawPointer(r).loadUnaligned(as: UInt64.self))
            if m != 0 { r += m.trailingZeroBitCount &>> 3; break }
            r += 8
        }
        if r == end { return r }
        let b = r.pointee
        if b == COMMA || b == LF || b == CR { return r }
        r += 1
    }
}

/// Streaming RFC 4180 reader: feed it byte chunks of any size, receive `CSVRecord` views.
///
/// Records that lie wholly inside one chunk and contain no doubled quotes are handed out zero-copy
/// (spans into the chunk). Records inside the chunk with doubled quotes are unescaped into a reused
/// scratch buffer by a second tight loop. Everything else (records straddling chunks, malformed
/// quoting, records over a limit) goes through a resumable byte-state path that also copies into
/// scratch. All paths give identical records, so output never depends on chunking.
///
/// Accepted: quoted fields with commas, doubled quotes and CR/LF inside; LF, CRLF and lone CR line
/// ends; a UTF-8 BOM at the very start (dropped); a missing final newline; empty lines (skipped, not
/// records); a quote inside an unquoted field (kept literally); any bytes (invalid UTF-8 included).
/// `CSVRecord.line` is the 1-based physical line where the record starts (LF, CRLF and lone CR each
/// end a physical line, inside quotes too).
public final class CSVRecordReader {
    public let limits: CSVLimits
    /// The first `limits.maxStoredIssues` issues.
    public private(set) var issues: [CSVIssue] = []
    /// All issues, stored or not.
    public private(set) var issueCount = 0
    /// Records skipped over a limit or dropped at an unterminated quote.
    public private(set) var recordsSkipped = 0
    /// Bytes fed so far (BOM included).
    public private(set) var bytesConsumed: UInt64 = 0
    /// Issues that were counted but not stored.
    public var issuesNotStored: Int { issueCount - issues.count }
    /// The physical line the next byte belongs to (1-based).
    public var currentLine: Int { line }
    /// True when a record has started but not ended (it would be completed or dropped by `finish`).
    public var isInsideRecord: Bool { state != Self.sRecordStart }
    /// The line on which the record in progress started (meaningful when `isInsideRecord`).
    public var currentRecordLine: Int { recLine }

    // States of the copy path; the zero-copy path keeps its state in locals.
    private static let sRecordStart: UInt8 = 0
    private static let sFieldStart: UInt8 = 1
    private static let sUnquoted: UInt8 = 2
    private static let sQuoted: UInt8 = 3
    private static let sQuoteInQuoted: UInt8 = 4

    /// Why the record in progress is being skipped, and which field crossed the limit.
    private var skipKind = CSVIssue.Kind.recordTooLong
    private var skipField = 0

    /// Mutable parse state, kept behind a stable pointer: computed accessors over it carry no
    /// dynamic exclusivity checks, unlike stored class properties, which matters in the copy path.
    private struct ParseState {
        var state: UInt8 = 0
        var line: Int = 1
        var recLine: Int = 1
        var quoteLine: Int = 1
        /// The last byte inside the quoted field was CR (a following LF is the same line break).
        var quotedPrevCR: Bool = false
        /// A CR ended the previous chunk as a line end: an LF starting the next chunk belongs to it.
        var pendingLFSkip: Bool = false
        var nf: Int = 0
        var fieldStartOff: Int = 0
        var skipping: Bool = false
        var textAfterQuoteReported: Bool = false
        var bomDone: Bool = false
        var bomHeld: Int = 0
        var scratchCap: Int = 0
        var scratchLen: Int = 0
        var recordsEmitted: Int = 0
        var scratch: UnsafeMutablePointer<UInt8>? = nil
    }
    private let ps: UnsafeMutablePointer<ParseState>
    private var state: UInt8 {
        @inline(__always) get { ps.pointee.state }
        @inline(__always) set { ps.pointee.state = newValue }
    }
    private var line: Int {
        @inline(__always) get { ps.pointee.line }
        @inline(__always) set { ps.pointee.line = newValue }
    }
    private var recLine: Int {
        @inline(__always) get { ps.pointee.recLine }
        @inline(__always) set { ps.pointee.recLine = newValue }
    }
    private var quoteLine: Int {
        @inline(__always) get { ps.pointee.quoteLine }
        @inline(__always) set { ps.pointee.quoteLine = newValue }
    }
    private var quotedPrevCR: Bool {
        @inline(__always) get { ps.pointee.quotedPrevCR }
        @inline(__always) set { ps.pointee.quotedPrevCR = newValue }
    }
    private var pendingLFSkip: Bool {
        @inline(__always) get { ps.pointee.pendingLFSkip }
        @inline(__always) set { ps.pointee.pendingLFSkip = newValue }
    }
    private var nf: Int {
        @inline(__always) get { ps.pointee.nf }
        @inline(__always) set { ps.pointee.nf = newValue }
    }
    private var fieldStartOff: Int {
        @inline(__always) get { ps.pointee.fieldStartOff }
        @inline(__always) set { ps.pointee.fieldStartOff = newValue }
    }
    private var skipping: Bool {
        @inline(__always) get { ps.pointee.skipping }
        @inline(__always) set { ps.pointee.skipping = newValue }
    }
    private var textAfterQuoteReported: Bool {
        @inline(__always) get { ps.pointee.textAfterQuoteReported }
        @inline(__always) set { ps.pointee.textAfterQuoteReported = newValue }
    }
    private var bomDone: Bool {
        @inline(__always) get { ps.pointee.bomDone }
        @inline(__always) set { ps.pointee.bomDone = newValue }
    }
    private var bomHeld: Int {
        @inline(__always) get { ps.pointee.bomHeld }
        @inline(__always) set { ps.pointee.bomHeld = newValue }
    }
    private var scratchCap: Int {
        @inline(__always) get { ps.pointee.scratchCap }
        @inline(__always) set { ps.pointee.scratchCap = newValue }
    }
    private var scratchLen: Int {
        @inline(__always) get { ps.pointee.scratchLen }
        @inline(__always) set { ps.pointee.scratchLen = newValue }
    }
    /// Records handed to the callback.
    public private(set) var recordsEmitted: Int {
        @inline(__always) get { ps.pointee.recordsEmitted }
        @inline(__always) set { ps.pointee.recordsEmitted = newValue }
    }
    private var scratch: UnsafeMutablePointer<UInt8> {
        @inline(__always) get { ps.pointee.scratch.unsafelyUnwrapped }
        @inline(__always) set { ps.pointee.scratch = newValue }
    }
    private let spans: UnsafeMutablePointer<CSVRecord.FieldSpan>
    private let spanCapacity: Int
    private let bomBytes: UnsafeMutablePointer<UInt8>

    public init(limits: CSVLimits = .default) {
        self.limits = limits
        spanCapacity = limits.maxFields
        spans = .allocate(capacity: spanCapacity)
        ps = .allocate(capacity: 1)
        ps.initialize(to: ParseState())
        ps.pointee.scratchCap = 64 * 1024
        ps.pointee.scratch = .allocate(capacity: 64 * 1024)
        bomBytes = .allocate(capacity: 3)
        bomBytes[0] = 0xEF; bomBytes[1] = 0xBB; bomBytes[2] = 0xBF
    }

    deinit {
        spans.deallocate()
        ps.pointee.scratch?.deallocate()
        ps.deinitialize(count: 1)
        ps.deallocate()
        bomBytes.deallocate()
    }

    // MARK: - Public API

    /// Parses `chunk`, calling `onRecord` for every record completed by it. A record still open at
    /// the end of the chunk is carried over (copied) to the next call. Each record is valid only
    /// during its callback. If `onRecord` throws, the reader must not be used further.
    public func feed(_ chunk: UnsafeRawBufferPointer, _ onRecord: (CSVRecord) throws -> Void) rethrows {
        guard let raw = chunk.baseAddress, chunk.count > 0 else { return }
        bytesConsumed &+= UInt64(chunk.count)
        var p = UnsafePointer<UInt8>(raw.assumingMemoryBound(to: UInt8.self))
        let end = p + chunk.count
        if !bomDone {
            // Hold back a possible BOM prefix until it is complete or refuted, whatever the chunking.
            while p < end && bomHeld < 3 {
                if p.pointee == bomBytes[bomHeld] {
                    bomHeld += 1; p += 1
                } else {
                    bomDone = true
                    let held = bomHeld
                    bomHeld = 0
                    if held > 0 { try process(UnsafePointer(bomBytes), UnsafePointer(bomBytes) + held, onRecord) }
                    break
                }
            }
            if bomHeld == 3 { bomDone = true; bomHeld = 0 }
            if !bomDone { return }
        }
        try process(p, end, onRecord)
    }

    /// Ends the input: emits a final record that has no line end, or reports an unterminated quoted
    /// field (the incomplete record is not emitted). The reader is then ready for a new input, with
    /// line numbering restarted; issues and counters accumulate.
    public func finish(_ onRecord: (CSVRecord) throws -> Void) rethrows {
        if !bomDone {
            bomDone = true
            let held = bomHeld
            bomHeld = 0
            if held > 0 { try process(UnsafePointer(bomBytes), UnsafePointer(bomBytes) + held, onRecord) }
        }
        switch state {
        case Self.sRecordStart:
            break
        case Self.sQuoted:
            recordsSkipped += 1
            addIssue(.unterminatedQuote, line: recLine,
                     "CSV ends inside a quoted field that started on line \(quoteLine); "
                         + "the incomplete record starting on line \(recLine) was dropped")
            state = Self.sRecordStart
        default:
            if state == Self.sFieldStart { fieldStartOff = scratchLen }  // after a final comma: one empty field
            endField()
            state = Self.sRecordStart
            try endRecord(onRecord)
        }
        resetForNextInput()
    }

    /// Clears the parse state (not issues or counters) for a new input.
    public func resetForNextInput() {
        state = Self.sRecordStart
        line = 1; recLine = 1; quoteLine = 1
        quotedPrevCR = false; pendingLFSkip = false
        nf = 0; fieldStartOff = 0; scratchLen = 0
        skipping = false; textAfterQuoteReported = false
        bomDone = false; bomHeld = 0
    }

    /// Reads a whole in-memory buffer (feed + finish): for tests and small inputs.
    public func readAll(_ bytes: UnsafeRawBufferPointer, _ onRecord: (CSVRecord) throws -> Void) rethrows {
        try feed(bytes, onRecord)
        try finish(onRecord)
    }

    // MARK: - Driver

    @inline(__always)
    private func process(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                         _ onRecord: (CSVRecord) throws -> Void) rethrows
    {
        var p = start
        if pendingLFSkip && p < end {
            pendingLFSkip = false
            if p.pointee == LF { p += 1 }
        }
        while p < end {
            if state != Self.sRecordStart {
                p = try slow(p, end, onRecord)
                continue
            }
            p = try fast(p, end, onRecord)
            if p < end { p = try slow(p, end, onRecord) }
        }
    }

    // MARK: - Fast path: whole records inside the chunk, zero-copy

    /// Emits every record from `start` that ends inside the chunk (zero-copy, or through
    /// `copyRecord` when it has doubled quotes); returns where it stopped: `end`, or the start of a
    /// record it leaves to the slow path (incomplete at the chunk end, text after a closing quote, a
    /// record `copyRecord` declines, or over a limit), which takes it from the beginning.
    @inline(__always)
    private func fast(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                      _ onRecord: (CSVRecord) throws -> Void) rethrows -> UnsafePointer<UInt8>
    {
        var p = start
        var line = self.line
        let spans = self.spans
        let maxFields = spanCapacity
        let maxField = limits.maxFieldBytes
        let maxRecord = limits.maxRecordBytes
        var emitted = 0
        defer {
            self.line = line
            recordsEmitted &+= emitted
        }
        records: while p < end {
            let recStart = p
            let first = p.pointee
            if first == LF { line &+= 1; p += 1; continue }
            if first == CR {
                line &+= 1; p += 1
                if p < end {
                    if p.pointee == LF { p += 1 }
                } else {
                    pendingLFSkip = true
                }
                continue
            }
            var nf = 0
            var q = p
            var endedByCR = false
            var embeddedBreaks = 0  // line breaks inside quoted fields of this record
            var allQuoted = true    // then the record's bytes in the chunk are its quoted form
            fields: while true {
                if nf == maxFields || q == end { return recStart }
                if q.pointee == QUOTE {
                    let fs = q + 1
                    var r = scanQuoted(fs, end)
                    while r < end && r.pointee != QUOTE {
                        // A line break inside the quotes: field data, and a physical line (CRLF once).
                        if r.pointee == CR || r == fs || (r - 1).pointee != CR { embeddedBreaks &+= 1 }
                        r = scanQuoted(r + 1, end)
                    }
                    // r: the closing quote, or the chunk end (the slow path then takes the record).
                    if r == end || r - fs > maxField { return recStart }
                    let n = r + 1
                    if n == end { return recStart }
                    spans[nf] = CSVRecord.FieldSpan(start: Int32(truncatingIfNeeded: fs - recStart),
                                                    end: Int32(truncatingIfNeeded: r - recStart))
                    nf &+= 1
                    let d = n.pointee
                    q = n + 1
                    if d == COMMA { continue fields }
                    if d == LF { break fields }
                    if d == CR { endedByCR = true; break fields }
                    // A doubled quote: finish this record by copying, if it is simple enough.
                    if d == QUOTE, let c = copyRecord(recStart, prior: nf - 1, fs, r, resume: n + 1, end) {
                        var q2 = c.next
                        if c.endedByCR {
                            if q2 < end {
                                if q2.pointee == LF { q2 += 1 }
                            } else {
                                pendingLFSkip = true
                            }
                        }
                        let recLine = line
                        line &+= 1 &+ embeddedBreaks
                        p = q2
                        emitted &+= 1
                        try onRecord(CSVRecord(base: UnsafeRawPointer(scratch),
                                               spans: UnsafeBufferPointer(start: spans, count: c.fieldCount),
                                               line: recLine))
                        continue records
                    }
                    return recStart  // text after the closing quote, or a record copyRecord declined
                } else {
                    allQuoted = false
                    let r = scanUnquoted(q, end)
                    if r == end || r - q > maxField { return recStart }
                    spans[nf] = CSVRecord.FieldSpan(start: Int32(truncatingIfNeeded: q - recStart),
                                                    end: Int32(truncatingIfNeeded: r - recStart))
                    nf &+= 1
                    let d = r.pointee
                    q = r + 1
                    if d == COMMA { continue fields }
                    endedByCR = d == CR
                    break fields
                }
            }
            if q - recStart > maxRecord { return recStart }
            if endedByCR {
                if q < end {
                    if q.pointee == LF { q += 1 }
                } else {
                    pendingLFSkip = true
                }
            }
            let recLine = line
            line &+= 1 &+ embeddedBreaks
            p = q
            emitted &+= 1
            try onRecord(CSVRecord(base: UnsafeRawPointer(recStart),
                                   spans: UnsafeBufferPointer(start: spans, count: nf), line: recLine,
                                   quotedFormInPlace: allQuoted))
        }
        return p
    }

    private struct CopiedRecord {
        var next: UnsafePointer<UInt8>
        var fieldCount: Int
        var endedByCR: Bool
    }

    /// Completes a record whose field `prior` (quoted, content so far `fs..<closing`) turned out to
    /// hold a doubled quote at `closing`: copies the `prior` clean fields and the rest of the record,
    /// unescaped, into scratch. Returns nil (the slow path then takes the record from its start) when
    /// the record does not end inside the chunk or holds anything unusual: a quoted newline, text
    /// after a closing quote, or a limit reached.
    @inline(never)
    private func copyRecord(_ recStart: UnsafePointer<UInt8>, prior: Int, _ fs: UnsafePointer<UInt8>,
                            _ closing: UnsafePointer<UInt8>, resume: UnsafePointer<UInt8>,
                            _ end: UnsafePointer<UInt8>) -> CopiedRecord?
    {
        let maxField = limits.maxFieldBytes
        let maxRecord = limits.maxRecordBytes
        let maxFields = spanCapacity
        // The unescaped record is never longer than its raw bytes, nor (else we give up) maxRecord.
        let need = min(end - recStart, maxRecord)
        if need > scratchCap { scratchLen = 0; growScratch(need) }
        let dst = scratch
        let spans = self.spans
        var w = 0
        for i in 0..<prior {
            let sp = spans[i]
            let len = Int(sp.end &- sp.start)
            (dst + w).update(from: recStart + Int(sp.start), count: len)
            spans[i] = CSVRecord.FieldSpan(start: Int32(truncatingIfNeeded: w), end: Int32(truncatingIfNeeded: w + len))
            w += len
        }
        var nf = prior
        var fieldStart = w
        let head = closing - fs
        if w + head + 1 > maxRecord || head + 1 > maxField { return nil }
        (dst + w).update(from: fs, count: head)
        w += head
        dst[w] = QUOTE
        w += 1
        var p = resume
        quoted: while true {
            let r = scanQuoted(p, end)
            if r == end || r.pointee != QUOTE { return nil }
            let k = r - p
            if w + k > maxRecord || w + k - fieldStart > maxField { return nil }
            (dst + w).update(from: p, count: k)
            w += k
            let n = r + 1
            if n == end { return nil }
            let d = n.pointee
            if d == QUOTE {
                if w + 1 > maxRecord || w + 1 - fieldStart > maxField { return nil }
                dst[w] = QUOTE
                w += 1
                p = n + 1
                continue quoted
            }
            spans[nf] = CSVRecord.FieldSpan(start: Int32(truncatingIfNeeded: fieldStart), end: Int32(truncatingIfNeeded: w))
            nf += 1
            var q = n + 1
            if d == LF { return CopiedRecord(next: q, fieldCount: nf, endedByCR: false) }
            if d == CR { return CopiedRecord(next: q, fieldCount: nf, endedByCR: true) }
            if d != COMMA { return nil }
            // The following fields, until the record ends or a quoted field starts.
            while true {
                if nf == maxFields || q == end { return nil }
                fieldStart = w
                if q.pointee == QUOTE { p = q + 1; continue quoted }
                let r2 = scanUnquoted(q, end)
                if r2 == end { return nil }
                let k2 = r2 - q
                if w + k2 > maxRecord || k2 > maxField { return nil }
                (dst + w).update(from: q, count: k2)
                w += k2
                spans[nf] = CSVRecord.FieldSpan(start: Int32(truncatingIfNeeded: fieldStart), end: Int32(truncatingIfNeeded: w))
                nf += 1
                let d2 = r2.pointee
                q = r2 + 1
                if d2 == COMMA { continue }
                return CopiedRecord(next: q, fieldCount: nf, endedByCR: d2 == CR)
            }
        }
    }

    // MARK: - Slow path: resumable, copies into scratch

    /// Advances the state machine from `start` until one record (or empty line) is complete, or to
    /// `end`. Returns the position after what it consumed.
    private func slow(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                      _ onRecord: (CSVRecord) throws -> Void) rethrows -> UnsafePointer<UInt8>
    {
        // The states are tested in their natural order (record start, field start, quoted, after a
        // quote, unquoted) so the common path falls through predictable branches; a chunk may end in
        // any state, and the next call resumes there.
        var p = start
        while p < end {
            if state == Self.sRecordStart {
                let c = p.pointee
                if c == LF || c == CR {
                    line += 1; p += 1
                    if c == CR { p = afterCR(p, end) }
                    return p
                }
                recLine = line
                nf = 0; scratchLen = 0; fieldStartOff = 0
                skipping = false; textAfterQuoteReported = false
                state = Self.sFieldStart
            }
            if state == Self.sFieldStart {
                fieldStartOff = scratchLen
                if p.pointee == QUOTE {
                    state = Self.sQuoted
                    quoteLine = line
                    quotedPrevCR = false
                    p += 1
                    if p == end { return end }
                } else {
                    state = Self.sUnquoted
                }
            }
            if state == Self.sQuoted {
                while true {
                    let r = scanQuoted(p, end)
                    if r > p { append(p, r - p); quotedPrevCR = false }
                    p = r
                    if p == end { return end }
                    let d = p.pointee
                    p += 1
                    if d == QUOTE {
                        quotedPrevCR = false
                        if p == end { state = Self.sQuoteInQuoted; return end }
                        if p.pointee == QUOTE {
                            append(p, 1)  // doubled quote = one literal quote
                            p += 1
                            continue
                        }
                        state = Self.sQuoteInQuoted
                        break
                    } else if d == LF {
                        if !quotedPrevCR { line += 1 }
                        quotedPrevCR = false
                        append(p - 1, 1)
                    } else {  // CR
                        line += 1
                        quotedPrevCR = true
                        append(p - 1, 1)
                    }
                    if p == end { return end }
                }
            }
            if state == Self.sQuoteInQuoted {
                let d = p.pointee
                if d == QUOTE {
                    // Only when a chunk ended between the two quotes of a doubled quote.
                    append(p, 1)
                    state = Self.sQuoted
                    p += 1
                    continue
                } else if d == COMMA {
                    endField()
                    state = Self.sFieldStart
                    p += 1
                    continue
                } else if d == LF || d == CR {
                    p += 1
                    endField()
                    line += 1
                    if d == CR { p = afterCR(p, end) }
                    state = Self.sRecordStart
                    try endRecord(onRecord)
                    return p
                } else {
                    if !textAfterQuoteReported {
                        textAfterQuoteReported = true
                        addIssue(.textAfterClosingQuote, line: recLine,
                                 "field \(nf + 1) has text after its closing quote; kept as part of the field")
                    }
                    state = Self.sUnquoted
                }
            }
            // state == sUnquoted
            let r = scanUnquoted(p, end)
            append(p, r - p)
            p = r
            if p == end { return end }
            let d = p.pointee
            p += 1
            endField()
            if d == COMMA { state = Self.sFieldStart; continue }
            line += 1
            if d == CR { p = afterCR(p, end) }
            state = Self.sRecordStart
            try endRecord(onRecord)
            return p
        }
        return p
    }

    /// After a CR line end at `p`: swallow an LF that follows, or remember to swallow one that starts
    /// the next chunk.
    @inline(__always)
    private func afterCR(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8> {
        if p < end { return p.pointee == LF ? p + 1 : p }
        pendingLFSkip = true
        return p
    }

    @inline(__always)
    private func append(_ src: UnsafePointer<UInt8>, _ n: Int) {
        if skipping || n == 0 { return }
        // Bytes of this run that still fit in the field and in the record.
        let fieldRoom = limits.maxFieldBytes - (scratchLen - fieldStartOff)
        let recordRoom = limits.maxRecordBytes - scratchLen
        if n > fieldRoom || n > recordRoom {
            // Report the limit the first excess byte crosses, so the reason never depends on chunking.
            if n > fieldRoom && fieldRoom <= recordRoom {
                startSkipping(.fieldTooLong)
            } else {
                startSkipping(.recordTooLong)
            }
            return
        }
        if scratchLen + n > scratchCap { growScratch(scratchLen + n) }
        (scratch + scratchLen).update(from: src, count: n)
        scratchLen += n
    }

    private func growScratch(_ needed: Int) {
        var cap = scratchCap
        while cap < needed { cap *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: cap)
        fresh.update(from: scratch, count: scratchLen)
        scratch.deallocate()
        scratch = fresh
        scratchCap = cap
    }

    private func startSkipping(_ kind: CSVIssue.Kind) {
        skipping = true
        skipKind = kind
        skipField = nf + 1
    }

    private func skipDetail() -> String {
        switch skipKind {
        case .fieldTooLong: return "field \(skipField) is longer than \(limits.maxFieldBytes) bytes"
        case .tooManyFields: return "record has more than \(spanCapacity) fields"
        default: return "record is longer than \(limits.maxRecordBytes) bytes"
        }
    }

    @inline(__always)
    private func endField() {
        if skipping { return }
        if nf >= spanCapacity {
            startSkipping(.tooManyFields)
            return
        }
        spans[nf] = CSVRecord.FieldSpan(start: Int32(truncatingIfNeeded: fieldStartOff),
                                        end: Int32(truncatingIfNeeded: scratchLen))
        nf += 1
    }

    private func endRecord(_ onRecord: (CSVRecord) throws -> Void) rethrows {
        if skipping {
            skipping = false
            recordsSkipped += 1
            addIssue(skipKind, line: recLine, "record skipped: \(skipDetail())")
            return
        }
        recordsEmitted += 1
        try onRecord(CSVRecord(base: UnsafeRawPointer(scratch),
                               spans: UnsafeBufferPointer(start: spans, count: nf), line: recLine))
    }

    private func addIssue(_ kind: CSVIssue.Kind, line: Int, _ message: @autoclosure () -> String) {
        issueCount += 1
        if issues.count < limits.maxStoredIssues {
            issues.append(CSVIssue(kind: kind, line: line, message: message()))
        }
    }
}
