import TokenHoundKit

/// A record of every file written (for the README and the progress report).
final class Manifest {
    struct Entry { var path: String; var rows: Int; var csvBytes: Int }
    private(set) var entries: [Entry] = []
    var totalCSVBytes: Int { entries.reduce(0) { $0 + $1.csvBytes } }
    func add(_ e: Entry) { entries.append(e) }
}

/// One ELF output file: opened on its first row (days without events get no file, as in a real
/// org), header first, every value quoted; gzip or plain; rows projected onto the file's header.
final class ElfFile {
    let path: String
    let schema: ElfSchema
    let full: ElfSchema
    let gzip: Bool
    let level: Int32
    let manifest: Manifest
    /// Relative name recorded in the manifest.
    let name: String
    private var writer: CSVWriter?
    private var gz: GzipSink?
    private let projection: [Int]
    private let identity: Bool
    private var scratch: [String] = []

    /// Name recorded in the manifest (defaults to `name`).
    let recordAs: String

    init(dir: String, name: String, schema: ElfSchema, full: ElfSchema, gzip: Bool, level: Int32 = 6, manifest: Manifest,
         recordAs: String? = nil) {
        self.path = dir + "/" + name
        self.name = name
        self.recordAs = recordAs ?? name
        self.schema = schema; self.full = full; self.gzip = gzip; self.level = level; self.manifest = manifest
        projection = schema.projection(from: full)
        identity = schema.columns == full.columns
    }

    var rows: Int { max(0, (writer?.rows ?? 1) - 1) }

    func write(_ fullRow: [String]) throws {
        if writer == nil {
            let sink: ByteSink
            if gzip { let g = try GzipSink(path: path, level: level); gz = g; sink = g } else { sink = try FileSink(path: path) }
            let w = CSVWriter(sink: sink, quoting: .always)
            try w.writeRow(schema.headerFields)
            writer = w
        }
        if identity {
            try writer!.writeRow(fullRow)
        } else {
            scratch.removeAll(keepingCapacity: true)
            for i in projection { scratch.append(fullRow[i]) }
            try writer!.writeRow(scratch)
        }
    }

    /// Ends the gzip member so far and starts another (multi-member gzip).
    func newMember() throws { try gz?.newMember() }

    var bytesIn: Int { writer?.sink.bytesIn ?? 0 }

    func close() throws {
        guard let w = writer else { return }
        try w.close()
        manifest.add(.init(path: recordAs, rows: w.rows - 1, csvBytes: w.sink.bytesIn))
        writer = nil
    }
}

/// The ELF files of one day, and where each event goes.
final class DayFiles {
    var login: ElfFile?
    var loginHourly: ElfFile?
    var logout: ElfFile?
    var apiTotalUsage: ElfFile?
    var restApi: ElfFile?
    var bulkApi2: ElfFile?
    var uniqueQuery: ElfFile?
    var trimLoginFraction = false
    let rows: ElfRows

    init(rows: ElfRows) { self.rows = rows }

    func route(_ e: Event) throws {
        switch e {
        case .login(let l):
            if login != nil || loginHourly != nil {
                let r = rows.login(l, trimFraction: trimLoginFraction)
                try login?.write(r)
                try loginHourly?.write(r)
            }
        case .logout(let l):
            try logout?.write(rows.logout(l))
        case .api(let c):
            try apiTotalUsage?.write(rows.apiTotalUsage(c))
            if c.family == .rest { try restApi?.write(rows.restApi(c)) }
            if !c.query.isEmpty { try uniqueQuery?.write(rows.uniqueQuery(c)) }
        case .bulk(let b):
            try bulkApi2?.write(rows.bulkApi2(b))
        }
    }

    var all: [ElfFile] { [login, loginHourly, logout, apiTotalUsage, restApi, bulkApi2, uniqueQuery].compactMap { $0 } }

    var bytesIn: Int { all.reduce(0) { $0 + $1.bytesIn } }

    func close() throws { for f in all { try f.close() } }
}
