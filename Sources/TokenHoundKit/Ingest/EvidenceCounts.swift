/// How much evidence a store held, part by part: what `scan --verbose` reports. Taken before the
/// analysis, which takes the store over and releases parts of it as it goes.
public struct EvidenceCounts: Sendable {
    public var grants = 0
    public var sessions = 0
    public var addressDays = 0
    public var usageKeys = 0
    public var volumeKeys = 0
    public var bulkJobRows = 0

    public init() {}

    public init(_ store: EvidenceStore) {
        grants = store.auth.count
        sessions = store.sessions.count
        addressDays = store.addressActivity.count
        usageKeys = store.usage.count
        volumeKeys = store.volume.count
        bulkJobRows = store.bulkJobs.count
    }
}
