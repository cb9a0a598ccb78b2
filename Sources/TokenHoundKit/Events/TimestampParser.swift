/// Byte-level parser for the three timestamp spellings found in Salesforce logs, without Foundation:
///
/// - ELF `TIMESTAMP`: `yyyyMMddHHmmss` with an optional `.` and 0-3 (up to 9, truncated) fraction
///   digits: `20211019050707.13` is 130 ms, `20220803011210` has none. Always GMT.
/// - ELF `TIMESTAMP_DERIVED`: ISO 8601 `2015-07-27T11:32:59.555Z` (fraction optional, `Z` or offset).
/// - API exports: `2025-07-29T00:14:19.000+0000` (`+0000`, `+00:00`, `Z`, other offsets applied).
///
/// Every parse returns nil for empty input, garbage, or out-of-range fields (month 13, 31 April,
/// hour 24, ...). A zone-less ISO value is taken as UTC.
public enum TimestampParser {
    /// Earliest and latest accepted years: wide enough for any real log, narrow enough to catch garbage.
    public static let yearRange: ClosedRange<Int> = 1900...9999

    /// Detects the form (ISO when the fifth byte is `-`, else ELF) and parses it.
    @inlinable
    public static func parse(_ b: UnsafeRawBufferPointer) -> EventTime? {
        if b.count >= 19 && b[4] == UInt8(ascii: "-") { return parseISO(b) }
        return parseELF(b)
    }

    /// Convenience for tests and non-hot callers.
    public static func parse(_ text: String) -> EventTime? {
        var t = text
        return t.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// ELF `TIMESTAMP`: `yyyyMMddHHmmss[.f{0,9}]`, GMT.
    @inlinable
    public static func parseELF(_ b: UnsafeRawBufferPointer) -> EventTime? {
        let n = b.count
        guard n >= 14 else { return nil }
        let year = digits(b, 0, 4), month = digits(b, 4, 2), day = digits(b, 6, 2)
        let hour = digits(b, 8, 2), minute = digits(b, 10, 2), second = digits(b, 12, 2)
        var millis = 0
        if n > 14 {
            guard b[14] == UInt8(ascii: "."), n - 15 <= 9 else { return nil }
            millis = fraction(b, from: 15, to: n)
            if millis < 0 { return nil }
        }
        return make(year, month, day, hour, minute, second, millis, offsetMinutes: 0)
    }

    /// ISO 8601 / export form: `yyyy-MM-ddTHH:mm:ss[.f{1,9}][Z|±hh|±hhmm|±hh:mm]` (`T` or a space).
    @inlinable
    public static func parseISO(_ b: UnsafeRawBufferPointer) -> EventTime? {
        guard b.count >= 19, let hourStart = isoHourStart(b) else { return nil }
        return isoWithinHour(b, hourStart: hourStart)
    }

    /// The first half of `parseISO`: the UTC start of the hour its first 13 bytes (`yyyy-MM-ddTHH`,
    /// all it reads) name, before any zone offset, or nil when they are not a valid date and hour.
    /// `b` holds at least 19 bytes.
    @inlinable
    static func isoHourStart(_ b: UnsafeRawBufferPointer) -> Int64? {
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "t") else { return nil }
        let year = digits(b, 0, 4), month = digits(b, 5, 2), day = digits(b, 8, 2), hour = digits(b, 11, 2)
        guard yearRange.contains(year), month >= 1 && month <= 12, day >= 1 && day <= daysInMonth(year, month),
              hour >= 0 && hour <= 23 else { return nil }
        return CivilTime.daysFromCivil(year: year, month: month, day: day) * EventTime.dayMillis + Int64(hour) * EventTime.hourMillis
    }

    /// The second half of `parseISO`: minutes, seconds, fraction and zone (from byte 13 on) added
    /// to the start of the hour. `b` holds at least 19 bytes.
    @inlinable
    static func isoWithinHour(_ b: UnsafeRawBufferPointer, hourStart: Int64) -> EventTime? {
        let n = b.count
        // `mm:ss.SSSZ`, the shape of every ELF `TIMESTAMP_DERIVED`: three digits and no zone, so
        // no fraction loop and no zone parsing (the general path below gives the same result).
        if n == 24, let minuteStart = isoMinuteStart(b, hourStart: hourStart), let rest = isoSecondsAndMillis(b) {
            return EventTime(millis: minuteStart + rest)
        }
        guard b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":") else { return nil }
        let minute = digits(b, 14, 2), second = digits(b, 17, 2)
        var i = 19
        var millis = 0
        if i < n && (b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",")) {
            let start = i + 1
            var end = start
            while end < n && b[end] >= 48 && b[end] <= 57 { end += 1 }
            guard end > start, end - start <= 9 else { return nil }
            millis = fraction(b, from: start, to: end)
            i = end
        }
        var offset = 0
        if i < n {
            let c = b[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                guard i + 1 == n else { return nil }
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                let rest = n - i - 1
                let oh: Int, om: Int
                switch rest {
                case 2: oh = digits(b, i + 1, 2); om = 0
                case 4: oh = digits(b, i + 1, 2); om = digits(b, i + 3, 2)
                case 5:
                    guard b[i + 3] == UInt8(ascii: ":") else { return nil }
                    oh = digits(b, i + 1, 2); om = digits(b, i + 4, 2)
                default: return nil
                }
                guard oh >= 0 && oh <= 23 && om >= 0 && om <= 59 else { return nil }
                offset = (oh * 60 + om) * (c == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard minute >= 0 && minute <= 59, second >= 0 && second <= 59 else { return nil }
        return EventTime(millis: hourStart + Int64(minute) * EventTime.minuteMillis + Int64(second) * 1000 + Int64(millis)
                         - Int64(offset) * EventTime.minuteMillis)
    }

    /// The UTC start of the minute bytes 13-15 (`:mm`) name in the hour starting at `hourStart`, or
    /// nil when they are not `:` and a minute 00-59. `b` holds at least 16 bytes.
    @inlinable @inline(__always)
    static func isoMinuteStart(_ b: UnsafeRawBufferPointer, hourStart: Int64) -> Int64? {
        guard b[13] == UInt8(ascii: ":") else { return nil }
        let minute = digits(b, 14, 2)
        guard minute >= 0 && minute <= 59 else { return nil }
        return hourStart + Int64(minute) * EventTime.minuteMillis
    }

    /// Bytes 16-23 as `:ss.SSSZ` (seconds 00-59): the milliseconds they add to the minute's start,
    /// or nil for any other bytes. One word: each byte less the low end of what it may be (`:`,
    /// `0`, `.`, `Z`) is 0 for a fixed byte and 0-9 for a digit. A byte below its low end borrows
    /// from the next but reads 0xA5 or more itself, so no borrow can hide a bad byte.
    /// `b` holds at least 24 bytes.
    @inlinable @inline(__always)
    static func isoSecondsAndMillis(_ b: UnsafeRawBufferPointer) -> Int64? {
        let word = UInt64(littleEndian: b.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        let x = word &- 0x5A30_3030_2E30_303A                       // "Z000.00:" read from byte 23 down to 16
        let fixedBytes: UInt64 = 0xFF00_0000_FF00_00FF                // `:` (16), `.` (19), `Z` (23)
        guard x & fixedBytes == 0, x & 0xF0F0_F0F0_F0F0_F0F0 == 0,
              (x &+ 0x0606_0606_0606_0606) & 0x1010_1010_1010_1010 == 0 else { return nil }   // every digit 0-9
        @inline(__always) func digit(_ i: UInt64) -> Int64 { Int64(truncatingIfNeeded: (x >> (8 * i)) & 0xFF) }
        let second = digit(1) * 10 + digit(2)
        guard second <= 59 else { return nil }
        return second * 1000 + digit(4) * 100 + digit(5) * 10 + digit(6)
    }

    /// `count` ASCII digits at `start` as an Int, or -1 when any byte is not a digit.
    @inlinable @inline(__always)
    static func digits(_ b: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int {
        var v = 0
        var bad = false
        for i in start..<(start + count) {
            let d = b[i] &- 48
            bad = bad || d > 9
            v = v &* 10 &+ Int(d)
        }
        return bad ? -1 : v
    }

    /// Fraction digits in [from, to) as milliseconds (`13` -> 130, `5555` -> 555); -1 on a non-digit.
    @inlinable @inline(__always)
    static func fraction(_ b: UnsafeRawBufferPointer, from: Int, to: Int) -> Int {
        var v = 0
        var i = from
        while i < to {
            let d = b[i] &- 48
            if d > 9 { return -1 }
            if i - from < 3 { v = v * 10 + Int(d) }
            i += 1
        }
        let used = min(to - from, 3)
        if used == 0 { return 0 }
        if used == 1 { return v * 100 }
        if used == 2 { return v * 10 }
        return v
    }

    @inlinable @inline(__always)
    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    @inlinable @inline(__always)
    static func make(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int,
                     _ millis: Int, offsetMinutes: Int) -> EventTime? {
        guard yearRange.contains(year), month >= 1 && month <= 12, day >= 1 && day <= daysInMonth(year, month),
              hour >= 0 && hour <= 23, minute >= 0 && minute <= 59, second >= 0 && second <= 59 else { return nil }
        let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
        let ms = days * EventTime.dayMillis + Int64(hour) * EventTime.hourMillis + Int64(minute) * EventTime.minuteMillis
            + Int64(second) * 1000 + Int64(millis) - Int64(offsetMinutes) * EventTime.minuteMillis
        return EventTime(millis: ms)
    }
}
