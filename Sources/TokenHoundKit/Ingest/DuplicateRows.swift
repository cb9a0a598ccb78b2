/// Dropping the copies of a row that an hourly and a daily export both carry.
///
/// Identities compare field by field. They used to be one string with the fields joined by `|`,
/// so a `|` inside a field (a status, a user agent, a job id: all free text from the CSV) could
/// stand in for a field boundary and make two different rows one.

/// What makes two auth rows the same row: source, request id, time, user, address, status and
/// client. Equal identities imply equal time, source and request id, the leading keys of
/// `AuthEvent.canonicalOrder`.
struct AuthRowIdentity: Hashable {
    var source: AuthSource
    var requestID: String
    var millis: Int64
    var user: String
    var address: String
    var status: String
    var userAgent: String
}

extension AuthEvent {
    var rowIdentity: AuthRowIdentity {
        AuthRowIdentity(source: source, requestID: requestID, millis: time.millis, user: user?.description ?? rawUser ?? "",
                        address: sourceAddress.display, status: status, userAgent: userAgent)
    }

    static func canonicalOrder(_ a: AuthEvent, _ b: AuthEvent) -> Bool {
        if a.time != b.time { return a.time < b.time }
        if a.source != b.source { return a.source < b.source }
        switch requestIDOrder(a, b) {
        case .before: return true
        case .after: return false
        case .same: return a.location < b.location
        }
    }
}

extension Array where Element == AuthEvent {
    /// `uniqued(by: \.rowIdentity)` for a list sorted by `AuthEvent.canonicalOrder`, without
    /// building an identity per event: rows with equal identities share time, source and request
    /// id, so they sit in one run of the sorted list, and identities are only built inside runs
    /// longer than one (duplicates are rare). Keeps the first of each set of duplicates, in place.
    mutating func removeDuplicateRows() {
        var kept = 0        // events [0, kept) are the result so far
        var runStart = 0    // where the run of the last kept event starts
        for i in indices {
            let e = self[i]
            let r = kept > 0 ? self[runStart] : e
            if kept > 0 && r.time == e.time && r.source == e.source && AuthEvent.requestIDOrder(r, e) == .same {
                let identity = e.rowIdentity
                if self[runStart..<kept].contains(where: { $0.rowIdentity == identity }) { continue }
            } else {
                runStart = kept
            }
            self[kept] = e
            kept += 1
        }
        removeLast(count - kept)
    }
}

extension Array {
    /// Keeps the first element of each set of equal keys (the first in the array's order).
    /// Keys are compared as values: build them from fields (a struct, or an array of the field
    /// strings), never by joining fields into one string.
    func uniqued<K: Hashable>(by key: (Element) -> K) -> [Element] {
        var seen = Set<K>()
        var out: [Element] = []
        out.reserveCapacity(count)
        for e in self where seen.insert(key(e)).inserted { out.append(e) }
        return out
    }
}
