import ArgumentParser
import Foundation
import TokenHoundKit

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state",
        abstract: "Read, export, prune and merge the state file `scan --state` keeps (SQLite; see docs/state.md).",
        discussion: """
        Examples:
          tokenhound state show tokenhound.state --app Drift      # which networks has Drift refreshed from?
          tokenhound state export tokenhound.state > baselines.json
          tokenhound state prune tokenhound.state --before 2025-01-01
          tokenhound state merge all.state shard-1.state shard-2.state
        """,
        subcommands: [Show.self, Export.self, Prune.self, Merge.self])

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Per app: baseline state, networks refreshed from (first/last seen, grants, users), users and client families.")

        @Argument(help: ArgumentHelp("State file.", valueName: "state"))
        var state: String

        @Option(help: ArgumentHelp("Only this app (name or id, case-insensitive), repeatable.", valueName: "name"))
        var app: [String] = []

        @Flag(help: "Also list networks per user.")
        var users = false

        func run() throws {
            let store = try StateCommandSupport.open(state, readOnly: true)
            let derived = try StateDerived.read(from: store.db)
            let wanted = app.map { $0.lowercased() }
            let apps = derived.apps.filter { a in wanted.isEmpty || wanted.contains(a.app.lowercased()) || wanted.contains((a.appID ?? "").lowercased()) }
            var out = ""
            let files = try store.files()
            out += "state \(state): schema v\(store.schemaVersion), \(files.count) file(s), \(derived.apps.count) app(s) with refresh grants\n"
            if apps.isEmpty {
                out += wanted.isEmpty ? "no refresh grants recorded yet\n" : "no app named \(app.joined(separator: ", ")) in the state\n"
            }
            for a in apps {
                out += "\n\(a.app)\(a.appID.map { " (\($0))" } ?? "")\n"
                out += "  baseline: \(a.state)\n"
                out += "  refresh grants: \(a.refreshGrants) ok, \(a.failedGrants) failed, \(a.firstSeen.iso8601) .. \(a.lastSeen.iso8601); \(a.users) user(s)\n"
                out += "  client families (baseline): \(a.userAgentFamilies.isEmpty ? "none" : a.userAgentFamilies.joined(separator: ", "))\n"
                let rows = derived.networks.filter { $0.appKey == a.appKey }
                struct Agg { var first: EventTime; var last: EventTime; var grants = 0; var failures = 0; var users = Set<String>(); var inBaseline = false; var families = Set<String>() }
                var byNet: [String: Agg] = [:]
                for r in rows {
                    var g = byNet[r.network] ?? Agg(first: r.firstSeen, last: r.lastSeen)
                    g.first = min(g.first, r.firstSeen); g.last = max(g.last, r.lastSeen)
                    g.grants += r.grants; g.failures += r.failures; g.users.insert(r.userID)
                    g.inBaseline = g.inBaseline || r.inBaseline; g.families.formUnion(r.userAgentFamilies)
                    byNet[r.network] = g
                }
                out += "  networks refreshed from:\n"
                for (net, g) in byNet.sorted(by: { ($0.value.first, $0.key) < ($1.value.first, $1.key) }) {
                    out += "    \(net.padding(toLength: max(18, net.count), withPad: " ", startingAt: 0)) \(g.inBaseline ? "baseline" : "new     ")  \(g.first.iso8601) .. \(g.last.iso8601)  \(g.grants) ok / \(g.failures) failed  \(g.users.count) user(s)  \(g.families.sorted().joined(separator: ", "))\n"
                }
                if users {
                    out += "  per user:\n"
                    for r in rows {
                        out += "    \(r.userName ?? r.userID)  \(r.network)  \(r.firstSeen.iso8601) .. \(r.lastSeen.iso8601)  \(r.grants) ok / \(r.failures) failed  \(r.ipAddresses.joined(separator: ", "))\n"
                    }
                }
            }
            let reported = try store.reportedFindings()
            if !reported.isEmpty {
                out += "\nfindings already reported: \(reported.count)\n"
            }
            let safe = out.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalSafe.escape(String($0)) }.joined(separator: "\n")
            FileHandle.standardOutput.write(Data(safe.utf8))
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Baselines, per-(app, user, network) grants, file table and reported findings as JSON (deterministic).")

        @Argument(help: ArgumentHelp("State file.", valueName: "state"))
        var state: String

        @OptionGroup var output: OutputOptions

        func run() throws {
            try output.validateOutput()
            let store = try StateCommandSupport.open(state, readOnly: true)
            let writer = try output.openWriter()
            try writer.write(Array(try StateExport.build(store).json()))
            try writer.flush()
        }
    }

    struct Prune: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Drop evidence older than a date (reported findings and the file table are kept, so old downloads are still skipped).")

        @Argument(help: ArgumentHelp("State file.", valueName: "state"))
        var state: String

        @Option(help: ArgumentHelp("Drop events before this UTC day (YYYY-MM-DD).", valueName: "date"))
        var before: String

        func validate() throws {
            if StateCommandSupport.day(before) == nil { throw ValidationError("--before: '\(before)' is not YYYY-MM-DD") }
        }

        func run() throws {
            let cutoff = StateCommandSupport.day(before)!
            let store = try StateCommandSupport.open(state, readOnly: false)
            let r = try StateCommandSupport.state { try store.prune(before: cutoff) }
            try StateCommandSupport.state { try store.refreshDerived(); try store.vacuum() }
            Terminal.error("tokenhound: pruned \(r.rowsDeleted) evidence row(s) before \(cutoff.isoDate); \(r.filesAgedOut) file(s) aged out (still recognised if downloaded again)")
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Merge states built from disjoint shards of history (backfills split by day) into OUT: equal to one run over all shards.")

        @Argument(help: ArgumentHelp("The merged state to write.", valueName: "out"))
        var out: String

        @Argument(help: ArgumentHelp("Shard state files.", valueName: "in"))
        var inputs: [String]

        @Flag(help: "Overwrite OUT if it exists.")
        var force = false

        func validate() throws {
            if inputs.isEmpty { throw ValidationError("give at least one input state") }
            if inputs.contains(out) { throw ValidationError("OUT must not be one of the inputs") }
        }

        func run() throws {
            if FileManager.default.fileExists(atPath: out) && !force { throw UsageFailure("\(out) exists; use --force to overwrite it") }
            let shards = try inputs.map { try StateCommandSupport.open($0, readOnly: true) }
            // Built next to OUT and renamed into place: OUT is the old file or the complete new one.
            let temp = out + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
            try? FileManager.default.removeItem(atPath: temp)
            do {
                let merged = try StateStore(path: temp, create: true)
                var added = 0, dup = 0
                for shard in shards {
                    let s = try merged.merge(from: shard)
                    added += s.filesAdded; dup += s.filesAlreadyPresent
                }
                try merged.refreshDerived()
                merged.db.close()
                if rename(temp, out) != 0 { throw UsageFailure("cannot write \(out): \(String(cString: strerror(errno)))") }
                Terminal.error("tokenhound: merged \(shards.count) state(s) into \(out): \(added) file(s)\(dup > 0 ? ", \(dup) already present in another shard (kept once)" : "")")
            } catch {
                try? FileManager.default.removeItem(atPath: temp)
                if let u = error as? UsageFailure { throw u }
                throw UsageFailure("merge failed, \(out) unchanged: \(error)")
            }
        }
    }
}

enum StateCommandSupport {
    static func open(_ path: String, readOnly: Bool) throws -> StateStore {
        do { return try StateStore(path: path, create: false, readOnly: readOnly) } catch {
            throw UsageFailure("state \(path): \(error)")
        }
    }

    static func checkOpenable(_ path: String, create: Bool) throws {
        do { _ = try StateStore(path: path, create: create, readOnly: !create) } catch {
            throw UsageFailure("--state \(path): \(error)")
        }
    }

    static func state<R>(_ body: () throws -> R) throws -> R {
        do { return try body() } catch { throw UsageFailure("\(error)") }
    }

    static func day(_ s: String) -> EventTime? { CivilTime.parseDate(s) }

    static func printRunLine(_ info: StateRunInfo) {
        var parts = ["\(info.filesRecorded) new file(s) recorded"]
        if info.filesSkipped > 0 { parts.append("\(info.filesSkipped) skipped as already ingested") }
        if info.filesNotRecorded > 0 { parts.append("\(info.filesNotRecorded) damaged not recorded") }
        parts.append("\(info.filesInState) in state")
        parts.append("findings: \(info.newFindings) new, \(info.escalatedFindings) escalated, \(info.heldBack) already reported (held back)")
        parts.append(String(format: "load %.2f s, save %.2f s", info.loadSeconds, info.saveSeconds))
        Terminal.error("tokenhound: state \(info.path): " + parts.joined(separator: "; "))
    }
}
