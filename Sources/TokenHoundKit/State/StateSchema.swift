/// The state file's schema, versioned with `PRAGMA user_version`. Every change is a new entry in
/// `migrations`: opening an older file runs the missing steps in one transaction. The tables are
/// documented in docs/state.md; keep that file in step with this one.
public enum StateSchema {
    /// The version this build writes.
    public static let currentVersion = 3

    /// `migrations[v]` takes a file from version v to v + 1. Version 0 is an empty (new) file.
    static let migrations: [String] = [v0to1, v1to2, v2to3]

    /// Brings `db` to `currentVersion`. Refuses files written by a newer tokenhound.
    public static func migrate(_ db: SQLiteDatabase, to target: Int = currentVersion) throws {
        let v = try db.userVersion
        if v > currentVersion {
            throw StateError.newerSchema(found: v, supported: currentVersion)
        }
        if v >= target { return }
        try db.transaction {
            for step in v..<target {
                try db.execute(migrations[step])
            }
            try db.setUserVersion(target)
        }
    }

    /// Version 1: evidence per ingested file, file table, reported findings.
    static let v0to1 = """
    CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE files (
        file_id INTEGER PRIMARY KEY,
        path TEXT NOT NULL,
        content_fingerprint TEXT,
        byte_size INTEGER,
        ingested_at_ms INTEGER NOT NULL,
        ingested_at TEXT NOT NULL,
        kind TEXT,
        header_generation TEXT NOT NULL DEFAULT '',
        rows INTEGER NOT NULL DEFAULT 0,
        rows_accepted INTEGER NOT NULL DEFAULT 0,
        first_ms INTEGER,
        first_seen TEXT,
        last_ms INTEGER,
        last_seen TEXT,
        pruned INTEGER NOT NULL DEFAULT 0,
        report_json TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX files_fingerprint ON files(content_fingerprint);
    CREATE TABLE auth_events (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        source INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        time TEXT NOT NULL,
        user_id TEXT,
        raw_user TEXT,
        user_name TEXT,
        address_kind INTEGER NOT NULL,
        source_ip TEXT NOT NULL,
        user_agent TEXT NOT NULL,
        login_key TEXT,
        request_id TEXT NOT NULL,
        flow INTEGER NOT NULL,
        login_type TEXT NOT NULL,
        status TEXT NOT NULL,
        succeeded INTEGER NOT NULL,
        application TEXT,
        tls_protocol TEXT,
        country_code TEXT
    );
    CREATE INDEX auth_events_file ON auth_events(file_id);
    CREATE INDEX auth_events_time ON auth_events(time_ms);
    CREATE TABLE activities (
        activity_id INTEGER PRIMARY KEY,
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        login_key_hash INTEGER,
        address_user TEXT,
        address_ip TEXT,
        address_day INTEGER,
        app_id TEXT,
        user_id TEXT,
        first_ms INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        calls INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        dropped_steps INTEGER NOT NULL
    );
    CREATE INDEX activities_file ON activities(file_id);
    CREATE TABLE activity_steps (
        activity_id INTEGER NOT NULL REFERENCES activities(activity_id) ON DELETE CASCADE,
        time_ms INTEGER NOT NULL,
        kind TEXT NOT NULL,
        detail TEXT NOT NULL,
        request_id TEXT NOT NULL,
        line INTEGER NOT NULL
    );
    CREATE INDEX activity_steps_activity ON activity_steps(activity_id);
    CREATE TABLE api_usage (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        user_id TEXT NOT NULL,
        ip TEXT NOT NULL,
        app_id TEXT NOT NULL,
        hour INTEGER NOT NULL,
        first_ms INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        count INTEGER NOT NULL
    );
    CREATE INDEX api_usage_file ON api_usage(file_id);
    CREATE TABLE api_volume (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        app_id TEXT,
        kind TEXT NOT NULL,
        hour INTEGER NOT NULL,
        calls INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        bytes INTEGER NOT NULL
    );
    CREATE INDEX api_volume_file ON api_volume(file_id);
    CREATE TABLE app_names (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        app_id TEXT NOT NULL,
        name TEXT NOT NULL
    );
    CREATE INDEX app_names_file ON app_names(file_id);
    CREATE TABLE bulk_jobs (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        time TEXT NOT NULL,
        user_id TEXT,
        login_key TEXT,
        address_kind INTEGER NOT NULL,
        client_ip TEXT NOT NULL,
        job_id TEXT NOT NULL,
        status TEXT NOT NULL,
        operation TEXT NOT NULL,
        entity TEXT NOT NULL,
        records_processed INTEGER NOT NULL
    );
    CREATE INDEX bulk_jobs_file ON bulk_jobs(file_id);
    CREATE TABLE logouts (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        time_ms INTEGER NOT NULL,
        time TEXT NOT NULL,
        user_id TEXT,
        login_key TEXT,
        app_type TEXT NOT NULL,
        session_type TEXT NOT NULL,
        is_oauth INTEGER NOT NULL
    );
    CREATE INDEX logouts_file ON logouts(file_id);
    CREATE TABLE token_holdings (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        app_name TEXT NOT NULL,
        user_id TEXT,
        use_count INTEGER,
        last_used_ms INTEGER,
        created_ms INTEGER
    );
    CREATE INDEX token_holdings_file ON token_holdings(file_id);
    CREATE TABLE privileges (
        file_id INTEGER NOT NULL REFERENCES files(file_id) ON DELETE CASCADE,
        assignee TEXT NOT NULL,
        modify_all_data INTEGER NOT NULL,
        view_all_data INTEGER NOT NULL,
        manage_users INTEGER NOT NULL,
        api_enabled INTEGER NOT NULL
    );
    CREATE INDEX privileges_file ON privileges(file_id);
    CREATE TABLE reported_findings (
        finding_id TEXT PRIMARY KEY,
        rule_id TEXT NOT NULL,
        app TEXT NOT NULL,
        app_id TEXT,
        user_id TEXT,
        user_name TEXT,
        network TEXT,
        level TEXT NOT NULL,
        level_rank INTEGER NOT NULL,
        risk_score INTEGER NOT NULL,
        first_seen_ms INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        last_seen TEXT NOT NULL,
        reported_at_ms INTEGER NOT NULL,
        reported_at TEXT NOT NULL,
        summary TEXT NOT NULL
    );
    """

    /// Version 2: derived, analyst-facing tables (rebuilt on every save) and the `app_networks` view.
    static let v1to2 = """
    CREATE TABLE app_baselines (
        app_key TEXT PRIMARY KEY,
        app TEXT NOT NULL,
        app_id TEXT,
        first_seen_ms INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        last_seen TEXT NOT NULL,
        learning_end_ms INTEGER NOT NULL,
        learning_end TEXT NOT NULL,
        cold_start INTEGER NOT NULL,
        churn_rate REAL NOT NULL,
        networks TEXT NOT NULL,
        ua_families TEXT NOT NULL,
        users INTEGER NOT NULL,
        refresh_grants INTEGER NOT NULL,
        failed_grants INTEGER NOT NULL,
        state TEXT NOT NULL
    );
    CREATE TABLE grant_networks (
        app_key TEXT NOT NULL,
        app TEXT NOT NULL,
        user_id TEXT NOT NULL,
        user_name TEXT,
        network TEXT NOT NULL,
        in_baseline INTEGER NOT NULL,
        first_seen_ms INTEGER NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen_ms INTEGER NOT NULL,
        last_seen TEXT NOT NULL,
        grants INTEGER NOT NULL,
        failures INTEGER NOT NULL,
        ip_addresses TEXT NOT NULL,
        user_agent_families TEXT NOT NULL,
        PRIMARY KEY (app_key, user_id, network)
    );
    CREATE VIEW app_networks AS
        SELECT app, network, MIN(first_seen) AS first_seen, MAX(last_seen) AS last_seen,
               SUM(grants) AS grants, SUM(failures) AS failures, COUNT(DISTINCT user_id) AS users,
               MAX(in_baseline) AS in_baseline
        FROM grant_networks GROUP BY app_key, network;
    """

    /// Version 3: `files.row_hash_version`, the row hash definition of the per-hour fingerprints in
    /// `report_json` (`EventDecoder.rowHashVersion`). Files recorded before it get 1, the hash they
    /// were fingerprinted with; coverage compares fingerprints only between equal versions.
    static let v2to3 = """
    ALTER TABLE files ADD COLUMN row_hash_version INTEGER NOT NULL DEFAULT 1;
    """
}

public enum StateError: Error, CustomStringConvertible, Sendable {
    case newerSchema(found: Int, supported: Int)
    /// A read-only open (`summary`, `state show`) of a state an older tokenhound wrote: only a
    /// read-write open migrates it.
    case olderSchema(path: String, found: Int, current: Int)
    case notAState(String)
    case exists(String)
    case missing(String)

    public var description: String {
        switch self {
        case .newerSchema(let f, let s): return "state schema version \(f) is newer than this tokenhound supports (\(s)); upgrade tokenhound"
        case .olderSchema(let p, let f, let c):
            return "\(p) was written by an older tokenhound (state schema version \(f), this one uses \(c)) and this command only reads it; "
                + "upgrade it once with `tokenhound scan --state \(p)` and your logs (files already in the state are recognised and skipped)"
        case .notAState(let p): return "\(p) is not a tokenhound state file"
        case .exists(let p): return "\(p) exists; use --force to overwrite it"
        case .missing(let p): return "\(p) does not exist"
        }
    }
}
