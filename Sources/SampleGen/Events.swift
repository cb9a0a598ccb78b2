import TokenHoundKit

/// One login session: the unit every later event joins on (LOGIN_KEY, SESSION_KEY, user, caller).
struct Session: Sendable {
    var user: User
    var app: ConnectedApp?
    var loginKey: String
    var sessionKey: String
    var ip: String
    var country: String
    var userAgent: String
    /// RestApi `USER_AGENT` is a numeric client code, not the UA string.
    var restClientCode: String
    /// RestApi `CONNECTED_APP_ID` appears as 15 or 18 characters.
    var appIDIn18: Bool
    var apiVersion: String
    var clientName: String = ""
    var tls: TLSProfile = .tls13

    var appID15: String { app?.id15 ?? "" }
}

struct TLSProfile: Sendable {
    var proto: String
    var cipher: String
    var historyProto: String
    static let tls13 = TLSProfile(proto: "TLSv1.3", cipher: "TLS_AES_256_GCM_SHA384", historyProto: "TLS 1.3")
    static let tls12 = TLSProfile(proto: "TLSv1.2", cipher: "ECDHE-RSA-AES256-GCM-SHA384", historyProto: "TLS 1.2")
}

/// A login outcome as ELF (`LOGIN_STATUS`) and LoginHistory (`Status`) spell it.
struct LoginStatus: Sendable, Equatable {
    var elf: String
    var history: String
    var success: Bool { elf == "LOGIN_NO_ERROR" }
    static let success = LoginStatus(elf: "LOGIN_NO_ERROR", history: "Success")
    static let invalidToken = LoginStatus(elf: "LOGIN_OAUTH_INVALID_TOKEN", history: "Failed: Invalid Token")
}

enum LoginKind: Sendable { case refreshToken, ui }

struct LoginEvent: Sendable {
    var time: EventTime
    var session: Session
    var kind: LoginKind
    var status: LoginStatus
    var requestID: String
    /// CLIENT_IP shows `Salesforce.com IP` instead of the caller (SOURCE_IP still has it).
    var clientIPInternal: Bool
    var runTime: Int
    var cpuTime: Int
    var dbTotalTime: Int
}

struct LogoutEvent: Sendable {
    var time: EventTime
    var session: Session
    var requestID: String
    var oauth: Bool
    var userInitiated: Bool
}

enum ApiFamily: String, Sendable { case rest = "REST", bulk = "Bulk" }

/// One API request: a RestApi row (REST family), an ApiTotalUsage row, and a UniqueQuery row when
/// it ran SOQL.
struct ApiCall: Sendable {
    var time: EventTime
    var session: Session
    var family: ApiFamily
    var method: String
    /// Path below the host, e.g. `/services/data/v58.0/query`.
    var uri: String
    var query: String
    var entity: String
    var rows: Int
    var responseSize: Int
    var statusCode: Int
    var runTime: Int
    var cpuTime: Int
    var dbTotalTime: Int
    var requestID: String
    var uriIDDerived: String = ""

    /// ApiTotalUsage `API_RESOURCE` (documented as `/v21.0/sobjects/Account/001...` for REST).
    var apiResource: String {
        if uri.hasPrefix("/services/data/") { return String(uri.dropFirst("/services/data".count)) }
        return uri
    }
}

/// A Bulk API 2.0 job state change (one BulkApi2 row).
struct BulkEvent: Sendable {
    var time: EventTime
    var session: Session
    var jobID: String
    var operation: String
    var entity: String
    var status: String
    var records: Int
    var failed: Int
    var uri: String
    var requestID: String
    var runTime: Int
    var cpuTime: Int
}

enum Event: Sendable {
    case login(LoginEvent)
    case logout(LogoutEvent)
    case api(ApiCall)
    case bulk(BulkEvent)

    var time: EventTime {
        switch self {
        case .login(let e): return e.time
        case .logout(let e): return e.time
        case .api(let e): return e.time
        case .bulk(let e): return e.time
        }
    }

    /// Orders events of the same millisecond deterministically (login before its calls).
    var rank: Int {
        switch self {
        case .login: return 0
        case .api: return 1
        case .bulk: return 2
        case .logout: return 3
        }
    }
}

/// Formats ELF timestamps without Foundation.
enum TimeFormat {
    /// `20250808120000.123`; with `trimFraction`, trailing zeros of the fraction are dropped
    /// (`.12`, or no fraction at all), as some real files show.
    static func elf(_ t: EventTime, trimFraction: Bool = false) -> String {
        let c = CivilTime(epochMillis: t.millis)
        return String(unsafeUninitializedCapacity: 18) { out in
            var i = 0
            func put(_ v: Int, _ width: Int) {
                var d = 1
                for _ in 1..<width { d *= 10 }
                var v = v
                while d > 0 { out[i] = UInt8(48 + v / d); v %= d; d /= 10; i += 1 }
            }
            put(c.year, 4); put(c.month, 2); put(c.day, 2); put(c.hour, 2); put(c.minute, 2); put(c.second, 2)
            var ms = c.millisecond, digits = 3
            if trimFraction { while digits > 0 && ms % 10 == 0 { ms /= 10; digits -= 1 } }
            if digits > 0 { out[i] = UInt8(ascii: "."); i += 1; put(ms, digits) }
            return i
        }
    }

    /// ISO 8601 with milliseconds, `2025-08-08T13:02:11.482Z` (TIMESTAMP_DERIVED).
    static func iso(_ t: EventTime) -> String {
        let c = CivilTime(epochMillis: t.millis)
        return String(unsafeUninitializedCapacity: 24) { out in
            var i = 0
            func put(_ v: Int, _ width: Int) {
                var d = 1
                for _ in 1..<width { d *= 10 }
                var v = v
                while d > 0 { out[i] = UInt8(48 + v / d); v %= d; d /= 10; i += 1 }
            }
            func ch(_ c: Character) { out[i] = c.asciiValue!; i += 1 }
            put(c.year, 4); ch("-"); put(c.month, 2); ch("-"); put(c.day, 2); ch("T")
            put(c.hour, 2); ch(":"); put(c.minute, 2); ch(":"); put(c.second, 2); ch("."); put(c.millisecond, 3); ch("Z")
            return i
        }
    }

    /// `2025-07-29T00:14:19.000+0000` (LoginHistory / sf data query), whole seconds.
    static func api(_ t: EventTime) -> String {
        let c = CivilTime(epochMillis: t.millis)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2))T\(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).000+0000"
    }

    /// `2025-08-08 13:02:11` for the README.
    static func human(_ t: EventTime) -> String {
        let c = CivilTime(epochMillis: t.millis)
        return "\(pad(c.year, 4))-\(pad(c.month, 2))-\(pad(c.day, 2)) \(pad(c.hour, 2)):\(pad(c.minute, 2)):\(pad(c.second, 2)).\(pad(c.millisecond, 3))Z"
    }

    static func pad(_ v: Int, _ width: Int) -> String {
        let s = String(v)
        let n = s.utf8.count
        return n >= width ? s : String(repeating: "0", count: width - n) + s
    }
}

extension EventTime {
    static func at(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0, _ second: Int = 0, _ ms: Int = 0) -> EventTime {
        CivilTime(year: year, month: month, day: day, hour: hour, minute: minute, second: second, millisecond: ms).eventTime
    }
    func plus(seconds: Double) -> EventTime { adding(millis: Int64((seconds * 1000).rounded())) }
    func plus(minutes: Double) -> EventTime { plus(seconds: minutes * 60) }
}
