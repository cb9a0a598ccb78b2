/// `TimestampParser.parse` for a column read row after row, remembering the date and hour of the
/// last ISO value: log rows come in time order, so most rows share the previous row's hour and
/// only their minutes, seconds, fraction and zone are parsed. Results are `TimestampParser.parse`'s
/// exactly: the hour's start depends on nothing but the 13 bytes the memo compares.
struct ISOHourMemo {
    /// Bytes 0-7 and 5-12 of the remembered value: `yyyy-MM-ddTHH`.
    private var head: (UInt64, UInt64) = (0, 0)
    private var hourStart: Int64 = 0
    private var filled = false

    mutating func parse(_ b: UnsafeRawBufferPointer) -> EventTime? {
        guard b.count >= 19 && b[4] == UInt8(ascii: "-") else { return TimestampParser.parse(b) }
        let head0 = b.loadUnaligned(as: UInt64.self), head1 = b.loadUnaligned(fromByteOffset: 5, as: UInt64.self)
        if !filled || head0 != head.0 || head1 != head.1 {
            guard let start = TimestampParser.isoHourStart(b) else { return nil }
            head = (head0, head1)
            hourStart = start
            filled = true
        }
        return TimestampParser.isoWithinHour(b, hourStart: hourStart)
    }
}
