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

    public init(paths: [String], detectionTime: EventTime) {
        self.paths = paths
        self.detectionTime = detectionTime
    }
}
