/// `TimestampParser.parse` for a column read row after row, remembering the date, hour and minute
/// of the last ISO value: log rows come in time order, so most rows share the previous row's
/// minute (dozens of rows a minute) and only their seconds and fraction are parsed, in one word
/// for the `ss.SSSZ` shape of every ELF `TIMESTAMP_DERIVED`. Results are `TimestampParser.parse`'s
/// exactly: the hour's and the minute's start depend on nothing but the 16 bytes the memo compares.
struct ISOHourMemo {
    /// Bytes 0-7 and 8-15 of the remembered value: `yyyy-MM-ddTHH:mm`.
    private var head: (UInt64, UInt64) = (0, 0)
    private var hourStart: Int64 = 0
    /// The start of the remembered minute; nil when bytes 13-15 are not `:` and a minute.
    private var minuteStart: Int64?
    private var filled = false

    @inline(__always)
    mutating func parse(_ b: UnsafeRawBufferPointer) -> EventTime? {
        guard b.count >= 19 && b[4] == UInt8(ascii: "-"), let p = b.baseAddress else { return TimestampParser.parse(b) }
        let head0 = p.loadUnaligned(as: UInt64.self), head1 = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        if !filled || head0 != head.0 || head1 != head.1 {
            guard let start = TimestampParser.isoHourStart(b) else { return nil }
            head = (head0, head1)
            hourStart = start
            minuteStart = TimestampParser.isoMinuteStart(b, hourStart: start)
            filled = true
        }
        if b.count == 24, let minuteStart, let rest = TimestampParser.isoSecondsAndMillis(b) {
            return EventTime(millis: minuteStart + rest)
        }
        return TimestampParser.isoWithinHour(b, hourStart: hourStart)
    }
}
