import ArgumentParser
import Foundation
import TokenHoundKit

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Per-connected-app alert summary: the page the SOC reads each morning.",
        discussion: """
        Per app: its posture against 'Require Secret for Refresh Token Flow' (and Salesforce's CVSS band), \
        refresh-grant volume, users, networks and new networks, findings by level, top findings, first and \
        last seen, baseline state; then totals, data coverage and rules that could not run. Formats: \
        text, markdown (pastes into a ticket), html (one self-contained file with timelines), json.
        """)

    @OptionGroup var inputs: InputOptions
    @OptionGroup var tuning: TuningOptions
    @OptionGroup var filters: FilterOptions
    @OptionGroup var output: OutputOptions

    @Option(help: ArgumentHelp("text, markdown, html, json.", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Also analyse the history in this state file (read-only: nothing is written or held back).", valueName: "file"))
    var state: String?

    func validate() throws {
        if state == nil || !inputs.paths.isEmpty { try inputs.validateInputs() }
        try tuning.validateTuning()
        try filters.validateFilters()
        if SummaryFormat(rawValue: format) == nil { throw ValidationError("--format must be text, markdown, html or json") }
    }

    func run() throws {
        try output.validateOutput()
        var request = try tuning.request(inputs: inputs, progress: true)
        if let state {
            try StateCommandSupport.checkOpenable(state, create: false)
            request.statePath = state
            request.stateReadOnly = true
        }
        let outcome = ScanPipeline.run(request)
        var report = outcome.report
        report.findings = report.findings.filter(filters.shown)
        var writer = try output.openWriter()
        try SummaryFormat(rawValue: format)!.write(report, colour: output.colourForOutput && format == "text", to: &writer)
        try writer.flush()
        Terminal.diagnostics(outcome.report.diagnostics, quiet: inputs.quiet)
        if outcome.inputDamaged { throw ExitCode(ExitStatus.inputDamaged) }
    }
}
