// `--ingest`: the scan's read phase alone (inflate, parse, decode, fold into the evidence store,
// merge the worker stores, canonicalise), with what the resulting store costs in memory.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TokenHoundKit

/// Resident set size now, in bytes (Linux `/proc/self/statm`; 0 elsewhere).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func megabytes(_ bytes: Int) -> String { fmt(Double(bytes) / 1_048_576, 1) + " MB" }

/// Reads `paths` like `scan` does, then reports time, peak memory and, part by part, the bytes the
/// merged store holds: each part is dropped in turn and the resident size measured again.
@MainActor func runIngestBench(paths: [String], threads: Int) {
    let (inputs, diags) = InputDiscovery.expand(paths)
    if let d = diags.first(where: { $0.severity == .error }) { fail("\(d)") }
    let logs = InputPartition(files: inputs, explicitlyNamed: Set(paths)).logs
    var options = IngestOptions()
    options.threads = threads
    HeapTuning.trimFreedPages()
    let before = residentBytes()
    let cpu0 = ProcessResources.cpuSeconds
    let wallClock = ContinuousClock()   // not main.swift's global: this runs before its line does
    let t0 = wallClock.now
    var result = Ingestor.ingest(files: logs, options: options)
    let wall = (wallClock.now - t0).inSeconds
    let cpu = ProcessResources.cpuSeconds - cpu0
    let peak = ProcessResources.peakResidentBytes
    var store = result.store
    result.store = EvidenceStore()
    print("ingest threads=\(threads) files=\(logs.count) rows=\(result.outcomes.reduce(0) { $0 + $1.report.rows }) "
        + "seconds=\(fmt(wall, 3)) cpu-seconds=\(fmt(cpu, 3)) peak-rss=\(megabytes(peak))")
    let sessionSteps = store.sessions.reduce(0) { $0 + $1.value.steps.count }
    let addressSteps = store.addressActivity.reduce(0) { $0 + $1.value.steps.count }
    let packedBytes = store.sessions.mergedStepBytes + store.addressActivity.mergedStepBytes
    print("  layout: grant \(MemoryLayout<AuthEvent>.stride) B, merged session key+value \(SessionTable.mergedBucketBytes) B "
        + "(capacity \(store.sessions.capacity)), step \(MemoryLayout<ActivityStep>.stride) B unpacked, "
        + "\(fmt(Double(packedBytes) / Double(max(1, sessionSteps + addressSteps)), 1)) B packed "
        + "(\(sessionSteps) in sessions, \(addressSteps) in address-days), merged usage key+value "
        + "\(UsageTable.mergedBucketBytes) B (capacity \(store.usage.capacity)), "
        + "merged volume key+value \(VolumeTable.mergedBucketBytes) B (capacity \(store.volume.capacity))")
    HeapTuning.trimFreedPages()
    var last = residentBytes()
    print("  resident after read (trimmed): \(megabytes(last)) (\(megabytes(last - before)) over the start)")
    func drop(_ label: String, count: Int, _ body: (inout EvidenceStore) -> Void) {
        body(&store)
        HeapTuning.trimFreedPages()
        let now = residentBytes()
        let freed = last - now
        last = now
        let per = count > 0 ? " = \(freed / count) B each" : ""
        print("  \(label): \(count) entries, \(megabytes(freed))\(per)")
    }
    drop("grants (auth)", count: store.auth.count) { $0.auth = [] }
    drop("sessions", count: store.sessions.count) { $0.sessions = SessionTable() }
    drop("address-days", count: store.addressActivity.count) { $0.addressActivity = ActivityTable() }
    drop("usage keys", count: store.usage.count) { $0.usage = UsageTable() }
    drop("volume keys", count: store.volume.count) { $0.volume = VolumeTable() }
    drop("everything else", count: 0) { $0 = EvidenceStore() }
}
