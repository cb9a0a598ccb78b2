import TokenHoundKit

/// REST operations an integration performs, and the calls they turn into.
enum RestOp: Sendable {
    /// Incremental sync query on an object with the given fields.
    case syncQuery(entity: String, fields: String)
    case getRecord(entity: String)
    case patchRecord(entity: String)
    case createRecord(entity: String)
    case describe(entity: String)
    case sobjectsList
    case limits
    /// A fixed SOQL statement (recon, admin exports, secret searches).
    case soql(String, entity: String, rows: ClosedRange<Int>)
    case uiApiRecord(entity: String)
    case toolingQuery(String, entity: String)

    static let keyPrefix: [String: String] = [
        "Account": "001", "Contact": "003", "Lead": "00Q", "Opportunity": "006", "Case": "500",
        "Task": "00T", "User": "005", "Event": "00U", "Campaign": "701", "Organization": "00D",
    ]
}

/// Weighted operation mixes per kind of client.
enum Workloads {
    static let driftSync: [(RestOp, Int)] = [
        (.syncQuery(entity: "Contact", fields: "Id, Email, FirstName, LastName, AccountId, OwnerId"), 30),
        (.syncQuery(entity: "Lead", fields: "Id, Email, Company, Status, OwnerId"), 30),
        (.syncQuery(entity: "Account", fields: "Id, Name, Website, OwnerId"), 10),
        (.getRecord(entity: "Contact"), 10),
        (.patchRecord(entity: "Lead"), 12),
        (.createRecord(entity: "Task"), 8),
    ]
    static let zendeskSync: [(RestOp, Int)] = [
        (.syncQuery(entity: "Account", fields: "Id, Name, Phone, BillingCountry"), 25),
        (.syncQuery(entity: "Contact", fields: "Id, Email, Phone, AccountId"), 25),
        (.syncQuery(entity: "Case", fields: "Id, CaseNumber, Status, Subject"), 20),
        (.patchRecord(entity: "Case"), 15),
        (.getRecord(entity: "Account"), 15),
    ]
    static let outreachSync: [(RestOp, Int)] = [
        (.syncQuery(entity: "Lead", fields: "Id, Email, Status, OwnerId"), 25),
        (.syncQuery(entity: "Contact", fields: "Id, Email, Title, AccountId"), 25),
        (.syncQuery(entity: "Opportunity", fields: "Id, StageName, Amount, CloseDate"), 15),
        (.createRecord(entity: "Task"), 25),
        (.patchRecord(entity: "Contact"), 10),
    ]
    static let gearsetDevops: [(RestOp, Int)] = [
        (.toolingQuery("SELECT Id, Name, LastModifiedDate FROM ApexClass", entity: "ApexClass"), 30),
        (.toolingQuery("SELECT Id, DeveloperName FROM CustomObject", entity: "CustomObject"), 20),
        (.sobjectsList, 10),
        (.describe(entity: "Account"), 20),
        (.describe(entity: "Opportunity"), 20),
    ]
    static let tableauSync: [(RestOp, Int)] = [
        (.syncQuery(entity: "Opportunity", fields: "Id, Amount, StageName, CloseDate, OwnerId"), 35),
        (.syncQuery(entity: "Account", fields: "Id, Name, Industry, AnnualRevenue"), 25),
        (.syncQuery(entity: "Case", fields: "Id, Status, Priority, CreatedDate, ClosedDate"), 25),
        (.describe(entity: "Opportunity"), 15),
    ]
    static let snowflakeIncremental: [(RestOp, Int)] = [
        (.syncQuery(entity: "Opportunity", fields: "Id, Amount, StageName, SystemModstamp"), 40),
        (.syncQuery(entity: "Account", fields: "Id, Name, SystemModstamp"), 30),
        (.describe(entity: "Case"), 10),
        (.limits, 20),
    ]
    static let mobile: [(RestOp, Int)] = [
        (.uiApiRecord(entity: "Account"), 30),
        (.uiApiRecord(entity: "Opportunity"), 25),
        (.uiApiRecord(entity: "Contact"), 20),
        (.soql("SELECT Id, Subject, ActivityDate FROM Task WHERE OwnerId = :me AND IsClosed = false", entity: "Task", rows: 0...25), 15),
        (.patchRecord(entity: "Opportunity"), 10),
    ]
    static let adminDataLoader: [(RestOp, Int)] = [
        (.soql("SELECT Id, Name, Industry, OwnerId FROM Account", entity: "Account", rows: 8_000...9_500), 40),
        (.soql("SELECT Id, FirstName, LastName, Email, AccountId FROM Contact", entity: "Contact", rows: 20_000...24_000), 30),
        (.describe(entity: "Account"), 30),
    ]

    /// A value with a comma and double quotes: exercises RFC 4180 escaping in the ELF files.
    static let quotedNameLookup = RestOp.soql("SELECT Id, Name FROM Account WHERE Name = 'Acme \"West\" Holdings, Inc.'",
                                              entity: "Account", rows: 1...1)
}

/// Builds `ApiCall` values with realistic sizes and timings.
enum CallFactory {
    static func call(_ op: RestOp, session s: Session, at time: EventTime, rng: inout PRNG) -> ApiCall {
        let base = "/services/data/\(s.apiVersion)"
        var method = "GET", uri = base + "/query", query = "", entity = "", rows = 0, size = 0, idDerived = ""
        switch op {
        case .syncQuery(let e, let fields):
            entity = e
            let since = TimeFormat.apiSOQL(time.adding(millis: -Int64(rng.int(30...120)) * EventTime.minuteMillis))
            query = "SELECT \(fields) FROM \(e) WHERE SystemModstamp > \(since)"
            rows = rng.chance(0.3) ? 0 : rng.int(1...180)
            size = 320 + rows * rng.int(180...420)
        case .getRecord(let e):
            entity = e
            let id = recordID(e, &rng)
            uri = base + "/sobjects/\(e)/\(id)"
            idDerived = SalesforceID(id)?.description ?? ""
            rows = 1; size = rng.int(900...4_000)
        case .patchRecord(let e):
            entity = e; method = "PATCH"
            let id = recordID(e, &rng)
            uri = base + "/sobjects/\(e)/\(id)"
            idDerived = SalesforceID(id)?.description ?? ""
            rows = 1; size = 0
        case .createRecord(let e):
            entity = e; method = "POST"; uri = base + "/sobjects/\(e)/"
            rows = 1; size = rng.int(60...90)
        case .describe(let e):
            entity = e; uri = base + "/sobjects/\(e)/describe/"
            size = rng.int(150_000...420_000)
        case .sobjectsList:
            uri = base + "/sobjects/"
            size = rng.int(380_000...460_000)
        case .limits:
            uri = base + "/limits/"
            size = rng.int(9_000...11_000)
        case .soql(let q, let e, let r):
            entity = e; query = q
            rows = rng.int(r)
            size = q.hasPrefix("SELECT COUNT()") ? rng.int(40...60) : 300 + rows * rng.int(150...380)
        case .uiApiRecord(let e):
            entity = e
            let id = recordID(e, &rng)
            uri = base + "/ui-api/record-ui/\(id)"
            idDerived = SalesforceID(id)?.description ?? ""
            rows = 1; size = rng.int(12_000...60_000)
        case .toolingQuery(let q, let e):
            uri = base + "/tooling/query"; query = q; entity = e
            rows = rng.int(40...600); size = 300 + rows * 210
        }
        let run = 20 + rng.int(0...180) + min(rows / 20, 4_000)
        return ApiCall(time: time, session: s, family: .rest, method: method, uri: uri, query: query,
                       entity: entity, rows: rows, responseSize: size, statusCode: method == "PATCH" ? 204 : (method == "POST" ? 201 : 200),
                       runTime: run, cpuTime: max(3, run * rng.int(20...60) / 100), dbTotalTime: rng.int(1_000_000...90_000_000),
                       requestID: rng.requestID(), uriIDDerived: idDerived)
    }

    static func recordID(_ entity: String, _ rng: inout PRNG) -> String {
        let prefix = RestOp.keyPrefix[entity] ?? "a0X"
        return prefix + "5j00000" + rng.string(5, from: PRNG.base62)
    }

    /// The Bulk API 2.0 query job lifecycle: create (client POST), server state changes, result
    /// download (client GETs, ApiTotalUsage only) and optionally the client's DELETE.
    static func bulkQueryJob(session s: Session, entity: String, soql: String, records: Int, start: EventTime,
                             processingSeconds: Double, deleteAfterSeconds: Double?, operation: String = "query",
                             rng: inout PRNG) -> (events: [Event], jobID: String, completed: EventTime, deleted: EventTime?) {
        let jobID = "7505j00000" + rng.string(5, from: PRNG.base62)
        let base = "/services/data/\(s.apiVersion)/jobs/query"
        var out: [Event] = []
        func state(_ t: EventTime, _ status: String, _ recs: Int, uri: String, reqID: String) {
            out.append(.bulk(BulkEvent(time: t, session: s, jobID: jobID, operation: operation, entity: entity, status: status,
                                       records: recs, failed: 0, uri: uri, requestID: reqID,
                                       runTime: rng.int(40...400), cpuTime: rng.int(10...120))))
        }
        func client(_ t: EventTime, _ method: String, _ uri: String, size: Int) -> String {
            var c = call(.limits, session: s, at: t, rng: &rng)
            c.family = .bulk; c.method = method; c.uri = uri; c.entity = entity; c.rows = 0
            c.query = method == "POST" ? soql : ""
            c.responseSize = size; c.statusCode = method == "DELETE" ? 204 : 200
            out.append(.api(c))
            return c.requestID
        }
        let createReq = client(start, "POST", base, size: 380)
        state(start.plus(seconds: 0.2), "UploadComplete", 0, uri: base, reqID: createReq)
        state(start.plus(seconds: 1.3), "InProgress", 0, uri: base + "/\(jobID)", reqID: rng.requestID())
        let done = start.plus(seconds: processingSeconds)
        state(done, "JobComplete", records, uri: base + "/\(jobID)", reqID: rng.requestID())
        // Polls while it runs, then result pages (about 50k records per locator page).
        var t = start.plus(seconds: 5)
        while t < done {
            _ = client(t, "GET", base + "/\(jobID)", size: 520)
            t = t.plus(seconds: Double(rng.int(10...30)))
        }
        let pages = max(1, (records + 49_999) / 50_000)
        var pt = done.plus(seconds: 1.5)
        for _ in 0..<pages {
            _ = client(pt, "GET", base + "/\(jobID)/results", size: min(records, 50_000) * 260)
            pt = pt.plus(seconds: Double(rng.int(3...8)))
        }
        var deleted: EventTime? = nil
        if let after = deleteAfterSeconds {
            let dt = done.plus(seconds: after)
            let delReq = client(dt, "DELETE", base + "/\(jobID)", size: 0)
            state(dt.plus(seconds: 0.1), "Deleted", records, uri: base + "/\(jobID)", reqID: delReq)
            deleted = dt
        }
        return (out, jobID, done, deleted)
    }
}

extension TimeFormat {
    /// SOQL datetime literal `2025-08-08T11:00:00Z`.
    static func apiSOQL(_ t: EventTime) -> String {
        let c = CivilTime(epochMillis: t.millis)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2))Z"
    }
}
