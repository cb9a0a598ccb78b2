/// A notable action taken with a session: recon, queries, bulk jobs, secret searches. Only rows
/// that match a pattern become steps (allocation happens only for those).
///
/// Laid out for size (a store keeps hundreds of thousands): the request id is inline
/// (`InlineToken`), `detail` is shared between equal steps (`EvidenceStore` interns it), and the
/// one-byte kind sits in the token's padding: 64 bytes a step, no heap block of its own.
public struct ActivityStep: Hashable, Sendable, Comparable {
    public var time: EventTime
    public var detail: String
    var requestIDToken: InlineToken
    public var kind: ChainStep.Kind
    public var location: RowLocation

    public var requestID: String {
        get { requestIDToken.description }
        set { requestIDToken = InlineToken(newValue) }
    }

    public init(time: EventTime, kind: ChainStep.Kind, detail: String, requestID: String, location: RowLocation) {
        self.init(time: time, kind: kind, detail: detail, requestID: InlineToken(requestID), location: location)
    }

    init(time: EventTime, kind: ChainStep.Kind, detail: String, requestID: InlineToken, location: RowLocation) {
        self.time = time; self.kind = kind; self.detail = detail; self.requestIDToken = requestID; self.location = location
    }

    public static func < (a: ActivityStep, b: ActivityStep) -> Bool {
        (a.time, a.location, a.detail) < (b.time, b.location, b.detail)
    }
}

/// What one session (LOGIN_KEY), or one user+IP+day where no key exists, did: everything a file's
/// rows said, which persisted state keeps per file. The store the analysis reads keeps sessions and
/// address-days in a slimmer form (`ActivityTable`).
public struct SessionActivity: Sendable {
    public static let maxSteps = 64

    public var appID: SalesforceID?
    public var user: SalesforceID?
    public var firstTime: EventTime
    public var lastTime: EventTime
    public var calls: Int
    public var rows: Int64
    public var bytes: Int64
    /// The earliest notable steps (at most `maxSteps`), sorted; `droppedSteps` counts the rest.
    public var steps: [ActivityStep]
    public var droppedSteps: Int

    public init(time: EventTime) {
        appID = nil; user = nil; firstTime = time; lastTime = time; calls = 0; rows = 0; bytes = 0; steps = []; droppedSteps = 0
    }

    mutating func note(time: EventTime, rows r: Int64, bytes b: Int64) {
        if time < firstTime { firstTime = time }
        if time > lastTime { lastTime = time }
        calls += 1; rows += r; bytes += b
    }

    mutating func add(step: ActivityStep) {
        steps.append(step)
        if steps.count > 2 * Self.maxSteps { compact() }
    }

    /// Keeps the earliest `maxSteps` distinct steps (see `keepEarliest`); counts the rest dropped.
    mutating func compact() {
        let dropped = Self.keepEarliest(&steps)
        droppedSteps += dropped
    }

    /// Sorts `steps` and keeps the earliest `maxSteps` distinct ones; returns how many distinct
    /// steps it dropped. Keeping "earliest under a total order" is what makes merging per-file
    /// partial results independent of file order. Shared by the per-file form (`compact`) and the
    /// merged store's sessions and address-days (`ActivityTable`), which must keep the same steps.
    ///
    /// The kept steps get an array of their own, sized for them: appending past `maxSteps` and
    /// trimming after would leave every busy session holding twice the steps' worth of capacity.
    static func keepEarliest(_ steps: inout [ActivityStep]) -> Int {
        steps.sort()
        var kept: [ActivityStep] = []
        kept.reserveCapacity(min(steps.count, maxSteps))
        var dropped = 0
        // The distinct steps of the current run of equal times. Copies of one row (an hourly and a
        // daily file) share time, request id and detail, not location, so another step of the same
        // millisecond can sort between them: a step is compared with its whole run, not only the
        // step before, or which copies survive would depend on which files were merged first.
        var run: [ActivityStep] = []
        for s in steps {
            if let first = run.first, first.time == s.time {
                if run.contains(where: { $0.requestIDToken == s.requestIDToken && $0.detail == s.detail }) { continue }
            } else {
                run.removeAll(keepingCapacity: true)
            }
            run.append(s)
            if kept.count < maxSteps { kept.append(s) } else { dropped += 1 }
        }
        steps = kept
        return dropped
    }

    mutating func merge(_ other: SessionActivity) {
        if appID == nil || (other.appID != nil && other.appID! < appID!) { appID = other.appID ?? appID }
        if user == nil || (other.user != nil && other.user! < user!) { user = other.user ?? user }
        firstTime = min(firstTime, other.firstTime)
        lastTime = max(lastTime, other.lastTime)
        calls += other.calls; rows += other.rows; bytes += other.bytes
        droppedSteps += other.droppedSteps
        steps += other.steps
        compact()
    }
}
