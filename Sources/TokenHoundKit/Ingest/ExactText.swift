/// A `String` compared byte for byte. `String`'s own `==` is canonical equivalence (a precomposed
/// "é" equals "e" and a combining accent): right for comparing text, wrong for sharing storage,
/// where it would hand one row's bytes to another row. Interning (`ValueInterner`) goes by this.
struct ExactText: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (a: ExactText, b: ExactText) -> Bool { same(a.text, b.text) }

    /// Byte-identical UTF-8 (both nil counts as identical).
    static func same(_ a: String?, _ b: String?) -> Bool {
        guard var x = a, var y = b else { return a == nil && b == nil }
        return x.withUTF8 { xb in y.withUTF8 { yb in EventBytes.equals(UnsafeRawBufferPointer(xb), UnsafeRawBufferPointer(yb)) } }
    }

    /// `String`'s hash: byte-identical strings are canonically equivalent, so they hash alike.
    func hash(into hasher: inout Hasher) { hasher.combine(text) }
}
