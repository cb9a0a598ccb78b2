/// Rows of one UTC hour in one file, summarised order-independently: the same rows in a daily file
/// and in the matching hourly files give equal fingerprints, whatever their order.
public struct HourFingerprint: Hashable, Sendable, Codable {
    public var rows: Int
    /// Wrapping sum of each row's 64-bit hash (see `EventDecoder.rowHash`; comparable only between
    /// reports of the same `FileDecodeReport.rowHashVersion`).
    public var hashSum: UInt64
    public init(rows: Int = 0, hashSum: UInt64 = 0) { self.rows = rows; self.hashSum = hashSum }
}

/// What decoding one file found: the input of the coverage report and of duplicate-file detection.
public struct FileDecodeReport: Sendable, Codable, Equatable {
    public var fileID: UInt32
    public var path: String
    /// Nil when the file was empty or its header unrecognised.
    public var kind: LogKind?
    /// e.g. "Login 2023 (28 columns)", "RestApi 24 columns".
    public var headerGeneration: String
    public var columnCount: Int
    /// Data rows seen (repeated header lines and blank lines excluded).
    public var rows: Int
    /// Rows that passed the structural checks (field count, kind, time).
    public var rowsAccepted: Int
    /// Visitor calls made (an ApiTotalUsage row naming a new app makes two).
    public var eventsEmitted: Int
    /// Login rows that were not OAuth (counted, not emitted).
    public var nonOAuthLogins: Int
    /// Reason -> count, e.g. "row has 12 fields, header has 28".
    public var rejectedRows: [String: Int]
    /// Header lines repeated mid-file (concatenated exports), skipped.
    public var repeatedHeaders: Int
    public var unknownColumns: [String]
    public var duplicateColumns: [String]
    /// Column -> values present but not parseable (placeholders `USER_ID`, `w.x.y.z`, bad times...).
    public var unparsedValues: [String: Int]
    /// Column -> rows where a needed value was empty.
    public var emptyValues: [String: Int]
    /// `EVENT_TYPE` values tokenhound does not analyse -> rows.
    public var unknownEventTypes: [String: Int]
    /// Accepted rows per kind (a file normally has one kind).
    public var rowsByKind: [LogKind: Int]
    public var firstTime: EventTime?
    public var lastTime: EventTime?
    /// `EventTime.hourIndex` of every accepted row with a time.
    public var hours: Set<Int64>
    /// Per hour index: order-independent summary of the accepted rows (duplicate detection).
    public var fingerprint: [Int64: HourFingerprint]
    /// The row hash definition `fingerprint` was computed with (`EventDecoder.rowHashVersion` for a
    /// file read by this build; older for a file a state recorded before the hash changed).
    public var rowHashVersion: Int
    public var diagnostics: [InputDiagnostic]

    public init(fileID: UInt32, path: String) {
        self.fileID = fileID; self.path = path; kind = nil; headerGeneration = ""; columnCount = 0
        rows = 0; rowsAccepted = 0; eventsEmitted = 0; nonOAuthLogins = 0; rejectedRows = [:]; repeatedHeaders = 0
        unknownColumns = []; duplicateColumns = []; unparsedValues = [:]; emptyValues = [:]; unknownEventTypes = [:]
        rowsByKind = [:]; firstTime = nil; lastTime = nil; hours = []; fingerprint = [:]; diagnostics = []
        rowHashVersion = EventBytes.rowHashVersion
    }

    /// Total rejected rows.
    public var rowsRejected: Int { rejectedRows.values.reduce(0, +) }

    /// True when both files hold the same rows in the hours they share and neither has rows the
    /// other lacks in those hours (e.g. a daily file vs one of its hourly files, hour by hour).
    /// False when their row hashes differ in version: their sums cannot be compared.
    public func sameRows(as other: FileDecodeReport, inHour hour: Int64) -> Bool {
        rowHashVersion == other.rowHashVersion && fingerprint[hour] != nil && fingerprint[hour] == other.fingerprint[hour]
    }
}
