/// Decides which API rows are worth remembering as steps of a post-grant chain
/// (threat-model.md detections 5-8). Works on bytes; builds a String only for rows it keeps.
enum ActivityClassifier {
    /// The step an API row is, if any, first rule that holds winning (all matching ignores ASCII case):
    /// - recon, the core objects the Drift actor counted first: a resource ending in `/sobjects` or
    ///   `/limits` (trailing `/` ignored) or containing `/describe`; a query starting with
    ///   `select count()`, containing `from organization`, or both `from user` and `limit`;
    /// - secret search (SOQL/SOSL hunting credentials in records): a query containing `like` or
    ///   starting with `find`, and naming a secret (`mentionsSecret`);
    /// - bulk export, a bulk query job created or its results downloaded: a resource containing
    ///   `/jobs/query` or any BulkApiRequest row, with a `post` method or a resource ending in
    ///   `/results`. Status polls (GET of the job) are not steps: a 2-minute export polls dozens of
    ///   times and would bury the chain.
    ///
    /// `IngestClassifierTests` holds this to the same rules written one needle at a time. Every row
    /// of a scan passes here and almost none is a step, so each field is read once for all its
    /// needles, and a needle is
    /// looked for only where a byte that is rare in ordinary URIs and SOQL stands (`b` of
    /// `/describe`, `j` of `/jobs/query`, `f` of `from ...`, `k` of `like`) rather than at every
    /// `/`, `l` or space.
    static func stepKind(kind: LogKind, method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer,
                         query: UnsafeRawBufferPointer) -> ChainStep.Kind? {
        var describe = false, jobsQuery = false
        if resource.count > 0 {
            // Both recon suffixes end in `s`: one byte rules out nearly every resource.
            if ByteMatching.hasSuffix(resource, "s")
                && (ByteMatching.hasSuffix(resource, "/sobjects") || ByteMatching.hasSuffix(resource, "/limits")) { return .recon }
            _ = ByteMatching.someCandidate(resource, UInt8(ascii: "b"), UInt8(ascii: "j")) { i in
                if ByteMatching.lower(resource[i]) == UInt8(ascii: "b") {
                    describe = ByteMatching.matches(resource, at: i - 7, "/describe")
                } else {
                    jobsQuery = jobsQuery || ByteMatching.matches(resource, at: i - 1, "/jobs/query")
                }
                return describe
            }
            if describe { return .recon }
        }
        if query.count > 0 {
            if ByteMatching.hasPrefix(query, "select count()") { return .recon }
            var fromOrganization = false, fromUser = false, like = false
            _ = ByteMatching.someCandidate(query, UInt8(ascii: "f"), UInt8(ascii: "k")) { i in
                if ByteMatching.lower(query[i]) == UInt8(ascii: "f") {
                    fromOrganization = ByteMatching.matches(query, at: i, "from organization")
                    fromUser = fromUser || ByteMatching.matches(query, at: i, "from user")
                } else {
                    like = like || ByteMatching.matches(query, at: i - 2, "like")
                }
                return fromOrganization
            }
            if fromOrganization || (fromUser && ByteMatching.contains(query, "limit")) { return .recon }
            if (like || ByteMatching.hasPrefix(query, "find")) && mentionsSecret(query) { return .secretSearch }
        }
        guard resource.count > 0, jobsQuery || kind == .bulkApiRequest else { return nil }
        return ByteMatching.hasPrefix(method, "post") || ByteMatching.hasSuffix(resource, "/results") ? .bulkExport : nil
    }

    /// The words of a credential hunt (detection 8).
    static func mentionsSecret(_ query: UnsafeRawBufferPointer) -> Bool {
        ByteMatching.contains(query, "akia") || ByteMatching.contains(query, "password")
            || ByteMatching.contains(query, "secret") || ByteMatching.contains(query, "token")
            || ByteMatching.contains(query, "snowflake") || ByteMatching.contains(query, "private key")
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
