import Foundation

/// The whole run: discover inputs, read them in parallel, load configuration and enrichment,
/// analyse, apply suppressions, and assemble the report every output format renders.
public struct ScanOutcome: Sendable {
    public var report: ScanReport
    public var ingest: IngestResult
    public var postures: [AppPosture]
    public var analysis: AnalysisResult
    public var suppression: SuppressionOutcome
    /// Diagnostics about the run itself (config, enrichment, posture, discovery).
    public var setupDiagnostics: [InputDiagnostic]
    /// Some input was unreadable or damaged (exit code 3).
    public var inputDamaged: Bool
    /// With `ScanRequest.statePath`: what the state did (skips, held-back findings, save).
    public var state: StateRunInfo? = nil
    /// Wall-clock seconds per stage (read = inflate, parse, decode and fold on all threads;
    /// analyse = attribution, baselines, rules), for `--verbose` and the benchmark notes.
    public var phaseSeconds: [(phase: String, seconds: Double, peakRSSMB: Int)] = []
    /// What the analysed store held. (`ingest.store` is empty: the analysis took the store over.)
    public var evidenceCounts = EvidenceCounts()
}



public enum ScanPipeline {
    public static func run(_ request: ScanRequest) -> ScanOutcome {
        var setup: [InputDiagnostic] = []
        var damaged = false

        let discovered = InputDiscovery.expand(request.paths, maxFiles: request.maxFiles)
        setup += discovered.diagnostics
        if discovered.diagnostics.contains(where: { $0.severity == .error }) { damaged = true }
        let partition = InputPartition(files: discovered.files, explicitlyNamed: Set(request.paths))
        if !partition.skipped.isEmpty {
            setup.append(InputDiagnostic(severity: .note, file: partition.skipped[0],
                                         message: "skipped \(partition.skipped.count) non-log file(s) found in directories (README, JSON, ...)"))
        }

        let postureLoad = PostureLoader.load(paths: request.posturePaths + partition.postureFiles)
        setup += postureLoad.diagnostics
        if postureLoad.diagnostics.contains(where: { $0.severity == .error }) { damaged = true }

        var options = AnalysisOptions(detectionTime: request.detectionTime)
        options.threads = request.ingest.threads
        let config = request.config
        options.learningDays = request.learningDays ?? config.learningDays ?? options.learningDays
        options.dormantDays = config.dormantDays ?? options.dormantDays
        options.approvedApps = Set((config.approvedApps ?? []).map { $0.lowercased() })
        for (name, settings) in config.apps ?? [:] {
            var keys: [NetworkKey] = []
            for spec in settings.expectedEgress ?? [] {
                if let k = TokenhoundConfig.networks(forEgress: spec) { keys += k } else {
                    setup.append(InputDiagnostic(severity: .warning, file: request.configPath ?? "config",
                                                 message: "apps.\(name).expected_egress: '\(spec)' is not a CIDR (IPv4 /16-/32, IPv6 /40-/128) or ASN"))
                }
            }
            options.expectedEgress[name.lowercased()] = keys
        }
        for u in config.integrationUsers ?? [] where u.privileged == true {
            if let id = SalesforceID(u.id) { options.privilegedUsers.insert(id) }
        }
        let enrichment = config.enrichment
        if let path = request.asnTablePath ?? enrichment?.asnTable {
            do { let (t, d) = try ASNTable.load(path: path); options.resolver = NetworkResolver(asnTable: t); setup += d }
            catch { setup.append(InputDiagnostic(severity: .error, file: path, message: "cannot read ASN table: \(error.localizedDescription)")); damaged = true }
        }
        if let path = request.torExitsPath ?? enrichment?.torExits {
            do { let (t, d) = try TorExitList.load(path: path); options.torExits = t; setup += d }
            catch { setup.append(InputDiagnostic(severity: .error, file: path, message: "cannot read Tor exit list: \(error.localizedDescription)")); damaged = true }
        }
        options.highRiskASNs = Set(enrichment?.highRiskASNs ?? [])
        for path in request.indicatorPackPaths + (enrichment?.indicatorPacks ?? []) {
            do { options.indicatorPacks.append(try IndicatorPack.load(path: path)) }
            catch { setup.append(InputDiagnostic(severity: .error, file: path, message: "cannot read indicator pack: \(error)")); damaged = true }
        }

        // Persisted state (docs/state.md): read only inputs the state does not hold, then analyse
        // state + new files together, exactly as one run over all of them would.
        var stateRun: StateRun? = nil
        var toRead = partition.logs
        var ingestOptions = request.ingest
        if let statePath = request.statePath {
            do {
                let run = try StateRun(path: statePath, readOnly: request.stateReadOnly)
                toRead = run.select(partition.logs, rescan: request.rescan)
                if run.info.filesSkipped > 0 {
                    setup.append(InputDiagnostic(severity: .note, file: statePath,
                                                 message: "skipped \(run.info.filesSkipped) file(s) already in the state; --rescan to read them again"))
                }
                ingestOptions.fileIDBase = run.nextID
                ingestOptions.keepFileStores = true
                stateRun = run
            } catch {
                setup.append(InputDiagnostic(severity: .error, file: statePath, message: "cannot use state: \(error)"))
                damaged = true
            }
        }

        let clock = ContinuousClock()
        var phases: [(phase: String, seconds: Double, peakRSSMB: Int)] = []
        func peakRSSMB() -> Int { ProcessResources.peakResidentBytes / 1_048_576 }
        let readStart = clock.now
        var ingest = Ingestor.ingest(files: toRead, options: ingestOptions)
        phases.append(("read", (clock.now - readStart).inSeconds, peakRSSMB()))
        // What the read freed (files' tables, merge and sort transients: ~70 MB at 10 GB) goes back to
        // the system, so the analysis grows from the store's live size rather than from the read's
        // high-water mark; what the analysis frees (usage sightings, volume tallies) it reuses.
        HeapTuning.trimFreedPages()
        if ingest.anyDamaged { damaged = true }
        // Moved, not copied: the analysis releases store parts it is done with, which only frees
        // memory if no other copy of the store is alive.
        var evidence = ingest.store
        ingest.store = EvidenceStore()
        var paths = ingest.paths
        var presentKinds = ingest.presentKinds
        var coverageInputs = ingest.outcomes
        var newStateFiles: [StoredFile] = []
        if let stateRun {
            let (snapshot, newFiles) = stateRun.snapshot(with: ingest, now: request.detectionTime)
            evidence = snapshot.store
            paths = snapshot.paths
            presentKinds = snapshot.presentKinds
            coverageInputs = snapshot.outcomes
            newStateFiles = newFiles
        }
        for p in evidence.privileges where p.modifyAllData || p.viewAllData || p.manageUsers {
            options.privilegedUsers.insert(p.assignee)
        }

        let evidenceCounts = EvidenceCounts(evidence)
        let analyseStart = clock.now
        let (analysis, context) = Analyzer.analyzeWithContext(store: consume evidence, postures: postureLoad.apps, files: paths,
                                                              presentKinds: presentKinds, options: options)
        phases.append(("analyse", (clock.now - analyseStart).inSeconds, peakRSSMB()))
        let suppression = SuppressionOutcome.apply(config.suppressions ?? [], to: analysis.findings, now: request.detectionTime)
        for s in suppression.expired {
            setup.append(InputDiagnostic(severity: .warning, file: request.configPath ?? "config", message: "suppression expired, not applied: \(s.label)"))
        }
        for s in suppression.invalid {
            setup.append(InputDiagnostic(severity: .warning, file: request.configPath ?? "config", message: "suppression has no valid 'until' date (YYYY-MM-DD), not applied: \(s.label)"))
        }

        var emitted = suppression.kept
        if let stateRun {
            emitted = stateRun.classify(suppression.kept)
            let derived = stateRun.info.readOnly ? StateDerived(apps: [], networks: []) : StateDerived.build(context: context)
            stateRun.save(ingest: ingest, newFiles: newStateFiles, emitted: emitted, derived: derived, now: request.detectionTime)
            if stateRun.info.heldBack > 0 {
                setup.append(InputDiagnostic(severity: .note, file: stateRun.info.path,
                                             message: "\(stateRun.info.heldBack) finding(s) already reported by earlier runs held back (reported again only if they escalate)"))
            }
            if stateRun.info.filesNotRecorded > 0 {
                setup.append(InputDiagnostic(severity: .warning, file: stateRun.info.path,
                                             message: "\(stateRun.info.filesNotRecorded) damaged file(s) analysed but not recorded in the state; a good copy will be read next time"))
            }
            if let e = stateRun.info.saveError {
                setup.append(InputDiagnostic(severity: .error, file: stateRun.info.path, message: "state not updated (previous state intact): \(e)"))
                damaged = true
            }
        }

        var report = ScanReport(toolVersion: ToolVersion.current, generatedAt: request.detectionTime)
        report.inputFiles = toRead.count
        report.rowsRead = ingest.outcomes.reduce(0) { $0 + $1.report.rows }
        report.observedFrom = analysis.observedFrom
        report.observedTo = analysis.observedTo
        report.apps = analysis.apps
        report.findings = emitted
        report.suppressedFindings = suppression.suppressed.count
        report.coverage = CoverageBuilder.build(outcomes: coverageInputs)
        report.rules = analysis.rules
        report.diagnostics = (setup + ingest.diagnostics).sorted()
        return ScanOutcome(report: report, ingest: ingest, postures: postureLoad.apps, analysis: analysis,
                           suppression: suppression, setupDiagnostics: setup, inputDamaged: damaged, state: stateRun?.info,
                           phaseSeconds: phases, evidenceCounts: evidenceCounts)
    }
}
