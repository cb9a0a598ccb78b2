import ArgumentParser
import Foundation
import TokenHoundKit

struct InputOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Log files or directories (recursive); '-' reads stdin. Gzip is detected by content.",
                                 valueName: "path"))
    var paths: [String] = []

    @Option(name: .customLong("posture"), help: ArgumentHelp(
        "Connected app metadata: *.connectedApp-meta.xml or External Client App files, or a folder such as an sfdx project's force-app (repeatable). Metadata found inside log directories is used too.",
        valueName: "path"))
    var posture: [String] = []

    @Option(help: ArgumentHelp("Worker threads (default: all cores). Results never depend on it.", valueName: "n"))
    var threads: Int?

    @Option(help: ArgumentHelp("Refuse more than this many input files.", valueName: "n"))
    var maxFiles: Int = InputDiscovery.defaultMaxFiles

    @Option(help: ArgumentHelp("Longest CSV field accepted, in bytes (longer records are skipped and reported).", valueName: "bytes"))
    var maxFieldBytes: Int = CSVLimits.default.maxFieldBytes

    @Option(help: ArgumentHelp("Longest CSV record (line) accepted, in bytes (longer records are skipped and reported). Default: 8 MiB or twice --max-field-bytes.", valueName: "bytes"))
    var maxLineBytes: Int?

    @Option(help: ArgumentHelp("Most columns in one CSV record; a wider header rejects its file.", valueName: "n"))
    var maxColumns: Int = CSVLimits.default.maxFields

    @Option(help: ArgumentHelp("Most bytes one input may decompress to (default: unlimited; the ratio check still applies).", valueName: "bytes"))
    var maxInputBytes: UInt64?

    @Option(help: ArgumentHelp("Largest gzip expansion ratio accepted before a file is treated as a gzip bomb.", valueName: "ratio"))
    var maxRatio: Double = ReadLimits.default.maxDecompressionRatio

    @Flag(name: .shortAndLong, help: "No progress and no summary on stderr; errors still print.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log every file read (kind, header, rows, bytes, time) to stderr.")
    var verbose = false

    func validateInputs() throws {
        if paths.isEmpty { throw ValidationError("give at least one log file or directory ('-' for stdin)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if maxFieldBytes < 1024 { throw ValidationError("--max-field-bytes must be at least 1024") }
        if maxRatio < 10 { throw ValidationError("--max-ratio must be at least 10") }
        if let maxLineBytes, maxLineBytes < maxFieldBytes { throw ValidationError("--max-line-bytes must be at least --max-field-bytes") }
        if maxColumns < 16 { throw ValidationError("--max-columns must be at least 16") }
        if let maxInputBytes, maxInputBytes < 1024 { throw ValidationError("--max-input-bytes must be at least 1024") }
    }

    func ingestOptions(progress: Bool) -> IngestOptions {
        var o = IngestOptions()
        if let threads { o.threads = threads }
        // Through the initialiser, which clamps every limit inside the reader's Int32 spans.
        o.csvLimits = CSVLimits(maxFieldBytes: maxFieldBytes,
                                maxRecordBytes: maxLineBytes ?? max(CSVLimits.default.maxRecordBytes, (maxFieldBytes > Int.max / 2 ? Int.max : maxFieldBytes * 2)),
                                maxFields: maxColumns)
        o.readLimits.maxDecompressionRatio = maxRatio
        if let maxInputBytes { o.readLimits.maxDecompressedBytes = maxInputBytes }
        if verbose && !quiet {
            let log = RunLog.logger
            o.fileFinished = { outcome in
                let r = outcome.report
                log.debug("read \(TerminalSafe.escape(outcome.file.displayName))", metadata: [
                    "kind": "\(r.kind?.rawValue ?? "unrecognised")", "header": "\(TerminalSafe.escape(r.headerGeneration))",
                    "rows": "\(r.rows)", "rejected": "\(r.rowsRejected)", "gzip": "\(outcome.isGzip)",
                    "bytes": "\(outcome.decompressedBytes)", "damaged": "\(outcome.damaged)",
                ])
            }
        }
        if progress && !quiet && Terminal.stderrIsTTY {
            let start = Date()
            o.progress = { done, total, bytes in
                let secs = max(0.001, Date().timeIntervalSince(start))
                let mb = Double(bytes) / 1_048_576
                let eta = done > 0 ? secs / Double(done) * Double(total - done) : 0
                Terminal.raw(String(format: "\r\u{1b}[2Ktokenhound: %d/%d files, %.1f MB read, %.1f MB/s, ETA %.0f s", done, total, mb, mb / secs, eta)
                    + (done == total ? "\n" : ""))
            }
        }
        return o
    }
}

struct TuningOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Tuning file (YAML): approved apps, integration users, expected egress, suppressions, learning window, enrichment paths. See tokenhound.example.yaml.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Days from each app's first grant used to learn its networks and clients (default 7, or the config's learning_days).", valueName: "days"))
    var learningDays: Int?

    @Option(help: ArgumentHelp("Tor exit list (Tor Project exit-addresses format, or one IP per line), matched as of each event's date.", valueName: "file"))
    var torExits: String?

    @Option(help: ArgumentHelp("IP-to-ASN table in ip2asn TSV layout (start, end, AS number, country, name): networks become ASNs.", valueName: "file"))
    var asnTable: String?

    @Option(name: .customLong("indicators"), help: ArgumentHelp("Extra indicator pack (JSON, same format as `tokenhound rules --indicators`), repeatable.", valueName: "file"))
    var indicatorPacks: [String] = []

    @Option(help: ArgumentHelp("Detection time written into findings (ISO 8601, default now). For reproducible output.", valueName: "time"))
    var detectionTime: String?

    func validateTuning() throws {
        if let d = learningDays, d < 1 || d > 365 { throw ValidationError("--learning-days must be 1-365") }
        if let t = detectionTime, TimestampParser.parse(t) == nil { throw ValidationError("--detection-time: '\(t)' is not an ISO 8601 time") }
    }

    func loadConfig() throws -> TokenhoundConfig {
        guard let config else { return TokenhoundConfig() }
        do { return try TokenhoundConfig.load(path: config) } catch let e as ConfigError {
            throw UsageFailure(e.description)
        }
    }

    func now() -> EventTime {
        if let t = detectionTime, let v = TimestampParser.parse(t) { return v }
        if let env = ProcessInfo.processInfo.environment["TOKENHOUND_DETECTION_TIME"], let v = TimestampParser.parse(env) { return v }
        return EventTime(millis: Int64(Date().timeIntervalSince1970 * 1000))
    }

    func request(inputs: InputOptions, progress: Bool) throws -> ScanRequest {
        var r = ScanRequest(paths: inputs.paths, detectionTime: now())
        r.posturePaths = inputs.posture
        r.config = try loadConfig()
        r.configPath = config
        r.torExitsPath = torExits
        r.asnTablePath = asnTable
        r.indicatorPackPaths = indicatorPacks
        r.learningDays = learningDays
        r.ingest = inputs.ingestOptions(progress: progress)
        r.maxFiles = inputs.maxFiles
        return r
    }
}

struct FilterOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Show findings at or above this level: informational, low, medium, high, critical.", valueName: "level"))
    var minLevel: String = "low"

    @Option(help: ArgumentHelp("Exit 1 when a finding is at or above this level.", valueName: "level"))
    var failLevel: String = "high"

    @Option(help: ArgumentHelp("Only findings last seen at or after this time (ISO 8601 or YYYY-MM-DD).", valueName: "time"))
    var since: String?

    @Option(help: ArgumentHelp("Only findings first seen at or before this time (ISO 8601 or YYYY-MM-DD).", valueName: "time"))
    var until: String?

    @Option(help: ArgumentHelp("Only this connected app (name or id), repeatable.", valueName: "app"))
    var app: [String] = []

    @Option(help: ArgumentHelp("Only this user (18/15-char id or user name), repeatable.", valueName: "user"))
    var user: [String] = []

    @Option(help: ArgumentHelp("Only this rule (TH-001 ...), repeatable.", valueName: "id"))
    var rule: [String] = []

    var minLevelValue: Level { Level(name: minLevel) ?? .low }
    var failLevelValue: Level { Level(name: failLevel) ?? .high }

    func validateFilters() throws {
        for (flag, v) in [("--min-level", minLevel), ("--fail-level", failLevel)] where Level(name: v) == nil {
            throw ValidationError("\(flag): '\(v)' is not one of informational, low, medium, high, critical")
        }
        for (flag, v) in [("--since", since), ("--until", until)] {
            if let v, Self.parseBound(v) == nil { throw ValidationError("\(flag): '\(v)' is not an ISO 8601 time or YYYY-MM-DD") }
        }
    }

    static func parseBound(_ s: String) -> EventTime? {
        TimestampParser.parse(s) ?? CivilTime.parseDate(s)
    }

    /// Scope filters (everything but the level): what exit code 1 is judged on.
    func inScope(_ f: Finding) -> Bool {
        if let since, let t = Self.parseBound(since), f.lastSeen < t { return false }
        if let until, var t = Self.parseBound(until) {
            if until.count == 10 { t = t.adding(millis: EventTime.dayMillis - 1) }
            if f.firstSeen > t { return false }
        }
        if !app.isEmpty, !app.contains(where: f.app.matches) { return false }
        if !user.isEmpty, !user.contains(where: f.user.matches) { return false }
        if !rule.isEmpty, !rule.contains(where: { $0.uppercased() == f.ruleID }) { return false }
        return true
    }

    func shown(_ f: Finding) -> Bool { inScope(f) && f.level >= minLevelValue }
}

struct OutputOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: ArgumentHelp("Write results to this file instead of stdout (refuses to overwrite without --force).", valueName: "file"))
    var output: String?

    @Flag(help: "Overwrite the -o file if it exists.")
    var force = false

    @Flag(help: "No ANSI colour (NO_COLOR is honoured too).")
    var noColor = false

    func validateOutput() throws {
        if let output, !force, FileManager.default.fileExists(atPath: output) {
            throw UsageFailure("\(output) exists; use --force to overwrite it")
        }
    }

    /// Opens the destination: the -o file (created 0644, truncated only with --force) or stdout.
    func openWriter() throws -> FileDescriptorWriter {
        guard let output else { return FileDescriptorWriter.standardOutput() }
        let flags = O_WRONLY | O_CREAT | (force ? O_TRUNC : O_EXCL)
        let fd = open(output, flags, 0o644)
        if fd < 0 { throw UsageFailure("cannot write \(output): \(String(cString: strerror(errno)))") }
        return FileDescriptorWriter(fd: fd)
    }

    var colourForOutput: Bool { output == nil && Terminal.colourEnabled(noColor: noColor) }
}
