/// An IPv4 or IPv6 address in 17 bytes, parsed from log bytes without Foundation.
public struct IPAddress: Hashable, Comparable, Sendable, TextCodable {
    public enum Family: UInt8, Sendable, Codable { case v4 = 4, v6 = 6 }
    public var family: Family
    /// IPv4: the low 32 bits of `low`; IPv6: the 128-bit address as two words.
    public var high: UInt64
    public var low: UInt64

    public init(v4 value: UInt32) { family = .v4; high = 0; low = UInt64(value) }
    public init(v6High: UInt64, v6Low: UInt64) { family = .v6; high = v6High; low = v6Low }

    public static func < (a: IPAddress, b: IPAddress) -> Bool {
        (a.family.rawValue, a.high, a.low) < (b.family.rawValue, b.high, b.low)
    }

    public init?(_ text: String) {
        var t = text
        guard let v = t.withUTF8({ IPAddress.parse(UnsafeRawBufferPointer($0)) }) else { return nil }
        self = v
    }

    /// Parses dotted IPv4 or RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail).
    public static func parse(_ b: UnsafeRawBufferPointer) -> IPAddress? {
        if b.isEmpty || b.count > 45 { return nil }
        // IPv4 first, in one pass: it stops at the first byte that is not a digit or a dot, so text
        // with a colon always reaches the IPv6 parser, as if the colon had been looked for first.
        if let v4 = parseV4(b, from: 0, to: b.count) { return IPAddress(v4: v4) }
        return parseV6(b)
    }

    /// Dotted-quad IPv4 in `b[from..<to]`: four decimal octets of one to three digits, at most 255,
    /// without leading zeros (ambiguous: octal in some stacks; rejected like inet_pton), and nothing
    /// else. This runs for every API row. Such text is 7 to 15 bytes: anything else is rejected
    /// unread, and the text is copied into two words (`ShortField`), zero past its end, so each byte
    /// is read with no bounds test: the end reads as a zero, which is neither a digit nor a dot.
    /// The octets are then read in order, each digit tested once, and a fourth digit, a fifth octet
    /// or any other byte stops the parse.
    @inline(__always)
    static func parseV4(_ b: UnsafeRawBufferPointer, from: Int, to: Int) -> UInt32? {
        let n = to &- from
        guard n >= 7 && n <= 15, let start = b.baseAddress else { return nil }
        var text = ShortField.words(start + from, n)
        return withUnsafeBytes(of: &text) { t -> UInt32? in
            var i = 0
            var value: UInt32 = 0
            for octetIndex in 0..<4 {
                if octetIndex > 0 {
                    guard t[i] == UInt8(ascii: ".") else { return nil }
                    i &+= 1
                }
                let d0 = t[i] &- 48
                guard d0 <= 9 else { return nil }
                var octet = UInt32(d0)
                i &+= 1
                if case let d1 = t[i] &- 48, d1 <= 9 {
                    guard d0 != 0 else { return nil }
                    octet = octet &* 10 &+ UInt32(d1)
                    i &+= 1
                    if case let d2 = t[i] &- 48, d2 <= 9 {
                        octet = octet &* 10 &+ UInt32(d2)
                        i &+= 1
                        guard octet <= 255 else { return nil }
                    }
                }
                value = value &<< 8 | octet
            }
            return i == n ? value : nil
        }
    }

    /// RFC 4291 IPv6 text (with `::` and an embedded IPv4 tail) in one pass over the bytes: each
    /// group's hex digits are read once, straight into a 128-bit accumulator (two words), with no
    /// group buffer. The groups before `::` are set aside when it is met and shifted over the
    /// zero groups at the end. Text without a colon is never IPv6: it ends with fewer than eight
    /// groups and no `::`, so no separate search for a colon is needed. Out of line, so the IPv4
    /// path (every API row) does not carry it.
    @inline(never)
    static func parseV6(_ b: UnsafeRawBufferPointer) -> IPAddress? {
        let n = b.count
        var i = 0, count = 0, gap = -1
        var hi: UInt64 = 0, lo: UInt64 = 0             // the groups read (after `::`, once met)
        var headHi: UInt64 = 0, headLo: UInt64 = 0     // the groups before `::`
        if n >= 2 && b[0] == UInt8(ascii: ":") {
            guard b[1] == UInt8(ascii: ":") else { return nil }
            gap = 0; i = 2
        }
        while i < n {
            let start = i
            var g: UInt64 = 0
            while i < n, let h = hexValue(b[i]) { g = g &<< 4 | UInt64(h); i += 1 }
            if i < n && b[i] == UInt8(ascii: ".") {
                // An IPv4 tail (::ffff:1.2.3.4) takes the last two groups; it runs to the end
                // (a later colon is not a digit or a dot, so `parseV4` rejects it).
                guard count <= 6, let v4 = parseV4(b, from: start, to: n) else { return nil }
                hi = hi &<< 32 | lo &>> 32; lo = lo &<< 32 | UInt64(v4)
                count += 2
                break
            }
            let len = i - start
            guard len >= 1 && len <= 4, count < 8 else { return nil }
            hi = hi &<< 16 | lo &>> 48; lo = lo &<< 16 | g
            count += 1
            if i == n { break }
            guard b[i] == UInt8(ascii: ":") else { return nil }
            i += 1
            if i < n && b[i] == UInt8(ascii: ":") {
                guard gap < 0 else { return nil }
                gap = count; i += 1
                headHi = hi; headLo = lo; hi = 0; lo = 0
            } else if i == n { return nil }   // a trailing single colon
        }
        if gap >= 0 {
            guard count < 8 else { return nil }
            // The head's groups go to the top: shift them left past the 8 - gap groups after them.
            let shift = (8 - gap) * 16   // 16...128; the head is empty (zero) when it is 128
            if shift >= 64 {
                hi |= headLo &<< UInt64(shift - 64)   // shift 128 (gap 0): headLo is zero
            } else {
                hi |= headHi &<< UInt64(shift) | headLo &>> UInt64(64 - shift)
                lo |= headLo &<< UInt64(shift)
            }
        } else if count != 8 { return nil }
        return IPAddress(v6High: hi, v6Low: lo)
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }

    public var description: String {
        switch family {
        case .v4:
            let v = UInt32(truncatingIfNeeded: low)
            return "\(v >> 24).\((v >> 16) & 255).\((v >> 8) & 255).\(v & 255)"
        case .v6:
            var groups: [UInt16] = []
            for k in (0..<4).reversed() { groups.append(UInt16(truncatingIfNeeded: high >> (UInt64(k) * 16))) }
            for k in (0..<4).reversed() { groups.append(UInt16(truncatingIfNeeded: low >> (UInt64(k) * 16))) }
            // RFC 5952: compress the longest run (>= 2) of zero groups.
            var bestStart = -1, bestLen = 1, k = 0
            while k < 8 {
                if groups[k] == 0 {
                    var e = k
                    while e < 8 && groups[e] == 0 { e += 1 }
                    if e - k > bestLen { bestStart = k; bestLen = e - k }
                    k = e
                } else { k += 1 }
            }
            func hex(_ r: ArraySlice<UInt16>) -> String { r.map { String($0, radix: 16) }.joined(separator: ":") }
            if bestStart < 0 { return hex(groups[0..<8]) }
            return hex(groups[0..<bestStart]) + "::" + hex(groups[(bestStart + bestLen)..<8])
        }
    }

    /// The network tokenhound groups by when no ASN table is given: /24 for IPv4, /48 for IPv6.
    public var defaultNetwork: NetworkKey {
        switch family {
        case .v4: return NetworkKey(kind: .ipv4Prefix24, value: low & 0xffff_ff00, extra: 0)
        case .v6: return NetworkKey(kind: .ipv6Prefix48, value: high & 0xffff_ffff_ffff_0000, extra: 0)
        }
    }

}

/// What a source-IP column held. `Salesforce.com IP` and anonymised placeholders (`w.x.y.z`)
/// are kept distinct from real addresses so they never count as a "new network".
public enum SourceAddress: Hashable, Sendable {
    case address(IPAddress)
    case salesforceInternal
    case empty
    /// Present but not an IP (anonymised placeholder, garbage); the raw text is kept.
    case unparsed(String)

    public var ip: IPAddress? { if case .address(let a) = self { return a }; return nil }

    /// A source-IP column's value from its parse: `ip` when the text parsed as an address, else
    /// what the text `b` is. A `String` is built only for an unparsed value.
    @inline(__always)
    init(parsedIP ip: IPAddress?, text b: UnsafeRawBufferPointer) {
        if let ip { self = .address(ip) } else { self = SourceAddress(unparsedText: b) }
    }

    /// Text that is not an IP: kept out of line, as its `String` is the rare case.
    @inline(never)
    private init(unparsedText b: UnsafeRawBufferPointer) {
        if b.isEmpty { self = .empty }
        else if Self.isSalesforceInternal(b) { self = .salesforceInternal }
        else { self = .unparsed(EventBytes.string(b)) }
    }

    /// Whether non-IP text is Salesforce's marker for its own infrastructure (any case): the one
    /// test, so the decoder's unparsed counts agree with what the value becomes.
    @inline(__always)
    static func isSalesforceInternal(_ b: UnsafeRawBufferPointer) -> Bool { EventBytes.equalsCI(b, "salesforce.com ip") }

    public var display: String {
        switch self {
        case .address(let a): return a.description
        case .salesforceInternal: return "Salesforce.com IP"
        case .empty: return ""
        case .unparsed(let s): return s
        }
    }
}

/// A network identity for baselines: /24, /48, or an autonomous system when an ASN table is given.
public struct NetworkKey: Hashable, Comparable, Sendable, CustomStringConvertible {
    public enum Kind: UInt8, Sendable, Comparable {
        case ipv4Prefix24 = 1, ipv6Prefix48 = 2, asn = 3, salesforceInternal = 4, unknown = 5
        public static func < (a: Kind, b: Kind) -> Bool { a.rawValue < b.rawValue }
    }
    public var kind: Kind
    public var value: UInt64
    public var extra: UInt64

    public init(kind: Kind, value: UInt64, extra: UInt64) { self.kind = kind; self.value = value; self.extra = extra }

    public static func asn(_ number: UInt32) -> NetworkKey { NetworkKey(kind: .asn, value: UInt64(number), extra: 0) }
    public static let salesforceInternal = NetworkKey(kind: .salesforceInternal, value: 0, extra: 0)
    public static let unknown = NetworkKey(kind: .unknown, value: 0, extra: 0)

    public static func < (a: NetworkKey, b: NetworkKey) -> Bool { (a.kind, a.value, a.extra) < (b.kind, b.value, b.extra) }

    // The replay rules test every grant's network against its app's baseline set: one mixed word
    // and a seeded finaliser per probe (as `UsageKey`), not a SipHash of three fields (6% of the
    // analysis stage at 10 GB). Equality stays field-wise.
    @inline(__always) var mixWord: UInt64 { keyMix(keyMix(value, extra), UInt64(kind.rawValue)) }
    public func hash(into hasher: inout Hasher) { hasher.combine(mixWord) }
    public func _rawHashValue(seed: Int) -> Int { seededSlotHash(mixWord, seed: seed) }

    public var description: String {
        switch kind {
        case .ipv4Prefix24: return IPAddress(v4: UInt32(truncatingIfNeeded: value)).description + "/24"
        case .ipv6Prefix48: return IPAddress(v6High: value, v6Low: 0).description + "/48"
        case .asn: return "AS\(value)"
        case .salesforceInternal: return "Salesforce.com IP"
        case .unknown: return "unknown"
        }
    }
}
