import Foundation

/// Independent pieces of an analysis, run on up to `threads` threads, their results returned in
/// input order: what the analysis produces never depends on the thread count or the scheduling.
/// The pieces only read what they share (grants, baselines, the evidence store are immutable).
enum OrderedParallel {
    /// `(0..<count).map(body)`, items handed out one at a time to whichever thread is free.
    static func map<Result>(count: Int, threads: Int, _ body: @Sendable (Int) -> Result) -> [Result] {
        let workers = min(threads, count)
        guard workers > 1 else { return (0..<count).map(body) }
        let next = LockedBox(0)
        let slots = LockedBox([Result?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.withLock { n in defer { n += 1 }; return n }
                guard i < count else { return }
                let result = body(i)
                slots.withLock { $0[i] = result }
            }
        }
        return slots.withLock { $0.map { $0! } }
    }

    /// `(first(), second())`, side by side when there are two threads.
    static func pair<A, B>(threads: Int, _ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        let a = LockedBox<A?>(nil), b = LockedBox<B?>(nil)
        _ = map(count: 2, threads: threads) { i in
            if i == 0 {
                let made = first()
                a.withLock { $0 = made }
            } else {
                let made = second()
                b.withLock { $0 = made }
            }
        }
        return (a.withLock { $0! }, b.withLock { $0! })
    }
}
