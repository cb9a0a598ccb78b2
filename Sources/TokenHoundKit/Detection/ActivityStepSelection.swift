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
}
