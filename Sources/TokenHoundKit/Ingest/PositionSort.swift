extension Array {
    /// Sorts as a stable `sort(by:)` would (elements that compare equal keep their order), with
    /// little more memory than a 4-byte position per element: the positions are sorted, then the
    /// elements moved into place in place, cycle by cycle.
    ///
    /// For lists of large elements: `sort(by:)` merges through a buffer of elements, which for the
    /// merged store's half a million 152-byte grants was a 29 MB transient, the read stage's peak.
    mutating func sortByPosition(by areInIncreasingOrder: (Element, Element) -> Bool) {
        precondition(count <= Int(UInt32.max), "more elements than a UInt32 position can name")
        var order = (0..<UInt32(count)).map { $0 }
        // Ties broken by position: the order a stable sort gives, whatever `sort` guarantees.
        order.sort { a, b in
            if areInIncreasingOrder(self[Int(a)], self[Int(b)]) { return true }
            if areInIncreasingOrder(self[Int(b)], self[Int(a)]) { return false }
            return a < b
        }
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
}
