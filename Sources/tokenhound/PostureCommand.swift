import ArgumentParser
import Foundation
import TokenHoundKit

struct PostureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "posture",
        abstract: "The control report: per connected app, is 'Require Secret for Refresh Token Flow' enforced, and what else raises or lowers the risk.",
        discussion: """
        Per app: the control, refresh token rotation, refresh token policy, IP relaxation, permitted users, \
        scopes, Salesforce's CVSS band and the modifiers that apply, tokenhound's impact score, and the \
        remediation step. With log paths, also how many users and networks actually used refresh tokens \
        for each app, and which apps were seen in logs without any configuration (unknown, never safe).
        """)

    @Option(name: .customLong("posture"), help: ArgumentHelp("Metadata files or folders (repeatable).", valueName: "path"))
    var posture: [String] = []

    @Argument(help: ArgumentHelp("Optional logs: adds per-app refresh usage.", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: String = "text"

    func validate() throws {
        if posture.isEmpty && paths.isEmpty { throw ValidationError("give --posture PATH (and optionally log paths)") }
        if !["text", "json"].contains(format) { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        var request = ScanRequest(paths: paths, detectionTime: EventTime(millis: 0))
        request.posturePaths = posture
        let outcome = ScanPipeline.run(request)
        let report = PostureReport(apps: outcome.postures, usage: outcome.analysis.refreshUsage, diagnostics: outcome.setupDiagnostics)
        let data = format == "json" ? try report.renderJSON() : Data(report.renderText().utf8)
        FileHandle.standardOutput.write(data)
        Terminal.diagnostics(outcome.setupDiagnostics.filter { $0.severity != .note }, quiet: false)
        if outcome.inputDamaged { throw ExitCode(ExitStatus.inputDamaged) }
    }
}
