/// What reading one input produced, besides its records.
public struct CSVFileSummary: Sendable, Hashable {
    public var file: InputFile
    public var isGzip = false
    /// Bytes read from the file (compressed, for gzip).
    public var compressedBytes: UInt64 = 0
    /// Decoded bytes handed to the CSV reader.
    public var decompressedBytes: UInt64 = 0
    /// Records handed to the callback (the header row included).
    public var records = 0
    /// Records skipped over a limit, dropped at an unterminated quote, or cut off by a read error.
    public var recordsSkipped = 0
    /// The input had zero bytes (an empty download): not an error, but worth reporting.
    public var isEmpty = false
    /// The read error that stopped this input early, if any (also in `diagnostics`).
    public var readError: ReadError?
    /// Read error (severity `.error`), CSV issues (`.warning`), in that order; CSV issues beyond
    /// `CSVLimits.maxStoredIssues` are summarised in one more warning.
    public var diagnostics: [InputDiagnostic] = []

    /// True when the whole input was read without a read error.
    public var complete: Bool { readError == nil }

    public init(file: InputFile) { self.file = file }
}

/// Bytes -> (gzip) -> CSV records for one input: `DecodedByteStream` feeding `CSVRecordReader`.
public enum CSVFileReader {
    /// Reads `file` and calls `onRecord` for every record, in order. A read error (open failure,
    /// truncated or corrupt gzip, trailing garbage, limits) does not throw: every record decoded
    /// before it has been delivered, a record cut off by the error is dropped (never half-emitted),
    /// and the error is returned in the summary. Only errors thrown by `onRecord` propagate.
    public static func read(_ file: InputFile, readLimits: ReadLimits = .default, csvLimits: CSVLimits = .default,
                            onRecord: (CSVRecord) throws -> Void) throws -> CSVFileSummary
    {
        var summary = CSVFileSummary(file: file)
        let reader = CSVRecordReader(limits: csvLimits)
        var stream: DecodedByteStream?
        do {
            let s = try DecodedByteStream(file: file, limits: readLimits)
            stream = s
            summary.isGzip = s.isGzip
            while let chunk = try nextChunk(s) {
                try reader.feed(chunk, onRecord)
            }
            try reader.finish(onRecord)
        } catch let wrapped as WrappedReadError {
            let e = wrapped.error
            summary.readError = e
            summary.diagnostics.append(e.diagnostic)
            if reader.isInsideRecord {
                summary.recordsSkipped += 1
                summary.diagnostics.append(InputDiagnostic(
                    severity: .warning, file: file.displayName, line: reader.currentRecordLine,
                    message: "the record starting on line \(reader.currentRecordLine) was cut off by the read error and dropped"))
            }
            reader.resetForNextInput()
        } catch let e as ReadError {
            // Only the initialiser throws ReadError directly (cannot open, or unreadable first bytes).
            summary.readError = e
            summary.diagnostics.append(e.diagnostic)
        }
        if let s = stream {
            summary.compressedBytes = s.compressedBytesRead
            summary.decompressedBytes = s.decompressedBytes
            summary.isEmpty = s.compressedBytesRead == 0 && summary.readError == nil
        }
        summary.records = reader.recordsEmitted
        summary.recordsSkipped += reader.recordsSkipped
        for issue in reader.issues { summary.diagnostics.append(issue.diagnostic(file: file.displayName)) }
        if reader.issuesNotStored > 0 {
            summary.diagnostics.append(InputDiagnostic(
                severity: .warning, file: file.displayName,
                message: "\(reader.issuesNotStored) more CSV problems not listed"))
        }
        return summary
    }

    /// Marks errors from the byte stream so they are told apart from errors thrown by the callback.
    private struct WrappedReadError: Error { var error: ReadError }

    private static func nextChunk(_ s: DecodedByteStream) throws -> UnsafeRawBufferPointer? {
        do { return try s.next() } catch let e as ReadError { throw WrappedReadError(error: e) }
    }
}
