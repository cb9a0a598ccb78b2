import ArgumentParser

/// tokenhound's exit codes, the same for every command.
enum ExitStatus {
    /// Success, and no finding at or above --fail-level.
    static let ok: Int32 = 0
    /// Findings at or above --fail-level.
    static let findings: Int32 = 1
    /// Usage error.
    static let usage: Int32 = 2
    /// Some input was unreadable or damaged (everything else was still processed and reported).
    static let inputDamaged: Int32 = 3
}

struct UsageFailure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}
