/// Rule 9: an app's daily API volume against its own history. Rows duplicated across hourly and
/// daily files are counted once: per (app, type, hour) the largest single file's tally is used.
struct VolumeRule {
    let context: AnalysisContext
    let builder: FindingBuilder

    struct DayTally {
        var calls = 0
        var rows: Int64 = 0
        mutating func add(_ t: VolumeTally) { calls += t.calls; rows += t.rows }
    }

    func dailySeries() -> [SalesforceID: [Int64: DayTally]] {
        // The tallies of known apps, sorted so that one app's are adjacent, by type, and within a
        // type the files' tallies of one hour: one sequential pass then reads the series off
        // (a table per (app, type, hour) looked up 75k times in random order cost more).
        struct Entry { var app: SalesforceID; var kind: LogKind; var hour: Int64; var tally: VolumeTally }
        var entries: [Entry] = []
        entries.reserveCapacity(context.store.volume.count)
        for (k, v) in context.store.volume {
            if let app = k.app { entries.append(Entry(app: app, kind: k.kind, hour: k.hour, tally: v)) }
        }
        entries.sort { ($0.app, $0.kind, $0.hour) < ($1.app, $1.kind, $1.hour) }
        var out: [SalesforceID: [Int64: DayTally]] = [:]
        var appStart = 0
        while appStart < entries.count {
            let app = entries[appStart].app
            let appEnd = entries[appStart...].firstIndex { $0.app != app } ?? entries.count
            // ApiTotalUsage covers every API call; fall back to RestApi/API/BulkApiRequest otherwise.
            let kinds = Set(entries[appStart..<appEnd].map(\.kind))
            if let kind = [LogKind.apiTotalUsage, .restApi, .api, .bulkApiRequest].first(where: kinds.contains) {
                var days: [Int64: DayTally] = [:]
                var i = appStart
                while i < appEnd {
                    guard entries[i].kind == kind else { i += 1; continue }
                    // Rows duplicated across hourly and daily files: the file that counted most
                    // (calls, then rows) stands for the hour.
                    let hour = entries[i].hour
                    var busiest = entries[i].tally
                    i += 1
                    while i < appEnd && entries[i].kind == kind && entries[i].hour == hour {
                        let t = entries[i].tally
                        if t.calls > busiest.calls || (t.calls == busiest.calls && t.rows > busiest.rows) { busiest = t }
                        i += 1
                    }
                    days[hour / 24, default: DayTally()].add(busiest)
                }
                out[app] = days
            }
            appStart = appEnd
        }
        return out
    }

    func run() -> [Finding] {
        var findings: [Finding] = []
        let series = dailySeries()
        let learningDays = Int64(context.options.learningDays)
        for app in series.keys.sorted() {
            let days = series[app]!
            let sortedDays = days.keys.sorted()
            guard let firstDay = sortedDays.first else { continue }
            let base = sortedDays.filter { $0 < firstDay + learningDays }.map { days[$0]! }
            guard base.count >= 3 else { continue }   // too little history to call anything anomalous
            let calls = base.map(\.calls).sorted(), rows = base.map(\.rows).sorted()
            let medCalls = calls[calls.count / 2], maxCalls = calls.last!
            let medRows = rows[rows.count / 2], maxRows = rows.last!
            let identity = context.catalog.identity(id: app)
            for day in sortedDays where day >= firstDay + learningDays {
                let t = days[day]!
                let callLimit = max(3 * maxCalls, 5 * medCalls, 500)
                let rowLimit = max(3 * maxRows, 5 * medRows, 10_000)
                guard t.calls > callLimit || t.rows > rowLimit else { continue }
                var c = ConfidenceBuilder(base: 35, reason: "day \(EventTime(millis: day * EventTime.dayMillis).isoDate): \(t.calls) calls / \(t.rows) rows against a baseline of median \(medCalls) calls / \(medRows) rows (max \(maxCalls) / \(maxRows))")
                if t.rows > rowLimit && t.calls > callLimit { c.add(10, "both calls and rows jumped") }
                let ratio = Double(t.rows) / Double(max(1, maxRows))
                if ratio > 20 { c.add(10, String(format: "rows %.0fx the busiest baseline day", ratio)) }
                let dayStart = EventTime(millis: day * EventTime.dayMillis)
                findings.append(builder.build(.init(
                    rule: RuleCatalog.volumeAnomaly, app: identity, userKey: "(unknown)", grants: [], network: nil, confidence: c,
                    summary: "\(identity.ref.display): API volume anomaly on \(dayStart.isoDate) (\(t.calls) calls, \(t.rows) rows)",
                    firstSeen: dayStart, lastSeen: dayStart.adding(millis: EventTime.dayMillis - 1), eventCount: t.calls)))
            }
        }
        return findings
    }
}
