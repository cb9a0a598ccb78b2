import ArgumentParser
import Foundation
import TokenHoundKit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Coverage and integrity report: what was read, before you trust an analysis.",
        discussion: """
        Per event type: files, rows, time span, header generation (and drift), days and hours with no \
        data, unknown columns and event types, rejected rows with reasons, values kept raw because they \
        did not parse, and rows that hourly and daily files both contain (counted once). Per file: kind, \
        gzip or plain, rows, damage. Exit 3 when any input is unreadable or damaged.
        """)

    @OptionGroup var inputs: InputOptions

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: String = "text"

    func validate() throws {
        try inputs.validateInputs()
        if !["text", "json"].contains(format) { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        var request = ScanRequest(paths: inputs.paths, detectionTime: EventTime(millis: 0))
        request.ingest = inputs.ingestOptions(progress: true)
        request.maxFiles = inputs.maxFiles
        request.posturePaths = inputs.posture
        let discovered = InputDiscovery.expand(request.paths, maxFiles: request.maxFiles)
        let partition = InputPartition(files: discovered.files, explicitlyNamed: Set(request.paths))
        let ingest = Ingestor.ingest(files: partition.logs, options: request.ingest)
        let postures = PostureLoader.load(paths: request.posturePaths + partition.postureFiles)
        let diagnostics = (discovered.diagnostics + postures.diagnostics + ingest.diagnostics).sorted()
        let report = InspectReport(outcomes: ingest.outcomes, coverage: CoverageBuilder.build(outcomes: ingest.outcomes),
                                   diagnostics: diagnostics, postureApps: postures.apps.map(\.label))
        let text = format == "json" ? report.json() : report.text()
        FileHandle.standardOutput.write(Data(text.utf8))
        let damaged = ingest.anyDamaged || diagnostics.contains { $0.severity == .error }
        if damaged { throw ExitCode(ExitStatus.inputDamaged) }
    }
}
