extension Array where Element == AttributedGrant {
    /// In grants sorted by time: the index of the first at or after `time`, nil when none is.
    /// A binary search, where a scan of a busy user's grants per episode made rule 1 quadratic.
    func firstIndex(atOrAfter time: EventTime) -> Int? {
        var lo = 0, hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            if self[mid].time < time { lo = mid + 1 } else { hi = mid }
        }
        return lo < count ? lo : nil
    }
}
