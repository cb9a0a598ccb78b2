/// Which export an authentication row came from.
public enum AuthSource: UInt8, Sendable, Codable, Comparable {
    case eventLogLogin = 1   // ELF Login
    case loginHistory = 2    // LoginHistory export
    case loginEvent = 3      // LoginEvent export (carries LoginKey + Application)
    public static func < (a: AuthSource, b: AuthSource) -> Bool { a.rawValue < b.rawValue }
}

/// What kind of OAuth grant a row records.
public enum GrantFlow: UInt8, Sendable, Codable {
    /// `LOGIN_SUB_TYPE` says refresh token (`oauthrefreshtoken`, `OAuth Refresh Token`, hybrid refresh).
    case refreshToken = 1
    /// Another OAuth flow (password, code, JWT, client credentials, ...).
    case otherOAuth = 2
    /// A token-endpoint row whose file lacks `LOGIN_SUB_TYPE` (or has it empty): an OAuth grant,
    /// flow unknown. Treated as a possible refresh grant and labelled so.
    case unknownOAuth = 3
}

/// One authentication row that touched the OAuth token endpoint (or, for exports, an OAuth login):
/// the unit every replay detection reasons about. Non-OAuth logins are only counted.
///
/// Stored compactly, since a store keeps one per grant (80 bytes, pinned by a test): the request
/// id (up to 22 ASCII bytes) and LOGIN_KEY (up to 18) packed seven bits a byte (`SevenBitText`),
/// the source address as two words (IPv4 and IPv6 alike), and the text that repeats across a
/// user's grants (user id, user agent, user name, type, status, ...) in one `AuthDetailsBox` that
/// `EvidenceStore` shares between every event with the same text. What does not fit (longer or
/// non-ASCII tokens, unparsed addresses) is kept as written in an `AuthOverflow` of the event's
/// own, in the same reference slot. The properties read and write as before, and read back
/// exactly what was written.
public struct AuthEvent: Sendable {
    public var time: EventTime
    public var location: RowLocation
    /// The shared details, or (rarely) the event's own overflow holding them and what did not fit.
    private var held: Held
    /// The address's `IPAddress.high` and `low` when `form.address` is `.v4` or `.v6`.
    private var addressHigh: UInt64
    private var addressLow: UInt64
    /// The request id's bytes 0..<9 and 9..<18 (`SevenBitText`) unless `form.requestIDOverflows`.
    private var requestIDHead: UInt64
    private var requestIDMiddle: UInt64
    /// The LOGIN_KEY's bytes 0..<9 and 9..<18 when `form.loginKey == .inline`.
    private var loginKeyHead: UInt64
    private var loginKeyTail: UInt64
    /// The request id's bytes 18..<22.
    private var requestIDTail: UInt32
    public var source: AuthSource
    public var flow: GrantFlow
    public var succeeded: Bool
    private var form: Form

    /// Where each of the request id, LOGIN_KEY and source address is held, in one byte.
    struct Form: Sendable {
        var bits: UInt8
        enum Place: UInt8 { case absent = 0, inline = 1, overflow = 2 }
        enum AddressPlace: UInt8 { case v4 = 0, v6 = 1, salesforceInternal = 2, empty = 3, overflow = 4 }
        var address: AddressPlace {
            get { AddressPlace(rawValue: bits & 7)! }
            set { bits = bits & ~7 | newValue.rawValue }
        }
        var loginKey: Place {
            get { Place(rawValue: (bits >> 3) & 3)! }
            set { bits = bits & ~(3 << 3) | newValue.rawValue << 3 }
        }
        var requestIDOverflows: Bool {
            get { bits & 32 != 0 }
            set { bits = newValue ? bits | 32 : bits & ~32 }
        }
    }

    /// Both cases are class references, so this is one word (the pointer's spare bits tell them apart).
    private enum Held: Sendable {
        case shared(AuthDetailsBox)
        case own(AuthOverflow)
    }

    /// The user id when it parsed as one (an id of either length, held in its 18-character form).
    public var user: SalesforceID? {
        get { details.values.user }
        set { details = details.with { $0.user = newValue } }
    }
    /// ELF: `SOURCE_IP` (the caller; `CLIENT_IP` is often `Salesforce.com IP` on token rows).
    public var sourceAddress: SourceAddress {
        get {
            switch form.address {
            case .v4: return .address(IPAddress(v4: UInt32(truncatingIfNeeded: addressLow)))
            case .v6: return .address(IPAddress(v6High: addressHigh, v6Low: addressLow))
            case .salesforceInternal: return .salesforceInternal
            case .empty: return .empty
            case .overflow: return overflow!.address!
            }
        }
        set { store(requestID: requestID, loginKey: loginKey, address: newValue, details: details) }
    }
    /// The repeated text, shared between events (`EvidenceStore` interns it).
    var details: AuthDetailsBox {
        get {
            switch held {
            case .shared(let box): return box
            case .own(let o): return o.details
            }
        }
        set {
            switch held {
            case .shared: held = .shared(newValue)
            case .own(let o): held = .own(o.with(details: newValue))
            }
        }
    }
    private var overflow: AuthOverflow? {
        if case .own(let o) = held { return o }
        return nil
    }

    /// The user id as written when it did not parse as an id (anonymised exports), else nil.
    public var rawUser: String? {
        get { details.values.rawUser }
        set { details = details.with { $0.rawUser = newValue } }
    }
    public var userName: String? {
        get { details.values.userName }
        set { details = details.with { $0.userName = newValue } }
    }
    public var userAgent: String {
        get { details.values.userAgent }
        set { details = details.with { $0.userAgent = newValue } }
    }
    public var loginKey: String? {
        get {
            switch form.loginKey {
            case .absent: return nil
            case .inline: return SevenBitText.string(loginKeyHead, loginKeyTail, 0)
            case .overflow: return overflow!.loginKey!
            }
        }
        set { store(requestID: requestID, loginKey: newValue, address: sourceAddress, details: details) }
    }
    public var requestID: String {
        get { form.requestIDOverflows ? overflow!.requestID! : SevenBitText.string(requestIDHead, requestIDMiddle, requestIDTail) }
        set { store(requestID: newValue, loginKey: loginKey, address: sourceAddress, details: details) }
    }
    /// `LOGIN_TYPE` code (ELF) or label (exports), as written.
    public var loginType: String {
        get { details.values.loginType }
        set { details = details.with { $0.loginType = newValue } }
    }
    /// `LOGIN_STATUS` / `Status` as written.
    public var status: String {
        get { details.values.status }
        set { details = details.with { $0.status = newValue } }
    }
    /// Exports only: the connected app's label (`Application`).
    public var application: String? {
        get { details.values.application }
        set { details = details.with { $0.application = newValue } }
    }
    /// ELF `API_VERSION` etc. are not kept; `TLS_PROTOCOL` helps fingerprinting.
    public var tlsProtocol: String? {
        get { details.values.tlsProtocol }
        set { details = details.with { $0.tlsProtocol = newValue } }
    }
    public var countryCode: String? {
        get { details.values.countryCode }
        set { details = details.with { $0.countryCode = newValue } }
    }

    public init(source: AuthSource, time: EventTime, user: SalesforceID?, rawUser: String? = nil, userName: String? = nil,
                sourceAddress: SourceAddress, userAgent: String, loginKey: String?, requestID: String, flow: GrantFlow,
                loginType: String, status: String, succeeded: Bool, application: String? = nil,
                tlsProtocol: String? = nil, countryCode: String? = nil, location: RowLocation) {
        self.time = time; self.location = location
        self.source = source; self.flow = flow; self.succeeded = succeeded
        let details = AuthDetailsBox(AuthDetails(user: user, rawUser: rawUser, userName: userName, userAgent: userAgent,
                                                 loginType: loginType, status: status, application: application,
                                                 tlsProtocol: tlsProtocol, countryCode: countryCode))
        held = .shared(details); addressHigh = 0; addressLow = 0; requestIDHead = 0; requestIDMiddle = 0
        loginKeyHead = 0; loginKeyTail = 0; requestIDTail = 0; form = Form(bits: 0)
        store(requestID: requestID, loginKey: loginKey, address: sourceAddress, details: details)
    }

    /// Sets the request id, LOGIN_KEY, address and details, each inline when it fits and in an
    /// overflow of this event's own when any does not.
    private mutating func store(requestID: String, loginKey: String?, address: SourceAddress, details: AuthDetailsBox) {
        var form = Form(bits: 0)
        var overflowRequestID: String?, overflowLoginKey: String?, overflowAddress: SourceAddress?
        if let w = SevenBitText.pack(requestID, tailBytes: 4) {
            (requestIDHead, requestIDMiddle, requestIDTail) = (w.0, w.1, UInt32(w.2))
        } else {
            (requestIDHead, requestIDMiddle, requestIDTail) = (0, 0, 0)
            form.requestIDOverflows = true; overflowRequestID = requestID
        }
        (loginKeyHead, loginKeyTail) = (0, 0)
        if let loginKey {
            if let w = SevenBitText.pack(loginKey, tailBytes: 0) {
                (loginKeyHead, loginKeyTail) = (w.0, w.1); form.loginKey = .inline
            } else {
                form.loginKey = .overflow; overflowLoginKey = loginKey
            }
        }
        (addressHigh, addressLow) = (0, 0)
        switch address {
        case .address(let ip) where ip.family == .v4 && ip.high == 0 && ip.low <= UInt64(UInt32.max):
            addressLow = ip.low; form.address = .v4
        case .address(let ip) where ip.family == .v6:
            (addressHigh, addressLow) = (ip.high, ip.low); form.address = .v6
        case .salesforceInternal: form.address = .salesforceInternal
        case .empty: form.address = .empty
        default: form.address = .overflow; overflowAddress = address
        }
        self.form = form
        if overflowRequestID == nil && overflowLoginKey == nil && overflowAddress == nil {
            held = .shared(details)
        } else {
            held = .own(AuthOverflow(details: details, requestID: overflowRequestID, loginKey: overflowLoginKey, address: overflowAddress))
        }
    }

    /// How two events' request ids compare: as `String`s do (which for ASCII is byte order), from
    /// the packed words when both are inline.
    static func requestIDOrder(_ a: AuthEvent, _ b: AuthEvent) -> ComparisonOrder {
        if !a.form.requestIDOverflows && !b.form.requestIDOverflows {
            let x = (a.requestIDHead, a.requestIDMiddle, a.requestIDTail), y = (b.requestIDHead, b.requestIDMiddle, b.requestIDTail)
            return x == y ? .same : (x < y ? .before : .after)
        }
        let x = a.requestID, y = b.requestID
        return x == y ? .same : (x < y ? .before : .after)
    }

    enum ComparisonOrder { case before, same, after }
}

/// What an `AuthEvent` could not hold inline, exactly as written, with the event's shared details.
/// Rare: a request id over 22 or a LOGIN_KEY over 18 ASCII bytes (or any non-ASCII or NUL byte),
/// an unparsed source address. Never changed once made.
final class AuthOverflow: Sendable {
    let details: AuthDetailsBox
    let requestID: String?
    let loginKey: String?
    let address: SourceAddress?

    init(details: AuthDetailsBox, requestID: String?, loginKey: String?, address: SourceAddress?) {
        self.details = details; self.requestID = requestID; self.loginKey = loginKey; self.address = address
    }

    func with(details: AuthDetailsBox) -> AuthOverflow {
        details === self.details ? self : AuthOverflow(details: details, requestID: requestID, loginKey: loginKey, address: address)
    }
}

/// Short ASCII text packed seven bits a byte: nine bytes to a 64-bit word (the first byte in the
/// highest bits), then up to `tailBytes` more in a last word. Unused bytes are zero, which is why
/// NUL cannot be packed (it would read as the end). Words compare, as unsigned numbers in order,
/// like the bytes they hold (a prefix first): byte order, which for ASCII is `String`'s order.
enum SevenBitText {
    /// The words for `text`, or nil when it is longer than `18 + tailBytes` bytes or has a byte
    /// that is NUL or not ASCII.
    static func pack(_ text: String, tailBytes: Int) -> (UInt64, UInt64, UInt64)? {
        var t = text
        return t.withUTF8 { b -> (UInt64, UInt64, UInt64)? in
            guard b.count <= 18 + tailBytes else { return nil }
            var w: (UInt64, UInt64, UInt64) = (0, 0, 0)
            for i in 0..<(18 + tailBytes) {
                let c = i < b.count ? UInt64(b[i]) : 0
                guard i >= b.count || (c != 0 && c < 0x80) else { return nil }
                switch i {
                case 0..<9: w.0 = w.0 << 7 | c
                case 9..<18: w.1 = w.1 << 7 | c
                default: w.2 = w.2 << 7 | c
                }
            }
            return w
        }
    }

    /// The text `pack(_:tailBytes:)` made these words of, for `tailBytes` 0 or 4 (`tail` as it returned it).
    static func string(_ head: UInt64, _ middle: UInt64, _ tail: UInt32) -> String {
        @inline(__always) func byte(_ i: Int) -> UInt8 {
            switch i {
            case 0..<9: return UInt8(truncatingIfNeeded: head >> (UInt64(8 - i) * 7)) & 0x7f
            case 9..<18: return UInt8(truncatingIfNeeded: middle >> (UInt64(17 - i) * 7)) & 0x7f
            default: return UInt8(truncatingIfNeeded: tail >> (UInt32(21 - i) * 7)) & 0x7f
            }
        }
        // A tail of four bytes at most (what `AuthEvent` packs); a zero tail ends the text at 18.
        var n = 0
        while n < 22 && byte(n) != 0 { n += 1 }
        return String(unsafeUninitializedCapacity: n) { out in
            for i in 0..<n { out[i] = byte(i) }
            return n
        }
    }
}
