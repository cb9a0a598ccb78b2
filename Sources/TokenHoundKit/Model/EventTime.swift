import Foundation

/// A point in time as milliseconds since the Unix epoch, UTC.
///
/// Salesforce logs carry three timestamp spellings (ELF `TIMESTAMP`, `TIMESTAMP_DERIVED`, and the
/// API export form `2025-07-29T00:14:19.000+0000`); all parse to this one value without Foundation
/// formatters, because the hot path parses one per row.
public struct EventTime: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public var millis: Int64

    public init(millis: Int64) { self.millis = millis }

    public static func < (a: EventTime, b: EventTime) -> Bool { a.millis < b.millis }

    public static let secondMillis: Int64 = 1_000
    public static let minuteMillis: Int64 = 60_000
    public static let hourMillis: Int64 = 3_600_000
    public static let dayMillis: Int64 = 86_400_000

    /// Whole hours since the epoch: the bucket coverage and volume aggregates use.
    public var hourIndex: Int64 { millis >= 0 ? millis / Self.hourMillis : (millis - Self.hourMillis + 1) / Self.hourMillis }
    /// Whole days since the epoch.
    public var dayIndex: Int64 { millis >= 0 ? millis / Self.dayMillis : (millis - Self.dayMillis + 1) / Self.dayMillis }

    public func adding(millis delta: Int64) -> EventTime { EventTime(millis: millis &+ delta) }

    /// ISO 8601 UTC with milliseconds: `2025-08-08T12:00:00.000Z`.
    public var iso8601: String {
        let c = CivilTime(epochMillis: millis)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
    }

    /// `2025-08-08` (UTC day).
    public var isoDate: String {
        let c = CivilTime(epochMillis: millis)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))"
    }

    public var description: String { iso8601 }

    public init(from decoder: Decoder) throws {
        millis = try decoder.singleValueContainer().decode(Int64.self)
    }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(millis)
    }
}

@inline(__always)
private func pad(_ v: Int, _ width: Int) -> String {
    let s = String(v)
    return s.utf8.count >= width ? s : String(repeating: "0", count: width - s.utf8.count) + s
}

/// Civil (proleptic Gregorian, UTC) calendar fields, converted with Howard Hinnant's
/// days-from-civil algorithm so no calendar object is needed.
public struct CivilTime: Equatable, Sendable {
    public var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, millisecond: Int

    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, millisecond: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second; self.millisecond = millisecond
    }

    public init(epochMillis: Int64) {
        var days = epochMillis / EventTime.dayMillis
        var rem = epochMillis % EventTime.dayMillis
        if rem < 0 { rem += EventTime.dayMillis; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        year = Int(y); month = Int(m); day = Int(d)
        hour = Int(rem / EventTime.hourMillis)
        minute = Int((rem % EventTime.hourMillis) / EventTime.minuteMillis)
        second = Int((rem % EventTime.minuteMillis) / 1000)
        millisecond = Int(rem % 1000)
    }

    /// Days since 1970-01-01 for a civil date.
    @inline(__always)
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mm = Int64(month)
        let doy = (153 * (mm > 2 ? mm - 3 : mm + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// `YYYY-MM-DD` as midnight UTC; nil for anything else. Used by config dates, indicator
    /// validity, Tor lists and command-line bounds.
    public static func parseDate(_ text: String) -> EventTime? {
        let p = text.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard p.count == 3, p[0].count == 4, let y = Int(p[0]), let m = Int(p[1]), let d = Int(p[2]),
              (1...12).contains(m), (1...31).contains(d) else { return nil }
        return CivilTime(year: y, month: m, day: d).eventTime
    }

    public var eventTime: EventTime {
        let days = Self.daysFromCivil(year: year, month: month, day: day)
        return EventTime(millis: days * EventTime.dayMillis + Int64(hour) * EventTime.hourMillis
            + Int64(minute) * EventTime.minuteMillis + Int64(second) * 1000 + Int64(millisecond))
    }
}
