import Foundation

/// The coverage and integrity report `tokenhound inspect` prints: what a person checks before
/// trusting an analysis. Built from the ingest result alone (no detection).
public struct InspectReport: Sendable, Codable {
    public struct FileEntry: Sendable, Codable {
        public var path: String
        public var kind: String?
        public var headerGeneration: String
        public var gzip: Bool
        public var compressedBytes: UInt64
        public var decompressedBytes: UInt64
        public var rows: Int
        public var rowsRejected: Int
        public var firstSeen: String?
        public var lastSeen: String?
        public var damaged: Bool
    }
    public var tool: String = "tokenhound"
    public var toolVersion: String = ToolVersion.current
    public var files: [FileEntry]
    public var coverage: [EventTypeCoverage]
    public var diagnostics: [InputDiagnostic]
    public var postureApps: [String]
    public var damagedFiles: Int

    public init(outcomes: [FileOutcome], coverage: [EventTypeCoverage], diagnostics: [InputDiagnostic], postureApps: [String]) {
        files = outcomes.map { o in
            FileEntry(path: o.file.displayName, kind: o.report.kind?.rawValue, headerGeneration: o.report.headerGeneration, gzip: o.isGzip,
                      compressedBytes: o.compressedBytes, decompressedBytes: o.decompressedBytes, rows: o.report.rows,
                      rowsRejected: o.report.rowsRejected, firstSeen: o.report.firstTime?.iso8601, lastSeen: o.report.lastTime?.iso8601,
                      damaged: o.damaged)
        }
        self.coverage = coverage
        self.diagnostics = diagnostics
        self.postureApps = postureApps
        damagedFiles = outcomes.filter(\.damaged).count
    }

    public func json() -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? enc.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Plain text for a person; every string from the inputs is terminal-escaped.
    public func text() -> String {
        let e = TerminalSafe.escape
        var out = "tokenhound inspect: \(files.count) file(s), \(damagedFiles) damaged\n\n"
        out += "Event types\n"
        for c in coverage {
            out += "  \(c.kind.rawValue): \(c.files.count) file(s), \(c.rows) row(s)"
            if c.duplicateRowsDropped > 0 { out += ", \(c.duplicateRowsDropped) duplicate row(s) across hourly/daily files counted once" }
            out += "\n"
            if let f = c.firstSeen, let l = c.lastSeen { out += "    span: \(f.iso8601) .. \(l.iso8601)\n" }
            if !c.headerGenerations.isEmpty {
                out += "    header: \(c.headerGenerations.map(e).joined(separator: "; "))\(c.headerGenerations.count > 1 ? "  <- header drift" : "")\n"
            }
            if !c.missingDays.isEmpty { out += "    days with no rows: \(c.missingDays.joined(separator: ", "))\n" }
            if c.missingHours > 0 { out += "    hours with no rows inside the span: \(c.missingHours)\n" }
            for (k, v) in c.unknownColumns.sorted(by: { $0.key < $1.key }) { out += "    unknown: \(e(k)) (\(v))\n" }
            for (k, v) in c.rejectedRows.sorted(by: { $0.key < $1.key }) { out += "    rejected: \(v) row(s): \(e(k))\n" }
            for (k, v) in c.unparsedValues.sorted(by: { $0.key < $1.key }) { out += "    kept raw (did not parse): \(e(k)): \(v)\n" }
        }
        let missingTypes = Set(LogKind.allCases).subtracting(coverage.map(\.kind))
        let licensed: [LogKind] = [.restApi, .bulkApi2, .bulkApiRequest, .api, .uniqueQuery]
        let absent = licensed.filter { missingTypes.contains($0) }
        if !absent.isEmpty {
            out += "  not present: \(absent.map(\.rawValue).joined(separator: ", ")) (licensed types: without them parts of TH-005..TH-008 cannot run)\n"
        }
        out += "\nFiles\n"
        for f in files {
            out += "  \(e(f.path)): \(f.kind ?? "unrecognised"), \(f.gzip ? "gzip" : "plain"), \(f.rows) row(s)"
            if f.rowsRejected > 0 { out += ", \(f.rowsRejected) rejected" }
            if f.damaged { out += "  DAMAGED" }
            out += "\n"
        }
        if !postureApps.isEmpty { out += "\nConnected app metadata: \(postureApps.map(e).joined(separator: ", "))\n" }
        if !diagnostics.isEmpty {
            out += "\nDiagnostics\n"
            for d in diagnostics { out += "  \(e(d.rendered))\n" }
        }
        return out
    }
}
