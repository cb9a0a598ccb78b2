import ArgumentParser
import Foundation
import TokenHoundKit

@main
struct TokenHoundCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenhound",
        abstract: "Find stolen Salesforce OAuth refresh tokens replayed from someone else's server (headless persistence).",
        discussion: """
        tokenhound reads the logs a Salesforce admin can download (Event Monitoring CSV exports, gzipped or \
        not; LoginHistory, LoginEvent, OauthToken, ConnectedApplication and PermissionSetAssignment exports) \
        and connected app metadata XML, ties every refresh-token grant to its connected app, learns each app's \
        networks and clients, and reports replays with a severity tied to how the app is configured. \
        It never touches the network.

        Exit codes (every command): 0 success (and, for scan, no finding at or above --fail-level); \
        1 findings at or above --fail-level; 2 usage error; 3 some input was unreadable or damaged \
        (everything readable was still analysed and reported; takes precedence over 1).

        Shell completions: tokenhound --generate-completion-script bash|zsh|fish
        """,
        version: ToolVersion.current,
        subcommands: [ScanCommand.self, InspectCommand.self, SummaryCommand.self, PostureCommand.self, RulesCommand.self, StateCommand.self],
        defaultSubcommand: nil)

    /// ArgumentParser exits 64 on usage errors; tokenhound promises 2. Parse and run here so every
    /// failure maps onto the documented codes.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch let failure as UsageFailure {
            Terminal.error("tokenhound: error: \(failure.description)")
            Foundation.exit(ExitStatus.usage)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                Foundation.exit(0)
            }
            Terminal.raw(fullMessage(for: error) + "\n")
            Foundation.exit(code == .validationFailure ? ExitStatus.usage : (code.rawValue == 0 ? ExitStatus.usage : code.rawValue == 64 ? ExitStatus.usage : code.rawValue))
        }
    }
}
