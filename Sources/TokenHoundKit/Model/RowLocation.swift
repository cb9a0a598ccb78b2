/// Where a row came from, so a responder can open the file at the line. Files are numbered by the
/// run's `FileTable` (sorted paths), never by read order, so results do not depend on scheduling.
public struct RowLocation: Hashable, Comparable, Sendable {
    public var file: UInt32
    public var line: UInt32
    public init(file: UInt32, line: UInt32) { self.file = file; self.line = line }
    public static func < (a: RowLocation, b: RowLocation) -> Bool { (a.file, a.line) < (b.file, b.line) }
}
