import Foundation

/// How a run reads its inputs.
public struct IngestOptions: Sendable {
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var readLimits: ReadLimits = .default
    public var csvLimits: CSVLimits = .default
    /// Inflate on a read-ahead thread, overlapping parse+detect (`PipelinedByteStream`). nil = when
    /// there are fewer files than threads (a single huge file still uses two cores). The result is
    /// identical either way.
    public var pipelined: Bool? = nil
    /// Called after each file (files done, total, bytes read so far); on a worker thread.
    public var progress: (@Sendable (_ done: Int, _ total: Int, _ bytes: UInt64) -> Void)? = nil
    /// File ids start here (`fileIDBase + position`): a state-backed run numbers new files after
    /// the files its state already holds.
    public var fileIDBase: UInt32 = 0
    /// Also keep each file's own evidence (`IngestResult.fileStores`): persisted state stores
    /// evidence per file so a file can be re-read (`--rescan`) or merged without double counting.
    public var keepFileStores: Bool = false
    /// Called with each file's outcome as soon as it is read; on a worker thread.
    public var fileFinished: (@Sendable (FileOutcome) -> Void)? = nil
    public init() {}
}

/// What reading one file found.
public struct FileOutcome: Sendable {
    public var file: InputFile
    public var fileID: UInt32
    public var report: FileDecodeReport
    public var diagnostics: [InputDiagnostic]
    public var compressedBytes: UInt64
    public var decompressedBytes: UInt64
    public var isGzip: Bool
    /// Unreadable, truncated, corrupt, or rows had to be rejected: exit code 3 territory.
    public var damaged: Bool
}

/// The merged result of reading every input.
public struct IngestResult: Sendable {
    public var store: EvidenceStore
    public var outcomes: [FileOutcome]
    /// Display names by file id (ids are positions in the sorted input list).
    public var paths: [String]
    /// Per file id, that file's evidence alone (only with `IngestOptions.keepFileStores`).
    public var fileStores: [UInt32: EvidenceStore] = [:]
    public var anyDamaged: Bool { outcomes.contains { $0.damaged } }
    public var diagnostics: [InputDiagnostic] { outcomes.flatMap(\.diagnostics).sorted() }
    public var presentKinds: Set<LogKind> {
        var s = Set<LogKind>()
        for o in outcomes { if let k = o.report.kind, o.report.rows > 0 { s.insert(k) }; for k in o.report.rowsByKind.keys { s.insert(k) } }
        return s
    }
    public var decompressedBytes: UInt64 { outcomes.reduce(0) { $0 + $1.decompressedBytes } }
}

/// bytes -> gzip -> CSV records -> typed events -> EvidenceStore, one file per task, files spread
/// over threads. Each file is read into a store of its own, folded into the run's one store when
/// the file is done; stores merge commutatively, so the result does not depend on which thread
/// read which file, nor in which order.
///
/// One shared store rather than one per worker merged at the end: the end merge held two stores
/// of half the final size at once (and grew the surviving one's tables while the other was still
/// alive); folding file by file keeps the peak at one store plus a file's worth. The fold takes
/// about a millisecond per file, so the lock is rarely contended. Per-row lookups also hit tables
/// sized for one file's sessions and keys (a few thousand) instead of a whole worker's.
public enum Ingestor {
    public static func ingest(files: [InputFile], options: IngestOptions = IngestOptions()) -> IngestResult {
        HeapTuning.returnLargeBlocksToSystem()
        let n = files.count
        let threads = max(1, min(options.threads, n))
        let options: IngestOptions = {
            var o = options
            if o.pipelined == nil { o.pipelined = o.threads > 1 && n < o.threads }
            return o
        }()
        let next = LockedBox(0)
        let slots = LockedBox([FileOutcome?](repeating: nil, count: n))
        let store = LockedBox(EvidenceStore())
        let perFile = LockedBox([UInt32: EvidenceStore]())
        let progressState = LockedBox((done: 0, bytes: UInt64(0)))
        // Biggest first, so the run does not end with one core reading a big file alone. Only the
        // order files are taken in changes: ids stay positions in `files`, and stores merge
        // commutatively, so results are the same.
        let order = threads > 1 ? ReadOrder.largestFirst(files) : Array(0..<n)
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            var fileStore = EvidenceStore()   // reused file after file unless each file's is kept
            while true {
                let taken: Int = next.withLock { v in defer { v += 1 }; return v }
                if taken >= n { break }
                let i = order[taken]
                let fileID = options.fileIDBase + UInt32(i)
                let outcome = readFile(files[i], fileID: fileID, into: &fileStore, options: options)
                store.withLock { $0.merge(fileStore) }
                if options.keepFileStores {
                    let kept = fileStore
                    perFile.withLock { $0[fileID] = kept }
                    fileStore = EvidenceStore()
                } else {
                    fileStore.removeAll(keepingCapacity: true)
                }
                slots.withLock { $0[i] = outcome }
                options.fileFinished?(outcome)
                if let progress = options.progress {
                    let (d, b) = progressState.withLock { s -> (Int, UInt64) in
                        s.done += 1; s.bytes += outcome.compressedBytes; return (s.done, s.bytes)
                    }
                    progress(d, n, b)
                }
            }
        }
        var merged = store.withLock { v -> EvidenceStore in defer { v = EvidenceStore() }; return v }
        merged.canonicalize()
        let outcomes = slots.withLock { $0 }.compactMap { $0 }
        var result = IngestResult(store: merged, outcomes: outcomes, paths: files.map(\.displayName))
        result.fileStores = perFile.withLock { $0 }
        return result
    }

    /// Reads one file completely. Never throws: damage becomes diagnostics, and everything decoded
    /// before the damage stays in `store`.
    public static func readFile(_ file: InputFile, fileID: UInt32, into store: inout EvidenceStore,
                                options: IngestOptions) -> FileOutcome {
        var decoder = EventDecoder(fileID: fileID, path: file.displayName)
        let reader = CSVRecordReader(limits: options.csvLimits)
        var diagnostics: [InputDiagnostic] = []
        var damaged = false
        var empty = false
        var head: [UInt8] = []   // the first decoded bytes, for EncodingHint
        var compressed: UInt64 = 0, decompressed: UInt64 = 0, gz = false
        do {
            let stream: any ByteChunkSource = options.pipelined == true
                ? try PipelinedByteStream(file: file, limits: options.readLimits)
                : try DecodedByteStream(file: file, limits: options.readLimits)
            defer { compressed = stream.compressedBytesRead; decompressed = stream.decompressedBytes; gz = stream.isGzip }
            do {
                while let chunk = try stream.next() {
                    if head.count < EncodingHint.headBytes { head += chunk.prefix(EncodingHint.headBytes - head.count) }
                    reader.feed(chunk) { decoder.consume($0, into: &store) }
                }
            } catch let e as ReadError {
                // One diagnostic for the damage: a record it cut off is dropped (never half-analysed) and said so here.
                var d = e.diagnostic
                if reader.isInsideRecord {
                    d.message += "; the record starting on line \(reader.currentRecordLine) was cut off and dropped"
                    reader.resetForNextInput()
                }
                diagnostics.append(d); damaged = true
            }
            reader.finish { decoder.consume($0, into: &store) }
            if stream.compressedBytesRead == 0 && !damaged {
                diagnostics.append(InputDiagnostic(severity: .error, file: file.displayName, byteOffset: 0,
                                                   message: "file is empty (0 bytes): a failed or interrupted download?"))
                damaged = true
                empty = true
            }
        } catch let e as ReadError {
            diagnostics.append(e.diagnostic); damaged = true
        } catch {
            diagnostics.append(InputDiagnostic(severity: .error, file: file.displayName, message: "\(error)")); damaged = true
        }
        for issue in reader.issues { diagnostics.append(issue.diagnostic(file: file.displayName)) }
        if reader.issuesNotStored > 0 {
            diagnostics.append(InputDiagnostic(severity: .error, file: file.displayName, message: "\(reader.issuesNotStored) more CSV problem(s) not listed"))
        }
        if reader.issueCount > 0 { damaged = true }
        let report = decoder.finish()
        // An empty file already has its one diagnostic; the decoder's "no header" would repeat it.
        diagnostics += empty ? [] : report.diagnostics
        // A header the CSV limits rejected (e.g. wider than maxFields): the file cannot be bound,
        // and every later row would only repeat the problem. One diagnostic says so.
        if let first = reader.issues.first, first.line == 1, first.kind != .textAfterClosingQuote, report.kind == nil {
            diagnostics = [InputDiagnostic(severity: .error, file: file.displayName, line: 1,
                                           message: "header rejected: \(first.message); file not analysed")]
            damaged = true
        }
        if report.rowsRejected > 0 || report.repeatedHeaders > 0 || !report.duplicateColumns.isEmpty
            || report.diagnostics.contains(where: { $0.severity == .error }) {
            damaged = true
        }
        // A header not recognised because the file was re-saved by a spreadsheet: say that instead.
        if report.kind == nil && !empty, let hint = EncodingHint.hint(head) {
            diagnostics = [InputDiagnostic(severity: .error, file: file.displayName, line: 1, message: hint)]
            damaged = true
        }
        if report.rows == 0 && report.kind != nil && !damaged {
            diagnostics.append(InputDiagnostic(severity: .note, file: file.displayName,
                                               message: "header only: a \(report.kind!.rawValue) export with no events"))
        }
        return FileOutcome(file: file, fileID: fileID, report: report, diagnostics: diagnostics.sorted(),
                           compressedBytes: compressed, decompressedBytes: decompressed, isGzip: gz, damaged: damaged)
    }
}

/// What `Ingestor.readFile` reads from: the plain stream, or the same stream read ahead on a thread.
protocol ByteChunkSource: AnyObject {
    func next() throws -> UnsafeRawBufferPointer?
    var compressedBytesRead: UInt64 { get }
    var decompressedBytes: UInt64 { get }
    var isGzip: Bool { get }
}

extension DecodedByteStream: ByteChunkSource {}
extension PipelinedByteStream: ByteChunkSource {}
