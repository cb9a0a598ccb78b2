/// One CSV record as a borrowed view: field bytes already unescaped (surrounding quotes removed,
/// doubled quotes collapsed). Valid only inside the callback that receives it; nothing is
/// materialised as `String` unless a consumer asks (`string(at:)`).
///
/// The record's *quoted form* is the text between the outer quotes of the record written with every
/// field quoted: the fields, each with its `"` doubled, joined by the three bytes `","`. It is a
/// function of the field contents and boundaries only, however the input quoted them, and with the
/// field count it determines the fields (the row hash is taken over it).
public struct CSVRecord {
    /// Base of the storage the spans index into.
    public let base: UnsafeRawPointer?
    /// Per field: (start, end) byte offsets from `base`.
    public let spans: UnsafeBufferPointer<FieldSpan>
    /// 1-based physical line on which the record starts (a record with embedded newlines spans more).
    public let line: Int
    /// True when the bytes from the first field's start to the last field's end are the record's
    /// quoted form: the reader sets it for a record read in place whose fields were all quoted
    /// (none then holds a `"`, and consecutive fields are `","` apart). False is always correct.
    public let quotedFormInPlace: Bool

    public struct FieldSpan: Sendable {
        public var start: Int32
        public var end: Int32
        public init(start: Int32, end: Int32) { self.start = start; self.end = end }
    }

    public init(base: UnsafeRawPointer?, spans: UnsafeBufferPointer<FieldSpan>, line: Int, quotedFormInPlace: Bool = false) {
        self.base = base; self.spans = spans; self.line = line; self.quotedFormInPlace = quotedFormInPlace
    }

    @inline(__always) public var count: Int { spans.count }

    /// The record's quoted form where it lies in `base` (`quotedFormInPlace`), else nil.
    @inline(__always) public var quotedFormBytes: UnsafeRawBufferPointer? {
        guard quotedFormInPlace, let base, let first = spans.first, let last = spans.last else { return nil }
        return UnsafeRawBufferPointer(start: base + Int(first.start), count: Int(last.end) - Int(first.start))
    }

    /// The bytes of field `i` (0-based). Out of range gives an empty buffer, so a missing optional
    /// column reads as empty, exactly like `""`.
    @inline(__always) public subscript(i: Int) -> UnsafeRawBufferPointer {
        guard i < spans.count else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        return field(knownWithin: i)
    }

    /// Field `i` for a caller that has checked the record's width already (a decoder reading the
    /// columns its header bound, of a row as wide as that header): no test against `count`, which
    /// was a third of the decoder's own instructions on API rows (some twenty columns a row).
    /// A negative `i` (a column the header lacks) reads as empty.
    @inline(__always) public func field(knownWithin i: Int) -> UnsafeRawBufferPointer {
        guard i >= 0, let base else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        assert(i < spans.count, "field \(i) of a record of \(spans.count): its width was not checked")
        let s = spans[i]
        return UnsafeRawBufferPointer(start: base + Int(s.start), count: Int(s.end &- s.start))
    }

    /// Field `i` as a String (invalid UTF-8 repaired with U+FFFD, never a crash).
    public func string(at i: Int) -> String { String(decoding: self[i], as: UTF8.self) }

    /// Builds a record from strings and hands it to `body`: for tests and for callers that already
    /// hold decoded values.
    public static func withRecord<R>(_ fields: [String], line: Int = 1, _ body: (CSVRecord) throws -> R) rethrows -> R {
        var storage: [UInt8] = []
        var spans: [FieldSpan] = []
        for f in fields {
            let start = Int32(storage.count)
            storage.append(contentsOf: Array(f.utf8))
            spans.append(FieldSpan(start: start, end: Int32(storage.count)))
        }
        return try storage.withUnsafeBytes { raw in
            try spans.withUnsafeBufferPointer { sp in
                try body(CSVRecord(base: raw.baseAddress, spans: sp, line: line))
            }
        }
    }
}
