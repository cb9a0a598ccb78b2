/// Everything a scan needs from its caller (the CLI, a test, another tool).
public struct ScanRequest: Sendable {
    public var paths: [String]
    public var posturePaths: [String] = []
    public var config: TokenhoundConfig = TokenhoundConfig()
    public var configPath: String? = nil
    /// Command-line enrichment overrides (take precedence over the config's `enrichment`).
    public var torExitsPath: String? = nil
    public var asnTablePath: String? = nil
    public var indicatorPackPaths: [String] = []
    public var learningDays: Int? = nil
    public var ingest = IngestOptions()
    public var detectionTime: EventTime
    public var maxFiles: Int = InputDiscovery.defaultMaxFiles
    /// Persisted state (SQLite, created when absent): history is analysed with the new files, and
    /// findings already reported by earlier runs are held back unless they escalate. See docs/state.md.
    public var statePath: String? = nil
    /// Read files the state already holds again (their stored evidence is replaced).
    public var rescan: Bool = false
    /// Analyse with the state but write nothing back and hold nothing back (`summary --state`).
    public var stateReadOnly: Bool = false

    public init(paths: [String], detectionTime: EventTime) {
        self.paths = paths
        self.detectionTime = detectionTime
    }
}
