import ArgumentParser
import Foundation
import TokenHoundKit

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Detect refresh-token replay and what the token did next; findings on stdout.",
        discussion: """
        Reads every input (files, directories recursively, '-' for stdin), attributes each refresh-token \
        grant to a connected app, and runs rules TH-001..TH-012 (see `tokenhound rules`). Findings go to \
        stdout (or -o FILE) in the chosen format, one per (rule, app, user, network) episode; what was \
        read, coverage and rules that could not run go to stderr.

        Formats: text (default on a terminal), json (default otherwise; NDJSON, one finding per line), \
        ocsf (OCSF Detection Finding, --ocsf-version), ecs (Elastic; --bulk adds _bulk action lines), \
        hec (Splunk HTTP Event Collector envelopes), cef (ArcSight CEF; --syslog wraps it in RFC 5424), \
        csv (timeline, spreadsheet-safe).

        Examples:
          tokenhound scan SampleLogs
          tokenhound scan ~/elf-exports --posture force-app --format ocsf -o findings.ocsf.jsonl
          tokenhound scan --state tokenhound.state downloads/2025-08-08   # daily: remembers baselines, reports only news
          tokenhound scan exports --format hec | curl -sS -H "Authorization: Splunk $HEC_TOKEN" --data-binary @- https://splunk:8088/services/collector/event
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var tuning: TuningOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("Output format: text, json, ocsf, ecs, hec, cef, csv (default: text on a terminal, json otherwise).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("OCSF schema version for --format ocsf (\(SinkOptions.supportedOCSFVersions.joined(separator: ", "))).", valueName: "version"))
    var ocsfVersion: String = "1.1.0"

    @Flag(help: "With --format ecs: Elasticsearch _bulk body (create actions, ends with a newline).")
    var bulk = false

    @Flag(help: "With --format cef: wrap each line in an RFC 5424 syslog header.")
    var syslog = false

    @Flag(help: "With --syslog: octet counting (LEN SP MSG) for TCP/TLS transport.")
    var octetCounting = false

    @Option(help: ArgumentHelp("Also write the per-app alert summary to this file (format from --summary-format, or the file extension: .md, .html, .json, else text).", valueName: "file"))
    var summaryFile: String?

    @Option(help: ArgumentHelp("Summary format for --summary-file: text, markdown, html, json.", valueName: "format"))
    var summaryFormat: String?

    @Option(help: ArgumentHelp("Remember history in this SQLite state file (created when absent): baselines grow day by day, files already ingested are skipped, findings already reported are not emitted again unless they escalate. See docs/state.md.", valueName: "file"))
    var state: String?

    @Flag(help: "With --state: read files the state already holds again (their stored evidence is replaced).")
    var rescan = false

    func validate() throws {
        // With --state, no paths means: analyse the state alone.
        if state == nil || !inputs.paths.isEmpty { try inputs.validateInputs() }
        if rescan && state == nil { throw ValidationError("--rescan needs --state") }
        try tuning.validateTuning()
        try filters.validateFilters()
        if let format, FindingFormat(rawValue: format) == nil {
            throw ValidationError("--format: '\(format)' is not one of \(FindingFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        if !SinkOptions.supportedOCSFVersions.contains(ocsfVersion) {
            throw ValidationError("--ocsf-version: \(ocsfVersion) is not supported (\(SinkOptions.supportedOCSFVersions.joined(separator: ", ")))")
        }
        if let summaryFormat, SummaryFormat(rawValue: summaryFormat) == nil {
            throw ValidationError("--summary-format: '\(summaryFormat)' is not one of text, markdown, html, json")
        }
    }

    func run() throws {
        try output.validateOutput()
        if let summaryFile, !output.force, FileManager.default.fileExists(atPath: summaryFile) {
            throw UsageFailure("\(summaryFile) exists; use --force to overwrite it")
        }
        var request = try tuning.request(inputs: inputs, progress: true)
        if let state {
            try StateCommandSupport.checkOpenable(state, create: true)
            request.statePath = state
            request.rescan = rescan
        }
        let started = Date()
        let outcome = ScanPipeline.run(request)
        let elapsed = Date().timeIntervalSince(started)

        let chosen = format.flatMap(FindingFormat.init(rawValue:)) ?? (output.output == nil && Terminal.stdoutIsTTY ? .text : .json)
        var sinkOptions = SinkOptions(ocsfVersion: ocsfVersion, ecsBulk: bulk, syslog: syslog, syslogOctetCounting: octetCounting)
        sinkOptions.colour = output.colourForOutput
        sinkOptions.productVersion = ToolVersion.current
        let writer = try output.openWriter()
        var sink = try chosen.makeSink(options: sinkOptions, writer: writer)
        let inScope = outcome.report.findings.filter(filters.inScope)
        let shown = inScope.filter { $0.level >= filters.minLevelValue }
        for f in shown { try sink.write(f) }
        try sink.finish()
        try writer.flush()

        if let summaryFile {
            let fmt = summaryFormat.flatMap(SummaryFormat.init(rawValue:)) ?? SummaryFormat.forPath(summaryFile)
            var report = outcome.report
            report.findings = inScope
            try Data(fmt.render(report, colour: false).utf8).write(to: URL(fileURLWithPath: summaryFile))
        }

        Terminal.diagnostics(outcome.report.diagnostics, quiet: inputs.quiet)
        if inputs.verbose && !inputs.quiet {
            for p in outcome.phaseSeconds {
                RunLog.logger.debug("\(p.phase) took \(String(format: "%.2f", p.seconds)) s, peak RSS so far \(p.peakRSSMB) MB")
            }
            let held = outcome.evidenceCounts
            RunLog.logger.debug("evidence held", metadata: ["grants": "\(held.grants)", "sessions": "\(held.sessions)",
                                                            "address-days": "\(held.addressDays)", "usage-keys": "\(held.usageKeys)",
                                                            "volume-keys": "\(held.volumeKeys)", "bulk-job-rows": "\(held.bulkJobRows)"])
        }
        if !inputs.quiet {
            RunSummary.print(outcome: outcome, shown: shown, inScope: inScope, elapsed: elapsed, minLevel: filters.minLevelValue)
            if let info = outcome.state { StateCommandSupport.printRunLine(info) }
        }
        if outcome.inputDamaged { throw ExitCode(ExitStatus.inputDamaged) }
        if inScope.contains(where: { $0.level >= filters.failLevelValue }) { throw ExitCode(ExitStatus.findings) }
    }
}

extension SummaryFormat {
    static func forPath(_ path: String) -> SummaryFormat {
        let lower = path.lowercased()
        if lower.hasSuffix(".md") || lower.hasSuffix(".markdown") { return .markdown }
        if lower.hasSuffix(".html") || lower.hasSuffix(".htm") { return .html }
        if lower.hasSuffix(".json") { return .json }
        return .text
    }
}
