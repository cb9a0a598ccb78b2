/// What one analysis produced.
public struct AnalysisResult: Sendable {
    public var findings: [Finding]
    public var apps: [AppActivitySummary]
    public var rules: [RuleAvailability]
    public var observedFrom: EventTime?
    public var observedTo: EventTime?
    /// Refresh usage per app label (lowercased), for the posture report.
    public var refreshUsage: [String: AppRefreshUsage]
}

/// Runs every rule over a merged, canonical `EvidenceStore`. Pure: the same store, postures and
/// options give the same findings in the same order, whatever order the files were read in.
public enum Analyzer {
    public static func analyze(store: EvidenceStore, postures: [AppPosture], files: [String],
                               presentKinds: Set<LogKind>, options: AnalysisOptions) -> AnalysisResult {
        analyzeWithContext(store: store, postures: postures, files: files, presentKinds: presentKinds, options: options).result
    }

    /// `analyze`, also returning the shared context (attributed grants, baselines) so persisted
    /// state can derive its analyst tables without attributing every grant a second time.
    /// Takes the store over (see `AnalysisContext.init`).
    static func analyzeWithContext(store: consuming EvidenceStore, postures: [AppPosture], files: [String],
                                   presentKinds: Set<LogKind>, options: AnalysisOptions) -> (result: AnalysisResult, context: AnalysisContext) {
        let context = AnalysisContext(store: consume store, postures: postures, files: files, options: options)
        let builder = FindingBuilder(context: context)
        let replay = ReplayRules(context: context, builder: builder).run()
        // Rules 5-8 skip the activity replay findings claimed; the app-level rules and the apps'
        // summaries need no finding: the two run side by side.
        let ((activity, summaries), appLevel) = OrderedParallel.pair(threads: options.threads, {
            (ActivityRules(context: context, builder: builder, claimedSessions: replay.claimedSessions,
                           claimedAddressDays: replay.claimedAddressDays, claimedJobs: replay.claimedJobs).run(),
             AppSummaryBuilder(context: context).summaries())
        }, {
            VolumeRule(context: context, builder: builder).run() + AppInventoryRule(context: context, builder: builder).run()
                + DormantHoldingsRule(context: context, builder: builder).run()
        })
        var findings = replay.findings + activity + appLevel
        findings.sort(by: Self.findingOrder)
        let apps = AppSummaryBuilder.addingFindings(findings, to: summaries)
        let result = AnalysisResult(findings: findings, apps: apps,
                                    rules: availability(context: context, presentKinds: presentKinds, postures: postures),
                                    observedFrom: context.dataStart, observedTo: context.dataEnd,
                                    refreshUsage: AppSummaryBuilder(context: context).refreshUsage())
        return (result, context)
    }

    /// Highest level and risk first, then time, rule, app, user: a total order.
    public static func findingOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.level != b.level { return a.level > b.level }
        if a.riskScore != b.riskScore { return a.riskScore > b.riskScore }
        if a.firstSeen != b.firstSeen { return a.firstSeen < b.firstSeen }
        return (a.ruleID, a.app.key, a.user.id ?? "", a.network ?? "", a.id) < (b.ruleID, b.app.key, b.user.id ?? "", b.network ?? "", b.id)
    }

    static func availability(context: AnalysisContext, presentKinds: Set<LogKind>, postures: [AppPosture]) -> [RuleAvailability] {
        let hasGrants = context.grants.contains { $0.isRefreshLike }
        let hasSessions = !presentKinds.isDisjoint(with: [.restApi, .api, .bulkApiRequest, .apiTotalUsage, .uniqueQuery])
        let hasBulk = presentKinds.contains(.bulkApi2)
        let hasQueries = !presentKinds.isDisjoint(with: [.restApi, .api, .uniqueQuery])
        let hasVolume = !presentKinds.isDisjoint(with: [.apiTotalUsage, .restApi, .api])
        let hasTor = !(context.options.torExits?.isEmpty ?? true) || !context.options.highRiskASNs.isEmpty
        return RuleCatalog.all.map { rule in
            var missing: [String] = []
            for req in rule.requires {
                let ok: Bool
                switch req {
                case .refreshGrants: ok = hasGrants
                case .sessionActivity: ok = hasSessions
                case .bulkJobs: ok = hasBulk
                case .queries: ok = hasQueries
                case .apiVolume: ok = hasVolume
                case .posture: ok = !postures.isEmpty
                case .torList: ok = hasTor
                }
                if !ok { missing.append(req.rawValue) }
            }
            return RuleAvailability(ruleID: rule.id, title: rule.title, canRun: missing.isEmpty,
                                    reason: missing.isEmpty ? "inputs present" : "missing: " + missing.joined(separator: "; "))
        }
    }
}

extension AppRef {
    var key: String { "\(name ?? "")|\(id ?? "")" }
}
