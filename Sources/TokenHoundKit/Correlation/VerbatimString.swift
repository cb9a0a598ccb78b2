/// A string that equals another only when their UTF-8 bytes do. Swift's `String` equality is
/// canonical equivalence (precomposed and decomposed "é" are equal), but a value derived from the
/// text (a lowercased family, a grouping key) keeps the bytes it came from: a memo table keyed by
/// `String` could hand one spelling the other spelling's result and change what is printed.
struct VerbatimString: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: VerbatimString, b: VerbatimString) -> Bool { a.text.utf8.elementsEqual(b.text.utf8) }

    func hash(into hasher: inout Hasher) {
        var native = text   // withUTF8 needs contiguous storage; native strings already have it, no copy
        native.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
