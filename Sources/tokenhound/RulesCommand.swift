import ArgumentParser
import Foundation
import TokenHoundKit

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Every rule: id, what it detects, evidence needed, ATT&CK technique, known false positives; and whether it can run on given inputs.",
        discussion: "With log paths, each rule says whether those inputs let it run. `--indicators` prints the built-in indicator pack (the format user packs use).")

    @Argument(help: ArgumentHelp("Optional log files or directories to check rule availability against.", valueName: "path"))
    var paths: [String] = []

    @Option(help: ArgumentHelp("text or json.", valueName: "format"))
    var format: String = "text"

    @Flag(help: "Print the built-in indicator pack as JSON and exit.")
    var indicators = false

    func validate() throws {
        if !["text", "json"].contains(format) { throw ValidationError("--format must be text or json") }
    }

    func run() throws {
        if indicators {
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            FileHandle.standardOutput.write(try enc.encode(IndicatorPack.builtIn) + Data("\n".utf8))
            return
        }
        var availability: [String: RuleAvailability] = [:]
        var damaged = false
        if !paths.isEmpty {
            let outcome = ScanPipeline.run(ScanRequest(paths: paths, detectionTime: EventTime(millis: 0)))
            for r in outcome.report.rules { availability[r.ruleID] = r }
            damaged = outcome.inputDamaged
        }
        if format == "json" {
            struct Row: Encodable { var rule: RuleDescriptor; var availability: RuleAvailability? }
            let enc = JSONEncoder()
            enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let rows = RuleCatalog.all.map { Row(rule: $0, availability: availability[$0.id]) }
            FileHandle.standardOutput.write(try enc.encode(rows) + Data("\n".utf8))
        } else {
            var out = ""
            for r in RuleCatalog.all {
                out += "\(r.id)  \(r.title)\(r.emitsFindings ? "" : "  [report, not an alert]")\n"
                out += "  \(r.description)\n"
                out += "  evidence: \(r.evidence)\n"
                if !r.attackTechniqueID.isEmpty { out += "  ATT&CK: \(r.attackTechniqueID) \(r.attackTechniqueName)\n" }
                if !r.falsePositives.isEmpty { out += "  known false positives: \(r.falsePositives.joined(separator: "; "))\n" }
                if !r.requires.isEmpty { out += "  needs: \(r.requires.map(\.rawValue).joined(separator: "; "))\n" }
                if let a = availability[r.id] { out += "  on these inputs: \(a.canRun ? "can run" : "cannot run (\(a.reason))")\n" }
                out += "\n"
            }
            FileHandle.standardOutput.write(Data(out.utf8))
        }
        if damaged { throw ExitCode(ExitStatus.inputDamaged) }
    }
}
