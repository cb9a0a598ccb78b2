extension Array {
    /// Sorts as a stable `sort(by:)` would (elements that compare equal keep their order), with
    /// little more memory than two 4-byte positions per element: the positions are sorted, then
    /// the elements moved into place in place, cycle by cycle.
    ///
    /// For lists of large elements: `sort(by:)` merges through a buffer of elements, which for the
    /// merged store's half a million 152-byte grants was a 29 MB transient, the read stage's peak.
    mutating func sortByPosition(by areInIncreasingOrder: (Element, Element) -> Bool) {
        precondition(count <= Int(UInt32.max), "more elements than a UInt32 position can name")
        var order = withUnsafeBufferPointer { Self.stablePositions($0, by: areInIncreasingOrder) }
        // Position j takes the element at order[j]; each cycle is walked once, from its lowest
        // position, and its positions are marked done by pointing them at themselves.
        for start in indices where order[start] != UInt32(start) {
            let first = self[start]
            var j = start
            while true {
                let k = Int(order[j])
                order[j] = UInt32(j)
                if k == start {
                    self[j] = first
                    break
                }
                self[j] = self[k]
                j = k
            }
        }
    }

    /// The positions of `elements` in stable sorted order, by a merge sort: stable by
    /// construction (a later element moves ahead of an earlier one only when strictly less), so
    /// each comparison asks `areInIncreasingOrder` once, where sorting positions with ties broken
    /// by position asked it twice whenever the first answer was no. Runs of 16 are sorted by
    /// insertion, then merged in pairs; a pair already in order (the store's lists are mostly
    /// time-ordered runs, one per file) costs one comparison.
    private static func stablePositions(_ elements: UnsafeBufferPointer<Element>,
                                        by areInIncreasingOrder: (Element, Element) -> Bool) -> [UInt32] {
        let n = elements.count
        var order = (0..<UInt32(n)).map { $0 }
        guard n > 1 else { return order }
        @inline(__always) func less(_ a: UInt32, _ b: UInt32) -> Bool { areInIncreasingOrder(elements[Int(a)], elements[Int(b)]) }
        let run = 16
        order.withUnsafeMutableBufferPointer { o in
            for lo in stride(from: 0, to: n, by: run) {
                for i in (lo + 1)..<Swift.min(lo + run, n) {
                    let x = o[i]
                    var j = i
                    while j > lo && less(x, o[j - 1]) { o[j] = o[j - 1]; j -= 1 }
                    o[j] = x
                }
            }
        }
        guard n > run else { return order }
        var spare = [UInt32](repeating: 0, count: n)
        var width = run
        while width < n {
            order.withUnsafeMutableBufferPointer { from in
                spare.withUnsafeMutableBufferPointer { to in
                    for lo in stride(from: 0, to: n, by: 2 * width) {
                        let mid = Swift.min(lo + width, n), hi = Swift.min(lo + 2 * width, n)
                        if mid == hi || !less(from[mid], from[mid - 1]) {
                            for k in lo..<hi { to[k] = from[k] }
                            continue
                        }
                        var i = lo, j = mid, k = lo
                        while i < mid && j < hi {
                            if less(from[j], from[i]) { to[k] = from[j]; j += 1 } else { to[k] = from[i]; i += 1 }
                            k += 1
                        }
                        while i < mid { to[k] = from[i]; i += 1; k += 1 }
                        while j < hi { to[k] = from[j]; j += 1; k += 1 }
                    }
                }
            }
            swap(&order, &spare)
            width *= 2
        }
        return order
    }
}
