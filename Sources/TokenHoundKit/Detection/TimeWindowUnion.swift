/// A union of closed time windows (`start...end`), added in any order: which times fall in any
/// of them is answered once per time, not once per (window, time). The chain collector gathers a
/// window per grant; an episode's grants mostly share a session or address-day, whose steps are
/// then unpacked and tested once for all its grants.
struct TimeWindowUnion {
    /// Disjoint, ascending and not touching once `normalize()` has run; as added before.
    private var windows: [(start: EventTime, end: EventTime)] = []
    private var normalized = true

    init() {}

    var isEmpty: Bool { windows.isEmpty }

    mutating func add(from start: EventTime, through end: EventTime) {
        guard start <= end else { return }
        windows.append((start, end))
        normalized = windows.count == 1
    }

    /// Sorts the windows and merges overlapping ones, so `contains` can search them.
    mutating func normalize() {
        guard !normalized else { return }
        windows.sort { $0.start < $1.start }
        var merged: [(start: EventTime, end: EventTime)] = []
        merged.reserveCapacity(windows.count)
        for w in windows {
            if let last = merged.last, w.start <= last.end {
                if w.end > last.end { merged[merged.count - 1].end = w.end }
            } else {
                merged.append(w)
            }
        }
        windows = merged
        normalized = true
    }

    /// Whether `t` lies in any window (ends included). Call `normalize()` after the last `add`.
    func contains(_ t: EventTime) -> Bool {
        precondition(normalized, "TimeWindowUnion.contains before normalize()")
        // The last window starting at or before `t` is the only one that can hold it.
        var lo = 0, hi = windows.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if windows[mid].start <= t { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && t <= windows[lo - 1].end
    }
}
