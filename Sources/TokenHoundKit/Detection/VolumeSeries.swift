/// Each known app's API volume per day, as rule 9 (`VolumeRule`) judges it: read off the store's
/// per-file hourly tallies once, when the analysis takes the store over, so the tallies (382 k keys,
/// 32 MB at 10 GB) are released before grants are attributed instead of held, and sorted in a
/// second copy, while the rules run.
///
/// Rows duplicated across hourly and daily files are counted once: per (app, type, hour) the
/// tally of the file that counted most (calls, then rows) stands for the hour.
struct VolumeSeries: Sendable {
    struct DayTally: Sendable, Equatable {
        var calls = 0
        var rows: Int64 = 0
        mutating func add(calls c: Int, rows r: Int64) { calls += c; rows += r }
    }

    /// App -> day index -> tally of the app's preferred log type (`preferredKinds`).
    let days: [SalesforceID: [Int64: DayTally]]

    /// ApiTotalUsage covers every API call; an app without it falls back to RestApi, API, then
    /// BulkApiRequest. Other types never count.
    static let preferredKinds: [LogKind] = [.apiTotalUsage, .restApi, .api, .bulkApiRequest]

    /// Takes the tallies over: they are released once the tallies that count are copied out, before
    /// those are sorted (freed for good when the caller handed over its only copy).
    init(_ volume: consuming VolumeTable) {
        // First pass: apps numbered (an entry then holds 4 bytes for its app, not a 24-byte id) and
        // their tallies counted per preferred type, so the second pass copies out only the type
        // that counts, into an array sized for it.
        let kindCount = Self.preferredKinds.count
        var apps: [SalesforceID] = []
        var numbers: [SalesforceID: UInt32] = [:]
        var tallyCounts: [Int] = []   // [app number * kindCount + rank of the type]
        volume.forEachTally { app, kind, _, _, _ in
            guard let app, let rank = Self.preferredKinds.firstIndex(of: kind) else { return }
            let n: Int
            if let known = numbers[app] { n = Int(known) } else {
                n = apps.count
                numbers[app] = UInt32(n)
                apps.append(app)
                tallyCounts += repeatElement(0, count: kindCount)
            }
            tallyCounts[n * kindCount + rank] += 1
        }
        // Each app's first preferred type with tallies (every numbered app has one).
        let chosenRanks = apps.indices.map { n in (0..<kindCount).first { tallyCounts[n * kindCount + $0] > 0 }! }
        let chosen = chosenRanks.map { Self.preferredKinds[$0] }

        // Second pass: the chosen type's tallies, sorted so that one app's are adjacent and within
        // an app the files' tallies of one hour: one sequential pass then reads the series off (a
        // table per (app, type, hour) looked up 75k times in random order cost more). Pool numbers
        // only group: no output depends on their order.
        struct Entry { var app: UInt32; var hour: Int64; var calls: Int; var rows: Int64 }
        var entries: [Entry] = []
        entries.reserveCapacity(apps.indices.reduce(0) { $0 + tallyCounts[$1 * kindCount + chosenRanks[$1]] })
        volume.forEachTally { app, kind, hour, calls, rows in
            guard let app, let n = numbers[app], chosen[Int(n)] == kind else { return }
            entries.append(Entry(app: n, hour: hour, calls: calls, rows: rows))
        }
        volume = VolumeTable()
        numbers = [:]
        entries.sort { ($0.app, $0.hour) < ($1.app, $1.hour) }
        var out: [SalesforceID: [Int64: DayTally]] = [:]
        var i = 0
        while i < entries.count {
            let app = entries[i].app
            var days: [Int64: DayTally] = [:]
            while i < entries.count && entries[i].app == app {
                let hour = entries[i].hour
                var busiest = entries[i]
                i += 1
                while i < entries.count && entries[i].app == app && entries[i].hour == hour {
                    let t = entries[i]
                    if t.calls > busiest.calls || (t.calls == busiest.calls && t.rows > busiest.rows) { busiest = t }
                    i += 1
                }
                days[hour / 24, default: DayTally()].add(calls: busiest.calls, rows: busiest.rows)
            }
            out[apps[Int(app)]] = days
        }
        self.days = out
    }
}
