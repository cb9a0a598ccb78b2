/// Rule 9: an app's daily API volume against its own history (`VolumeSeries`, read off the store's
/// tallies when the analysis began).
struct VolumeRule {
    let context: AnalysisContext
    let builder: FindingBuilder

    func run() -> [Finding] {
        var findings: [Finding] = []
        let series = context.volume.days
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
