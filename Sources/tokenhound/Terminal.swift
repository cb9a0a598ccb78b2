import Foundation
import TokenHoundKit
#if canImport(Glibc)
import Glibc
#endif

/// stderr and terminal facts. Stdout carries results only; everything else goes through here.
enum Terminal {
    static var stdoutIsTTY: Bool { isatty(1) == 1 }
    static var stderrIsTTY: Bool { isatty(2) == 1 }

    static func colourEnabled(noColor: Bool, forStdout: Bool = true) -> Bool {
        if noColor { return false }
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return forStdout ? stdoutIsTTY : stderrIsTTY
    }

    /// Writes a line to stderr, escaping anything a log file could have smuggled into it.
    static func error(_ text: String) {
        let line = TerminalSafe.escape(text) + "\n"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func raw(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func diagnostics(_ diags: [InputDiagnostic], limit: Int = 40, quiet: Bool) {
        let shown = quiet ? diags.filter { $0.severity == .error } : diags
        for d in shown.prefix(limit) { error("tokenhound: " + d.rendered) }
        if shown.count > limit { error("tokenhound: ... \(shown.count - limit) more diagnostic(s); `tokenhound inspect` lists them all") }
    }
}
