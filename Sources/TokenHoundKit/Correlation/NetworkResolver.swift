/// Maps a source address to the network baselines compare: an ASN when an ip2asn table was given,
/// else /24 (IPv4) or /48 (IPv6). `Salesforce.com IP` and placeholders are their own keys and never
/// count as a new network.
public struct NetworkResolver: Sendable {
    public var asnTable: ASNTable?

    public init(asnTable: ASNTable? = nil) { self.asnTable = asnTable }

    public func network(for address: SourceAddress) -> NetworkKey {
        switch address {
        case .address(let ip):
            if let asnTable, let entry = asnTable.lookup(ip), entry.asn != 0 { return .asn(entry.asn) }
            return ip.defaultNetwork
        case .salesforceInternal: return .salesforceInternal
        case .empty, .unparsed: return .unknown
        }
    }

    /// Human label: "208.68.36.0/24" or "AS14061 DIGITALOCEAN-ASN (US)".
    public func label(for key: NetworkKey) -> String {
        if key.kind == .asn, let asnTable, let name = asnTable.name(ofASN: UInt32(key.value)) {
            return "\(key.description) \(name)"
        }
        return key.description
    }

    /// Whether a network can be judged new (real addresses only).
    public static func isJudgeable(_ key: NetworkKey) -> Bool {
        key.kind != .salesforceInternal && key.kind != .unknown
    }
}
