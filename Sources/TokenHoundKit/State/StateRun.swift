import Foundation

/// What a state-backed scan did with its state (for the run summary and tests).
public struct StateRunInfo: Sendable {
    public var path: String
    /// Inputs recognised by content fingerprint as already in the state, not read.
    public var filesSkipped: Int = 0
    /// Inputs read this run and recorded in the state.
    public var filesRecorded: Int = 0
    /// Inputs read this run but not recorded (damaged: a re-download will be read again).
    public var filesNotRecorded: Int = 0
    /// Files in the state after the run (including pruned ones).
    public var filesInState: Int = 0
    public var newFindings: Int = 0
    public var escalatedFindings: Int = 0
    /// Findings reported by an earlier run at the same or a higher level: not emitted.
    public var heldBack: Int = 0
    /// Finding id -> status, for every finding of the analysis that survived suppression.
    public var status: [String: FindingStatus] = [:]
    public var loadSeconds: Double = 0
    public var saveSeconds: Double = 0
    public var readOnly: Bool = false
    /// Set when the state could not be written (the previous state is intact).
    public var saveError: String? = nil
}

/// The state side of `ScanPipeline.run`: choose which inputs to read, rebuild the full evidence
/// from state + new files, classify findings, and write everything back in one transaction.
final class StateRun {
    let store: StateStore
    var info: StateRunInfo
    let files: [StoredFile]
    let reported: [String: ReportedFinding]
    var stores: [UInt32: EvidenceStore]
    let nextID: UInt32
    /// Fingerprint of each input to read (nil: stdin or a pipe).
    var fingerprints: [String: ContentFingerprint] = [:]
    /// Input path -> storage id it replaces (`--rescan` of a file the state holds).
    var replaces: [String: UInt32] = [:]

    init(path: String, readOnly: Bool) throws {
        let started = Date()
        store = try StateStore(path: path, create: !readOnly, readOnly: readOnly)
        info = StateRunInfo(path: path)
        info.readOnly = readOnly
        files = try store.files()
        reported = try store.reportedFindings()
        stores = try store.fileStores()
        nextID = try store.nextFileID()
        info.loadSeconds = Date().timeIntervalSince(started)
    }

    /// The inputs to read: those whose content the state does not hold (all of them with `rescan`).
    func select(_ inputs: [InputFile], rescan: Bool) -> [InputFile] {
        var byFingerprint: [String: UInt32] = [:]
        for f in files { if let fp = f.fingerprint { byFingerprint[fp] = f.fileID } }
        let hashes = LockedBox([Int: ContentFingerprint]())
        DispatchQueue.concurrentPerform(iterations: inputs.count) { i in
            if let fp = ContentFingerprint.ofFile(inputs[i]) { hashes.withLock { $0[i] = fp } }
        }
        let fps = hashes.withLock { $0 }
        var out: [InputFile] = []
        var seen = Set<String>()
        for (i, f) in inputs.enumerated() {
            guard let fp = fps[i] else { out.append(f); continue }
            let hex = fp.description
            if let existing = byFingerprint[hex] {
                if !rescan { info.filesSkipped += 1; continue }
                replaces[f.path] = existing
            } else if !seen.insert(hex).inserted, !rescan {
                // The same content twice in one download (a copy under another name): read once.
                info.filesSkipped += 1; continue
            }
            fingerprints[f.path] = fp
            out.append(f)
        }
        return out
    }

    /// State evidence plus this run's files, as one canonical snapshot. Evidence of files replaced
    /// by a rescan is left out only when the new read is recorded.
    func snapshot(with ingest: IngestResult, now: EventTime) -> (StateSnapshot, [StoredFile]) {
        var newFiles: [StoredFile] = []
        // A damaged re-read of a file the state holds: keep the stored copy, ignore the new read.
        let badRescans = Set(ingest.outcomes.filter { $0.damaged && replaces[$0.file.path] != nil }.map(\.fileID))
        for o in ingest.outcomes where !badRescans.contains(o.fileID) {
            let fp = fingerprints[o.file.path]
            newFiles.append(StoredFile(fileID: o.fileID, path: o.file.displayName, fingerprint: fp?.description,
                                       byteSize: fp.map { Int64($0.byteCount) }, ingestedAt: now, report: o.report))
        }
        let replacedIDs = Set(ingest.outcomes.filter { !$0.damaged }.compactMap { replaces[$0.file.path] })
        let all = files.filter { !replacedIDs.contains($0.fileID) } + newFiles
        var merged = stores
        for id in replacedIDs { merged[id] = nil }
        for (id, s) in ingest.fileStores where !badRescans.contains(id) { merged[id] = s }
        var snap = StateSnapshot.build(files: all, stores: merged)
        // Coverage of this run's files keeps their real diagnostics and damage flags.
        let fresh = Dictionary(uniqueKeysWithValues: ingest.outcomes.map { ($0.fileID, $0) })
        var byRunID: [UInt32: UInt32] = [:]
        for f in all { byRunID[snap.runID[f.fileID]!] = f.fileID }
        for i in snap.outcomes.indices {
            if let storage = byRunID[snap.outcomes[i].fileID], var o = fresh[storage] {
                o.fileID = snap.outcomes[i].fileID
                o.report.fileID = o.fileID
                snap.outcomes[i] = o
            }
        }
        return (snap, newFiles)
    }

    /// Marks findings and returns the ones to emit (new or escalated), in the given order.
    func classify(_ findings: [Finding]) -> [Finding] {
        var emit: [Finding] = []
        let episodes = ReportedEpisodes(reported)
        for f in findings {
            let s = info.readOnly ? .new : FindingStatus.classify(f, reported: reported, episodes: episodes)
            info.status[f.id] = s
            switch s {
            case .new: info.newFindings += 1; emit.append(f)
            case .escalated: info.escalatedFindings += 1; emit.append(f)
            case .alreadyReported:
                info.heldBack += 1
                // Matched by episode under a new id: remember the id too.
                if reported[f.id] == nil { rememberedOnly.append(f) }
            }
        }
        return emit
    }

    /// Held-back findings whose id is new to the state (their episode was reported under another id).
    var rememberedOnly: [Finding] = []

    /// Writes this run in one transaction: recorded files with their evidence, replaced files
    /// removed, emitted findings remembered, derived tables rewritten.
    func save(ingest: IngestResult, newFiles: [StoredFile], emitted: [Finding], derived: StateDerived, now: EventTime) {
        if info.readOnly { info.filesInState = files.count; return }
        let started = Date()
        var changes = StateStore.Changes()
        let outcomes = Dictionary(uniqueKeysWithValues: ingest.outcomes.map { ($0.fileID, $0) })
        for f in newFiles {
            guard let o = outcomes[f.fileID] else { continue }
            if o.damaged { continue }
            changes.newFiles.append((f, ingest.fileStores[f.fileID] ?? EvidenceStore()))
            if let old = replaces[o.file.path] { changes.replacedFiles.append(old) }
        }
        info.filesNotRecorded = ingest.outcomes.filter(\.damaged).count
        changes.reported = emitted + rememberedOnly
        changes.reportedAt = now
        changes.derived = derived
        do {
            let inserted = try store.commit(changes)
            info.filesRecorded = inserted.count
            info.filesInState = (try? store.db.scalarInt("SELECT count(*) FROM files")).flatMap { $0 } ?? 0
        } catch {
            info.saveError = "\(error)"
        }
        info.saveSeconds = Date().timeIntervalSince(started)
    }
}
