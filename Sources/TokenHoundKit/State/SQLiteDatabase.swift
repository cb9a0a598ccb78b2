import CSQLite

/// A SQLite failure: the operation, SQLite's result code and its message.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public var code: Int32
    public var message: String
    public var context: String
    public var description: String { "\(context): \(message) (sqlite code \(code))" }
}

/// A small, safe wrapper over the system libsqlite3: one connection, prepared statements with
/// typed bind/column helpers, and transactions. Not shared between threads (one per run).
public final class SQLiteDatabase {
    private var handle: OpaquePointer?
    public let path: String

    /// Opens (and with `create`, creates) the database. Durability settings: rollback journal
    /// (`journal_mode=DELETE`, so a closed state is always one self-contained file that can be
    /// copied between machines) with `synchronous=FULL`, so a committed transaction survives a
    /// crash or power loss and an interrupted one is rolled back on the next open.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws {
        self.path = path
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        var db: OpaquePointer?
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        if rc != SQLITE_OK {
            let msg = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc, message: msg, context: "open \(path)")
        }
        handle = db
        sqlite3_busy_timeout(db, 10_000)
        sqlite3_extended_result_codes(db, 1)
        if !readOnly {
            try execute("PRAGMA journal_mode=DELETE")
            try execute("PRAGMA synchronous=FULL")
        }
        try execute("PRAGMA foreign_keys=ON")
    }

    deinit { close() }

    public func close() {
        if let h = handle { sqlite3_close_v2(h); handle = nil }
    }

    var db: OpaquePointer { handle! }

    func error(_ rc: Int32, _ context: String) -> SQLiteError {
        SQLiteError(code: rc, message: String(cString: sqlite3_errmsg(db)), context: context)
    }

    /// Runs one or more statements without results.
    public func execute(_ sql: String) throws {
        var err: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(db, sql, nil, nil, &err)
        if rc != SQLITE_OK {
            let msg = err.map { String(cString: $0) } ?? "error"
            sqlite3_free(err)
            throw SQLiteError(code: rc, message: msg, context: String(sql.prefix(80)))
        }
    }

    public func prepare(_ sql: String) throws -> SQLiteStatement {
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else { throw error(rc, "prepare \(sql.prefix(80))") }
        return SQLiteStatement(stmt: stmt, database: self, sql: sql)
    }

    /// Runs `body` in one `BEGIN IMMEDIATE ... COMMIT`; any thrown error rolls everything back.
    public func transaction<R>(_ body: () throws -> R) throws -> R {
        try execute("BEGIN IMMEDIATE")
        do {
            let r = try body()
            try execute("COMMIT")
            return r
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// `PRAGMA user_version`: the schema version.
    public var userVersion: Int {
        get throws { try scalarInt("PRAGMA user_version") ?? 0 }
    }

    public func setUserVersion(_ v: Int) throws { try execute("PRAGMA user_version=\(v)") }

    public func scalarInt(_ sql: String) throws -> Int? {
        let s = try prepare(sql)
        return try s.step() ? s.columnIsNull(0) ? nil : Int(s.int64(0)) : nil
    }

    public func scalarText(_ sql: String) throws -> String? {
        let s = try prepare(sql)
        return try s.step() ? s.text(0) : nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(db) }

    /// `PRAGMA integrity_check` result ("ok" when the file is sound).
    public func integrityCheck() throws -> String {
        let s = try prepare("PRAGMA integrity_check")
        var lines: [String] = []
        while try s.step() { lines.append(s.text(0) ?? "") }
        return lines.joined(separator: "\n")
    }

    public func tableExists(_ name: String) throws -> Bool {
        let s = try prepare("SELECT 1 FROM sqlite_master WHERE type IN ('table','view') AND name=?")
        s.bind(1, name)
        return try s.step()
    }
}

/// A prepared statement. Parameters are 1-based, columns 0-based (SQLite's convention).
public final class SQLiteStatement {
    private let stmt: OpaquePointer
    private let database: SQLiteDatabase
    let sql: String

    init(stmt: OpaquePointer, database: SQLiteDatabase, sql: String) {
        self.stmt = stmt; self.database = database; self.sql = sql
    }

    deinit { sqlite3_finalize(stmt) }

    public func bind(_ i: Int32, _ v: Int64?) {
        if let v { sqlite3_bind_int64(stmt, i, v) } else { sqlite3_bind_null(stmt, i) }
    }
    public func bind(_ i: Int32, _ v: Int?) { bind(i, v.map(Int64.init)) }
    public func bind(_ i: Int32, _ v: Bool) { sqlite3_bind_int64(stmt, i, v ? 1 : 0) }
    public func bind(_ i: Int32, _ v: Double?) {
        if let v { sqlite3_bind_double(stmt, i, v) } else { sqlite3_bind_null(stmt, i) }
    }
    public func bind(_ i: Int32, _ v: String?) {
        if let v { sqlite3_bind_text(stmt, i, v, -1, tokenhound_sqlite_transient()) } else { sqlite3_bind_null(stmt, i) }
    }

    /// Binds values in order from parameter 1.
    public func bindAll(_ values: [SQLiteValue]) {
        for (k, v) in values.enumerated() {
            let i = Int32(k + 1)
            switch v {
            case .null: sqlite3_bind_null(stmt, i)
            case .int(let x): sqlite3_bind_int64(stmt, i, x)
            case .real(let x): sqlite3_bind_double(stmt, i, x)
            case .text(let x): sqlite3_bind_text(stmt, i, x, -1, tokenhound_sqlite_transient())
            }
        }
    }

    /// Steps once: true when a row is available, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        if rc == SQLITE_ROW { return true }
        if rc == SQLITE_DONE { return false }
        throw database.error(rc, "step \(sql.prefix(80))")
    }

    /// Binds, runs to completion and resets (for INSERT/UPDATE/DELETE in loops).
    public func run(_ values: [SQLiteValue]) throws {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
        bindAll(values)
        while try step() {}
        sqlite3_reset(stmt)
    }

    public func reset() { sqlite3_reset(stmt); sqlite3_clear_bindings(stmt) }

    public func columnIsNull(_ c: Int32) -> Bool { sqlite3_column_type(stmt, c) == SQLITE_NULL }
    public func int64(_ c: Int32) -> Int64 { sqlite3_column_int64(stmt, c) }
    public func int64OrNil(_ c: Int32) -> Int64? { columnIsNull(c) ? nil : int64(c) }
    public func int(_ c: Int32) -> Int { Int(int64(c)) }
    public func double(_ c: Int32) -> Double { sqlite3_column_double(stmt, c) }
    public func bool(_ c: Int32) -> Bool { int64(c) != 0 }
    public func text(_ c: Int32) -> String? {
        guard let p = sqlite3_column_text(stmt, c) else { return nil }
        return String(cString: p)
    }
    public func string(_ c: Int32) -> String { text(c) ?? "" }
}

/// A value to bind.
public enum SQLiteValue: Sendable {
    case null
    case int(Int64)
    case real(Double)
    case text(String)

    public static func of(_ v: Int64?) -> SQLiteValue { v.map { .int($0) } ?? .null }
    public static func of(_ v: Int?) -> SQLiteValue { v.map { .int(Int64($0)) } ?? .null }
    public static func of(_ v: String?) -> SQLiteValue { v.map { .text($0) } ?? .null }
    public static func of(_ v: Bool) -> SQLiteValue { .int(v ? 1 : 0) }
    public static func of(_ v: EventTime?) -> SQLiteValue { v.map { .int($0.millis) } ?? .null }
    public static func iso(_ v: EventTime?) -> SQLiteValue { v.map { .text($0.iso8601) } ?? .null }
}
