extension Array where Element == ActivityStep {
    // Selection by index: iterating an array of steps (filter, for-in) copies every step, retaining
    // and releasing its strings, although most are then dropped. Only the selected ones are copied here.

    /// Whether any step is of this kind.
    func contains(kind: ChainStep.Kind) -> Bool {
        indices.contains { self[$0].kind == kind }
    }

    /// The steps of one kind, in order.
    func steps(ofKind kind: ChainStep.Kind) -> [ActivityStep] {
        var out: [ActivityStep] = []
        for i in indices where self[i].kind == kind { out.append(self[i]) }
        return out
    }

    /// The steps from `start` through `end`, in order.
    func steps(from start: EventTime, through end: EventTime) -> [ActivityStep] {
        var out: [ActivityStep] = []
        for i in indices where self[i].time >= start && self[i].time <= end { out.append(self[i]) }
        return out
    }

    /// The distinct steps in sort order: what `Array(Set(self)).sorted()` gives, without hashing
    /// every step's texts. Equal steps sort next to each other (among steps of the same time,
    /// place and detail), so each is compared only with the run of steps its sort key ties with.
    func sortedDistinct() -> [ActivityStep] {
        let sorted = self.sorted()
        var out: [ActivityStep] = []
        out.reserveCapacity(sorted.count)
        var runStart = 0
        for i in sorted.indices {
            if let last = out.last, !(last < sorted[i]) {
                if out[runStart...].contains(sorted[i]) { continue }
            } else {
                runStart = out.count
            }
            out.append(sorted[i])
        }
        return out
    }
}
