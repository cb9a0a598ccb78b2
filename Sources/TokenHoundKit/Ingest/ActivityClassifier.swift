/// Decides which API rows are worth remembering as steps of a post-grant chain
/// (threat-model.md detections 5-8). Works on bytes; builds a String only for rows it keeps.
enum ActivityClassifier {
    /// Core objects the Drift actor counted first.
    static func isRecon(resource: UnsafeRawBufferPointer, query: UnsafeRawBufferPointer) -> Bool {
        if resource.count > 0 {
            if ByteMatching.hasSuffix(resource, "/sobjects") { return true }
            if ByteMatching.contains(resource, "/describe") { return true }
            if ByteMatching.hasSuffix(resource, "/limits") { return true }
        }
        if query.count > 0 {
            if ByteMatching.hasPrefix(query, "select count()") { return true }
            if ByteMatching.contains(query, "from organization") { return true }
            if ByteMatching.contains(query, "from user") && ByteMatching.contains(query, "limit") { return true }
        }
        return false
    }

    /// SOQL/SOSL looking for credentials inside records (detection 8).
    static func isSecretSearch(query: UnsafeRawBufferPointer) -> Bool {
        guard query.count > 0 else { return false }
        let searches = ByteMatching.contains(query, "like") || ByteMatching.hasPrefix(query, "find")
        guard searches else { return false }
        return ByteMatching.contains(query, "akia") || ByteMatching.contains(query, "password")
            || ByteMatching.contains(query, "secret") || ByteMatching.contains(query, "token")
            || ByteMatching.contains(query, "snowflake") || ByteMatching.contains(query, "private key")
    }

    /// A bulk query job created, or its results downloaded. Status polls (GET of the job) are not
    /// steps: a 2-minute export polls dozens of times and would bury the chain.
    static func isBulkRequest(kind: LogKind, method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer) -> Bool {
        guard resource.count > 0, ByteMatching.contains(resource, "/jobs/query") || kind == .bulkApiRequest else { return false }
        return ByteMatching.hasPrefix(method, "post") || ByteMatching.hasSuffix(resource, "/results")
    }

    /// Text for a kept step: the query when there is one, else METHOD + resource. Bounded length.
    static func detail(method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer, query: UnsafeRawBufferPointer) -> String {
        let text: String
        if query.count > 0 {
            text = String(decoding: query, as: UTF8.self)
        } else {
            let m = String(decoding: method, as: UTF8.self)
            text = (m.isEmpty ? "" : m + " ") + String(decoding: resource, as: UTF8.self)
        }
        return text.utf8.count > 512 ? String(text.prefix(512)) + "…" : text
    }
}
