/// Builds the per-event-type coverage report (detection 14) from per-file decode reports:
/// files, rows, span, days and hours with no data, header drift, rejected rows, and rows that
/// hourly and daily files of the same events both contain (counted once).
public enum CoverageBuilder {
    public static func build(outcomes: [FileOutcome]) -> [EventTypeCoverage] {
        var byKind: [LogKind: [FileOutcome]] = [:]
        for o in outcomes { if let k = o.report.kind { byKind[k, default: []].append(o) } }
        var out: [EventTypeCoverage] = []
        for kind in byKind.keys.sorted() {
            let files = byKind[kind]!.sorted { $0.fileID < $1.fileID }
            var c = EventTypeCoverage(kind: kind)
            c.files = files.map { $0.file.displayName }
            var generations = Set<String>()
            var hours = Set<Int64>()
            for f in files {
                let r = f.report
                c.rows += r.rowsAccepted
                if !r.headerGeneration.isEmpty { generations.insert(r.headerGeneration) }
                if let t = r.firstTime { c.firstSeen = min(c.firstSeen ?? t, t) }
                if let t = r.lastTime { c.lastSeen = max(c.lastSeen ?? t, t) }
                hours.formUnion(r.hours)
                for col in r.unknownColumns { c.unknownColumns[col, default: 0] += 1 }
                for (k, v) in r.rejectedRows { c.rejectedRows[k, default: 0] += v }
                for (k, v) in r.unparsedValues { c.unparsedValues[k, default: 0] += v }
                for (k, v) in r.unknownEventTypes { c.unknownColumns["EVENT_TYPE=\(k) (rows)", default: 0] += v }
            }
            c.duplicateRowsDropped = duplicateRows(files.map(\.report))
            c.rows -= c.duplicateRowsDropped
            c.headerGenerations = generations.sorted()
            if let first = c.firstSeen, let last = c.lastSeen {
                c.missingDays = missingDayRanges(present: Set(hours.map { $0 / 24 }), from: first.dayIndex, to: last.dayIndex)
                // Hourly gaps only mean something for types that log around the clock.
                c.missingHours = Int(last.hourIndex - first.hourIndex + 1) - hours.count
            }
            out.append(c)
        }
        return out
    }

    /// Days with no rows, as `2025-08-01` or `2025-08-01..2025-08-09 (9 days)` ranges, so a year-long
    /// gap reads as one line.
    static func missingDayRanges(present: Set<Int64>, from: Int64, to: Int64) -> [String] {
        var out: [String] = []
        var d = from
        func date(_ day: Int64) -> String { EventTime(millis: day * EventTime.dayMillis).isoDate }
        while d <= to {
            if present.contains(d) { d += 1; continue }
            var e = d
            while e + 1 <= to && !present.contains(e + 1) { e += 1 }
            out.append(e == d ? date(d) : "\(date(d))..\(date(e)) (\(e - d + 1) days)")
            d = e + 1
        }
        return out
    }

    /// Rows present in more than one file of the same type and hour. Per hour: files with equal
    /// fingerprints are copies; a file whose fingerprint equals the sum of the others' is a daily
    /// file covering hourly ones. Anything else is counted as distinct rows. Only files whose row
    /// hashes share a version are compared (a state may hold files recorded before the hash changed).
    static func duplicateRows(_ reports: [FileDecodeReport]) -> Int {
        Dictionary(grouping: reports, by: \.rowHashVersion).values.reduce(0) { $0 + duplicateRows(sameRowHash: $1) }
    }

    private static func duplicateRows(sameRowHash reports: [FileDecodeReport]) -> Int {
        var byHour: [Int64: [HourFingerprint]] = [:]
        for r in reports { for (h, fp) in r.fingerprint { byHour[h, default: []].append(fp) } }
        var dup = 0
        for (_, fps) in byHour where fps.count > 1 {
            let sorted = fps.sorted { ($0.rows, $0.hashSum) > ($1.rows, $1.hashSum) }
            let rest = sorted.dropFirst()
            let restRows = rest.reduce(0) { $0 + $1.rows }
            let restSum = rest.reduce(UInt64(0)) { $0 &+ $1.hashSum }
            if sorted[0].rows == restRows && sorted[0].hashSum == restSum {
                dup += restRows
                continue
            }
            var groups: [HourFingerprint: Int] = [:]
            for f in fps { groups[f, default: 0] += 1 }
            for (f, n) in groups where n > 1 { dup += (n - 1) * f.rows }
        }
        return dup
    }
}
