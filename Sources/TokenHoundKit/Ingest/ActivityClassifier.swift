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
    /// needles, and a needle is looked for only where a byte that is rare in ordinary URIs and SOQL
    /// stands (`b` of `/describe`, `f` of `from ...`, `k` of `like`) rather than at every `/`, `l`
    /// or space. `/jobs/query` is looked for last, and only in the rows that could be a bulk export
    /// by their method or suffix (a POST, a `/results`): its `j` in the record ids of nearly every
    /// other resource cost a candidate test a row.
    static func stepKind(kind: LogKind, method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer,
                         query: UnsafeRawBufferPointer) -> ChainStep.Kind? {
        // Where the resource ends without trailing slashes: the recon and `/results` suffixes end there.
        let resourceEnd = ByteMatching.endBeforeSlashes(resource)
        if resource.count > 0 {
            // Both recon suffixes end in `s` (`c | 0x20` is `s` for `s` and `S` only): one byte
            // rules out nearly every resource.
            if resourceEnd > 0 && resource[resourceEnd - 1] | 0x20 == UInt8(ascii: "s")
                && (ByteMatching.matches(resource, at: resourceEnd - 9, "/sobjects")
                    || ByteMatching.matches(resource, at: resourceEnd - 7, "/limits")) { return .recon }
            if ByteMatching.someCandidate(resource, UInt8(ascii: "b"), UInt8(ascii: "b"), {
                ByteMatching.matches(resource, at: $0 - 7, "/describe")
            }) { return .recon }
        }
        if query.count > 0, let step = queryStep(query) { return step }
        guard resource.count > 0,
              ByteMatching.hasPrefix(method, "post") || ByteMatching.matches(resource, at: resourceEnd - 8, "/results")
        else { return nil }
        if kind == .bulkApiRequest { return .bulkExport }
        return ByteMatching.someCandidate(resource, UInt8(ascii: "j"), UInt8(ascii: "j"), {
            ByteMatching.matches(resource, at: $0 - 1, "/jobs/query")
        }) ? .bulkExport : nil
    }

    /// The recon or secret-search step a non-empty query makes, if any (the query rules of
    /// `stepKind`, in its order). Both prefixes are matched after the leading blanks, skipped once.
    @inline(__always)
    private static func queryStep(_ query: UnsafeRawBufferPointer) -> ChainStep.Kind? {
        let start = ByteMatching.leadingBlanks(query)
        if ByteMatching.matches(query, at: start, "select count()") { return .recon }
        var fromOrganization = false, fromUser = false, like = false
        _ = ByteMatching.someCandidate(query, UInt8(ascii: "f"), UInt8(ascii: "k")) { i in
            // A candidate is `f`, `F`, `k` or `K`: with the case bit set, `f` or `k`.
            if query[i] | 0x20 == UInt8(ascii: "f") {
                fromOrganization = ByteMatching.matches(query, at: i, "from organization")
                if !fromUser { fromUser = ByteMatching.matches(query, at: i, "from user") }
            } else if !like {
                like = ByteMatching.matches(query, at: i - 2, "like")
            }
            return fromOrganization
        }
        if fromOrganization || (fromUser && ByteMatching.contains(query, "limit")) { return .recon }
        if (like || ByteMatching.matches(query, at: start, "find")) && mentionsSecret(query) { return .secretSearch }
        return nil
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
