/// The shared text of each step's detail (`ActivityClassifier.detail`), found from the row's bytes.
/// Most steps repeat one of a few queries or resources: a detail seen before costs a hash of its
/// bytes and one compare, instead of a new `String` (UTF-8 validation, a heap block), a SipHash of
/// it and an interner probe, which was about 2,600 instructions a step. The hash is the row
/// fingerprint's word-at-a-time one (`EventBytes.hashQuotedForm`), not FNV-1a's byte at a time (a
/// query runs to hundreds of bytes), and the table is probed with it as the slot hash
/// (`HashWordSlot`), not a SipHash of it: the hash is only a hint, checked by `isDetail`.
///
/// The text handed out is always `ActivityClassifier.detail`'s, shared like `ValueInterner` shares
/// it: a remembered text is reused only when it is byte for byte what `detail` would build from
/// these bytes (see `isDetail`); anything else takes the slow path.
struct StepDetailTexts: Sendable {
    /// Hash of a detail's source bytes -> the text last built from bytes with that hash.
    private var recent: [HashWordSlot: String] = [:]
    private var interner = ValueInterner<ExactText>()

    mutating func text(method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer,
                       query: UnsafeRawBufferPointer) -> String {
        let key = HashWordSlot(word: query.count > 0
            ? EventBytes.hashQuotedForm(query, fieldCount: 1)
            : keyMix(EventBytes.hashQuotedForm(method, fieldCount: 2), EventBytes.hashQuotedForm(resource, fieldCount: 2)))
        if let text = recent[key], Self.isDetail(text, method: method, resource: resource, query: query) { return text }
        let text = interner.shared(ExactText(ActivityClassifier.detail(method: method, resource: resource, query: query))).text
        recent[key] = text
        return text
    }

    /// Whether `ActivityClassifier.detail(method:resource:query:)` is `text`. Sufficient, not
    /// necessary: it holds when `text` has the bytes of the detail's sources (the query, else
    /// METHOD, a space and the resource) and is short enough not to be cut (512 bytes). Equal bytes
    /// make the sources valid UTF-8 (a space is never inside a multi-byte character), so decoding
    /// them repairs nothing and `detail` builds exactly these bytes.
    static func isDetail(_ text: String, method: UnsafeRawBufferPointer, resource: UnsafeRawBufferPointer,
                         query: UnsafeRawBufferPointer) -> Bool {
        var t = text
        return t.withUTF8 { b -> Bool in
            let bytes = UnsafeRawBufferPointer(b)
            guard bytes.count <= 512 else { return false }
            if query.count > 0 { return EventBytes.equals(bytes, query) }
            if method.count == 0 { return EventBytes.equals(bytes, resource) }
            let m = method.count
            guard bytes.count == m + 1 + resource.count, bytes[m] == UInt8(ascii: " ") else { return false }
            return EventBytes.equals(UnsafeRawBufferPointer(rebasing: bytes[..<m]), method)
                && EventBytes.equals(UnsafeRawBufferPointer(rebasing: bytes[(m + 1)...]), resource)
        }
    }

    /// Distinct texts held.
    var count: Int { interner.count }
}
