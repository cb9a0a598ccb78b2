import Foundation   // memcmp

/// A string that equals another only when their UTF-8 bytes do. Swift's `String` equality is
/// canonical equivalence (precomposed and decomposed "é" are equal), but a value derived from the
/// text (a lowercased family, a grouping key) keeps the bytes it came from: a memo table keyed by
/// `String` could hand one spelling the other spelling's result and change what is printed.
struct VerbatimString: Hashable {
    let text: String

    init(_ text: String) { self.text = text }

    // withUTF8 needs contiguous storage: native strings have it (no copy), others are made native.
    static func == (a: VerbatimString, b: VerbatimString) -> Bool {
        var x = a.text, y = b.text
        return x.withUTF8 { xs in
            y.withUTF8 { ys in xs.count == ys.count && (xs.isEmpty || memcmp(xs.baseAddress!, ys.baseAddress!, xs.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        var native = text
        native.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}
