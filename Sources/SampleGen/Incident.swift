import TokenHoundKit

/// One line of an incident timeline, recorded while the script is built (for the README and the
/// benchmark summary).
struct TimelineEntry {
    var time: EventTime
    var ip: String
    var userAgent: String
    var loginKey: String
    var text: String
}

/// The Salesloft Drift / UNC6395 replay as the logs showed it: refresh grants for the victim
/// integration user from new infrastructure with scripting agents, recon on the recon grant's
/// session, a Bulk API 2.0 export of Case deleted about 24 s after completion, one secret-hunting
/// query, and a second-day check that the token still works.
struct ReplayIncident {
    var app: ConnectedApp
    var user: User
    var start: EventTime
    var reconIP = Networks.attackerRecon
    var exfilIP = Networks.attackerExfil
    var reconUA = "Salesforce-Multi-Org-Fetcher/1.0"
    var exfilUA = "python-requests/2.32.4"
    var caseRecords = 48_213
    var apiVersion = "v58.0"

    func build(rng: inout PRNG) -> (events: [Event], timeline: [TimelineEntry]) {
        var events: [Event] = []
        var timeline: [TimelineEntry] = []
        func session(_ ip: String, _ ua: String) -> Session {
            Grants.session(user: user, app: app, place: Place(ip: ip, country: "US"), userAgent: ua,
                           restClientCode: "5001", apiVersion: apiVersion, tls: .tls12, rng: &rng)
        }
        // Exfiltration grants log CLIENT_IP as `Salesforce.com IP` (only SOURCE_IP names the caller).
        func grant(_ s: Session, _ t: EventTime, _ note: String) {
            events.append(.login(Grants.refreshGrant(s, at: t, internalShare: s.ip == exfilIP ? 1 : 0, rng: &rng)))
            timeline.append(TimelineEntry(time: t, ip: s.ip, userAgent: s.userAgent, loginKey: s.loginKey, text: note))
        }
        func call(_ s: Session, _ t: EventTime, _ op: RestOp, _ note: String, rows: Int? = nil) {
            var c = CallFactory.call(op, session: s, at: t, rng: &rng)
            if let r = rows { c.rows = r }
            events.append(.api(c))
            timeline.append(TimelineEntry(time: t, ip: s.ip, userAgent: s.userAgent, loginKey: s.loginKey,
                                          text: note + " " + (c.query.isEmpty ? "`\(c.method) \(c.uri)`" : "`\(c.query)`")))
        }

        // 1. Recon grant and enumeration on its session.
        let recon = session(reconIP, reconUA)
        grant(recon, start, "refresh-token grant (recon infrastructure, AWS)")
        var t = start.plus(seconds: 2.1)
        call(recon, t, .sobjectsList, "recon:")
        t = t.plus(seconds: 2.2); call(recon, t, .describe(entity: "Case"), "recon:")
        for obj in ["Account", "Contact", "User", "Case", "Opportunity"] {
            t = t.plus(seconds: 2.4 + rng.unit())
            call(recon, t, .soql("SELECT COUNT() FROM \(obj)", entity: obj, rows: 1...1), "recon:")
        }
        t = t.plus(seconds: 3.6)
        call(recon, t, .soql("SELECT Id, Username, LastLoginDate FROM User ORDER BY LastLoginDate DESC LIMIT 20", entity: "User", rows: 20...20), "recon:")
        t = t.plus(seconds: 2.9); call(recon, t, .limits, "recon:")
        t = t.plus(seconds: 2.7)
        call(recon, t, .soql("SELECT Id, Name, OrganizationType, InstanceName, IsSandbox FROM Organization", entity: "Organization", rows: 1...1), "recon:")

        // 2. Exfiltration grant: Bulk API 2.0 query job on Case, deleted ~24 s after completion.
        let exfilAt = start.plus(seconds: 38 * 60 + 55.6)
        let exfil = session(exfilIP, exfilUA)
        grant(exfil, exfilAt, "refresh-token grant (exfiltration infrastructure, DigitalOcean)")
        let soql = "SELECT Id, CaseNumber, Subject, Description, Status, Priority, ContactId, AccountId, CreatedDate FROM Case"
        let job = CallFactory.bulkQueryJob(session: exfil, entity: "Case", soql: soql, records: caseRecords,
                                           start: exfilAt.plus(seconds: 2.4), processingSeconds: 221.7,
                                           deleteAfterSeconds: 24.0, rng: &rng)
        events.append(contentsOf: job.events)
        timeline.append(TimelineEntry(time: exfilAt.plus(seconds: 2.4), ip: exfil.ip, userAgent: exfil.userAgent, loginKey: exfil.loginKey,
                                      text: "Bulk API 2.0 query job `\(job.jobID)` created on Case: `\(soql)`"))
        timeline.append(TimelineEntry(time: job.completed, ip: exfil.ip, userAgent: exfil.userAgent, loginKey: exfil.loginKey,
                                      text: "job `\(job.jobID)` JobComplete, RECORDS_PROCESSED \(caseRecords); results downloaded"))
        if let d = job.deleted {
            timeline.append(TimelineEntry(time: d, ip: exfil.ip, userAgent: exfil.userAgent, loginKey: exfil.loginKey,
                                          text: "job `\(job.jobID)` DELETED 24 s after completion (anti-forensics)"))
        }

        // 3. Secret hunting on the same session.
        let hunt = job.deleted!.plus(seconds: 251.3)
        call(exfil, hunt, .soql("SELECT Id, CaseNumber, Subject, Description FROM Case WHERE Description LIKE '%AKIA%'", entity: "Case", rows: 7...7),
             "secret hunting:")

        // 4. Next night: both lineages check the token still works.
        let back = start.plus(seconds: 13 * 3600 + 15 * 60 + 29.2)
        let recon2 = session(reconIP, exfilUA)
        grant(recon2, back, "refresh-token grant (token still valid?)")
        call(recon2, back.plus(seconds: 1.8), .limits, "check:")
        call(recon2, back.plus(seconds: 4.1), .soql("SELECT COUNT() FROM Contact", entity: "Contact", rows: 1...1), "check:")
        let exfil2At = back.plus(seconds: 97.5)
        let exfil2 = session(exfilIP, exfilUA)
        grant(exfil2, exfil2At, "refresh-token grant")
        call(exfil2, exfil2At.plus(seconds: 2.2), .soql("SELECT COUNT() FROM Account", entity: "Account", rows: 1...1), "check:")
        return (events, timeline)
    }
}
