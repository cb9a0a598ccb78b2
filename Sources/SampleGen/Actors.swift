import TokenHoundKit

/// Something in the org that produces events over time. The simulation asks each actor, hour by
/// hour, for its events before the hour's end; an actor plans ahead (a session's calls may run past
/// the hour) and keeps the not-yet-due events pending. Memory stays bounded by one session.
class SimActor {
    var rng: PRNG
    private var pending: [Event] = []
    private var plannedDays: Int64 = Int64.min

    init(rng: PRNG) { self.rng = rng }

    /// Override: schedule events of activity that starts before `end`.
    func plan(until end: EventTime) {}

    /// Override: schedule a whole UTC day's activity (called once, at the day's first hour).
    func planDay(start: EventTime) {}

    final func schedule(_ e: Event) { pending.append(e) }
    final func schedule(_ es: [Event]) { pending.append(contentsOf: es) }

    final func drain(hourStart: EventTime, hourEnd: EventTime, into out: inout [Event]) {
        let day = hourStart.dayIndex
        if day != plannedDays {
            plannedDays = day
            planDay(start: EventTime(millis: day * EventTime.dayMillis))
        }
        plan(until: hourEnd)
        guard !pending.isEmpty else { return }
        var keep: [Event] = []
        for e in pending {
            if e.time < hourEnd { out.append(e) } else { keep.append(e) }
        }
        pending = keep
    }
}

/// Shared helpers for building sessions and grant rows.
enum Grants {
    static func session(user: User, app: ConnectedApp?, place: Place, userAgent: String, restClientCode: String,
                        apiVersion: String, clientName: String = "", tls: TLSProfile = .tls13, rng: inout PRNG) -> Session {
        Session(user: user, app: app, loginKey: rng.loginKey(), sessionKey: rng.loginKey(), ip: place.ip,
                country: place.country, userAgent: userAgent, restClientCode: restClientCode,
                appIDIn18: rng.chance(0.5), apiVersion: apiVersion, clientName: clientName, tls: tls)
    }

    static func refreshGrant(_ s: Session, at t: EventTime, status: LoginStatus = .success, internalShare: Double = 0.7,
                             rng: inout PRNG) -> LoginEvent {
        LoginEvent(time: t, session: s, kind: .refreshToken, status: status, requestID: rng.requestID(),
                   clientIPInternal: rng.chance(internalShare), runTime: rng.int(60...1_300), cpuTime: rng.int(15...140),
                   dbTotalTime: rng.int(20_000_000...1_100_000_000))
    }

    static func uiLogin(_ s: Session, at t: EventTime, rng: inout PRNG) -> LoginEvent {
        LoginEvent(time: t, session: s, kind: .ui, status: .success, requestID: rng.requestID(), clientIPInternal: false,
                   runTime: rng.int(150...900), cpuTime: rng.int(40...200), dbTotalTime: rng.int(40_000_000...400_000_000))
    }
}

/// How an integration behaves: egress, user agent, cadence and workload.
struct IntegrationProfile {
    var app: ConnectedApp
    var user: User
    var userAgent: String
    var restClientCode: String
    var apiVersion: String
    var clientName: String = ""
    var tls: TLSProfile = .tls13
    /// Egress for a grant at a time (vendor re-platforming, active/active regions...).
    var egress: (EventTime, inout PRNG) -> Place
    /// Minutes between refresh-token grants.
    var refreshMinutes: ClosedRange<Int>
    var callsPerSession: ClosedRange<Int>
    var workload: [(RestOp, Int)]
    var nightlyBulk: NightlyBulk? = nil
    var firstGrant: EventTime
    var internalClientIPShare = 0.7
}

struct NightlyBulk {
    var hour: Int
    var jobs: [(entity: String, soql: String, records: ClosedRange<Int>)]
    /// The client deletes finished jobs after this many seconds (nil: leaves them).
    var deleteAfterSeconds: ClosedRange<Int>?
}

/// A server-to-server integration refreshing its access token every one to two hours.
final class IntegrationActor: SimActor {
    let p: IntegrationProfile
    private var nextGrant: EventTime
    private var current: Session?

    init(_ p: IntegrationProfile, rng: PRNG) {
        self.p = p
        nextGrant = p.firstGrant
        super.init(rng: rng)
    }

    override func plan(until end: EventTime) {
        while nextGrant < end {
            let t = nextGrant
            let interval = Double(rng.int(p.refreshMinutes)) + rng.unit()
            nextGrant = t.plus(minutes: interval)
            let s = Grants.session(user: p.user, app: p.app, place: p.egress(t, &rng), userAgent: p.userAgent,
                                   restClientCode: p.restClientCode, apiVersion: p.apiVersion, clientName: p.clientName,
                                   tls: p.tls, rng: &rng)
            current = s
            schedule(.login(Grants.refreshGrant(s, at: t, internalShare: p.internalClientIPShare, rng: &rng)))
            let n = rng.int(p.callsPerSession)
            let span = interval * 60 * 0.9
            var offsets = (0..<n).map { _ in 0.4 + rng.unit() * span }
            offsets.sort()
            for o in offsets {
                schedule(.api(CallFactory.call(rng.weighted(p.workload), session: s, at: t.plus(seconds: o), rng: &rng)))
            }
        }
    }

    override func planDay(start: EventTime) {
        guard let nb = p.nightlyBulk else { return }
        var t = start.plus(minutes: Double(nb.hour * 60 + rng.int(2...20)))
        // The nightly run gets its own grant from the same egress.
        let s = Grants.session(user: p.user, app: p.app, place: p.egress(t, &rng), userAgent: p.userAgent,
                               restClientCode: p.restClientCode, apiVersion: p.apiVersion, clientName: p.clientName,
                               tls: p.tls, rng: &rng)
        guard t >= p.firstGrant else { return }
        schedule(.login(Grants.refreshGrant(s, at: t, internalShare: p.internalClientIPShare, rng: &rng)))
        t = t.plus(seconds: 2 + rng.unit() * 3)
        for job in nb.jobs {
            let recs = rng.int(job.records)
            let processing = 20 + Double(recs) / 900 + rng.unit() * 30
            let del = nb.deleteAfterSeconds.map { Double(rng.int($0)) }
            let r = CallFactory.bulkQueryJob(session: s, entity: job.entity, soql: job.soql, records: recs, start: t,
                                             processingSeconds: processing, deleteAfterSeconds: del, rng: &rng)
            schedule(r.events)
            t = (r.deleted ?? r.completed).plus(seconds: 30 + rng.unit() * 60)
        }
    }
}

/// A human using the Salesforce mobile app from carrier networks: a few grants a day, each from
/// whatever address the carrier hands out.
final class MobileUserActor: SimActor {
    let user: User
    let app: ConnectedApp
    let userAgent: String
    let from: EventTime

    init(user: User, app: ConnectedApp, userAgent: String, from: EventTime, rng: PRNG) {
        self.user = user; self.app = app; self.userAgent = userAgent; self.from = from
        super.init(rng: rng)
    }

    override func planDay(start: EventTime) {
        guard start >= from.adding(millis: -EventTime.dayMillis + 1) else { return }
        let weekday = Int((start.dayIndex + 3) % 7) // 0 = Monday
        let count = weekday >= 5 ? rng.int(0...1) : rng.int(1...4)
        var minutes = (0..<count).map { _ in rng.int(12 * 60...(24 + 2) * 60) } // US daytime in UTC
        minutes.sort()
        for m in minutes where m < 24 * 60 {
            let t = start.plus(minutes: Double(m) + rng.unit())
            if t < from { continue }
            let s = Grants.session(user: user, app: app, place: Networks.mobileCarrier(&rng), userAgent: userAgent,
                                   restClientCode: "4120", apiVersion: "v61.0", rng: &rng)
            schedule(.login(Grants.refreshGrant(s, at: t, internalShare: 0.5, rng: &rng)))
            var ct = t
            for _ in 0..<rng.int(1...5) {
                ct = ct.plus(seconds: Double(rng.int(3...240)) + rng.unit())
                schedule(.api(CallFactory.call(rng.weighted(Workloads.mobile), session: s, at: ct, rng: &rng)))
            }
            if rng.chance(0.08) {
                schedule(.logout(LogoutEvent(time: ct.plus(seconds: 30), session: s, requestID: rng.requestID(),
                                             oauth: true, userInitiated: true)))
            }
        }
    }
}

/// An employee logging in to the web UI from the office or VPN on workdays.
final class WebUserActor: SimActor {
    let user: User
    let places: [String]

    init(user: User, places: [String], rng: PRNG) {
        self.user = user; self.places = places
        super.init(rng: rng)
    }

    override func planDay(start: EventTime) {
        let weekday = Int((start.dayIndex + 3) % 7)
        guard weekday < 5, rng.chance(0.85) else { return }
        let t = start.plus(minutes: Double(rng.int(13 * 60...17 * 60)) + rng.unit())
        let s = Grants.session(user: user, app: nil, place: Place(ip: rng.pick(places), country: "US"),
                               userAgent: rng.pick(Self.browsers), restClientCode: "", apiVersion: "v61.0", rng: &rng)
        schedule(.login(Grants.uiLogin(s, at: t, rng: &rng)))
        schedule(.logout(LogoutEvent(time: t.plus(minutes: Double(rng.int(25...420)) + rng.unit()), session: s,
                                     requestID: rng.requestID(), oauth: false, userInitiated: rng.chance(0.6))))
    }

    static let browsers = [
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15",
    ]
}

/// Pre-built events (the incident, the traps, occasional admin sessions).
final class ScriptedActor: SimActor {
    init(events: [Event], rng: PRNG) {
        super.init(rng: rng)
        schedule(events)
    }
}
