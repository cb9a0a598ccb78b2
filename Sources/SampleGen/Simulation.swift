import TokenHoundKit

/// Receives the org's events in time order, hour by hour.
protocol EventSink: AnyObject {
    func beginDay(_ index: Int, start: EventTime) throws
    func beginHour(_ start: EventTime) throws
    func emit(_ e: Event) throws
    func endDay() throws
}

/// Drives the actors hour by hour and hands each hour's events, sorted, to a sink. Only one hour
/// of events is held at a time.
final class Simulation {
    let actors: [SimActor]

    init(actors: [SimActor]) { self.actors = actors }

    /// Runs `days` days from `start`, then keeps adding days while `more()` says so.
    func run(start: EventTime, days: Int, sink: EventSink, more: () -> Bool = { false }) throws {
        var day = 0
        while day < days || more() {
            let dayStart = start.adding(millis: Int64(day) * EventTime.dayMillis)
            try sink.beginDay(day, start: dayStart)
            for hour in 0..<24 {
                let hs = dayStart.adding(millis: Int64(hour) * EventTime.hourMillis)
                let he = hs.adding(millis: EventTime.hourMillis)
                var batch: [Event] = []
                for a in actors { a.drain(hourStart: hs, hourEnd: he, into: &batch) }
                // Deterministic total order: time, then kind, then production order.
                let order = batch.indices.sorted { i, j in
                    let a = batch[i], b = batch[j]
                    if a.time != b.time { return a.time < b.time }
                    if a.rank != b.rank { return a.rank < b.rank }
                    return i < j
                }
                try sink.beginHour(hs)
                for i in order where batch[i].time >= start { try sink.emit(batch[i]) }
            }
            try sink.endDay()
            day += 1
        }
    }
}
