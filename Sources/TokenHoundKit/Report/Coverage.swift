/// What was read for one event type: the integrity report a person reads before trusting results.
public struct EventTypeCoverage: Sendable, Codable, Hashable {
    public var kind: LogKind
    public var files: [String]
    public var rows: Int
    public var duplicateRowsDropped: Int
    public var firstSeen: EventTime?
    public var lastSeen: EventTime?
    /// Header generations seen, e.g. "Login 26 columns (2021)".
    public var headerGenerations: [String]
    /// UTC days inside [firstSeen, lastSeen] with no rows.
    public var missingDays: [String]
    /// Hours inside the span with no rows (hourly gaps), as a count; a list would be unreadable.
    public var missingHours: Int
    public var unknownColumns: [String: Int]
    public var rejectedRows: [String: Int]
    /// Values that did not parse, per column (kept raw, never fatal).
    public var unparsedValues: [String: Int]
    public init(kind: LogKind) {
        self.kind = kind; files = []; rows = 0; duplicateRowsDropped = 0; firstSeen = nil; lastSeen = nil
        headerGenerations = []; missingDays = []; missingHours = 0; unknownColumns = [:]; rejectedRows = [:]; unparsedValues = [:]
    }
}

/// A problem with one input that did not stop the run.
public struct InputDiagnostic: Sendable, Codable, Hashable, Comparable {
    public enum Severity: String, Sendable, Codable { case error, warning, note }
    public var severity: Severity
    public var file: String
    /// 1-based line, when the problem has one.
    public var line: Int?
    /// Byte offset in the (compressed) file, when the problem has one.
    public var byteOffset: UInt64?
    public var message: String
    public init(severity: Severity, file: String, line: Int? = nil, byteOffset: UInt64? = nil, message: String) {
        self.severity = severity; self.file = file; self.line = line; self.byteOffset = byteOffset; self.message = message
    }
    public static func < (a: InputDiagnostic, b: InputDiagnostic) -> Bool {
        (a.file, a.line ?? 0, a.byteOffset ?? 0, a.message) < (b.file, b.line ?? 0, b.byteOffset ?? 0, b.message)
    }
    /// `file:line: error: message`, the form editors and terminals understand.
    public var rendered: String {
        var loc = file
        if let line { loc += ":\(line)" }
        if let byteOffset { loc += " (byte \(byteOffset))" }
        return "\(loc): \(severity.rawValue): \(message)"
    }
}
