import Foundation

/// Known-bad indicators with provenance and validity: a match names campaign and source, and an
/// indicator outside its validity window does not match (infrastructure gets recycled).
public struct Indicator: Sendable, Codable, Hashable {
    public enum Kind: String, Sendable, Codable { case userAgent = "user_agent", ip, cidr }
    public var type: Kind
    public var value: String
    public var campaign: String
    public var source: String
    public var validFrom: String?
    public var validUntil: String?

    enum CodingKeys: String, CodingKey { case type, value, campaign, source, validFrom = "valid_from", validUntil = "valid_until" }
}

/// A versioned indicator pack (built-in, or a user file in the same JSON format).
public struct IndicatorPack: Sendable, Codable {
    public var name: String
    public var version: String
    public var indicators: [Indicator]

    public static let builtIn = IndicatorPack(
        name: "tokenhound-builtin", version: "2025.11.1",
        indicators: [
            Indicator(type: .userAgent, value: "python-requests/2.32.4", campaign: "UNC6395 Salesloft Drift (Aug 2025)",
                      source: "Google Threat Intelligence / Mandiant advisory, 2025-08-26", validFrom: "2025-08-01", validUntil: "2026-12-31"),
            Indicator(type: .userAgent, value: "Python/3.11 aiohttp/3.12.15", campaign: "UNC6395 Salesloft Drift (Aug 2025)",
                      source: "Google Threat Intelligence / Mandiant advisory, 2025-08-26", validFrom: "2025-08-01", validUntil: "2026-12-31"),
            Indicator(type: .userAgent, value: "Salesforce-Multi-Org-Fetcher/1.0", campaign: "UNC6395 Salesloft Drift (Aug 2025); Gainsight (Nov 2025)",
                      source: "Mandiant advisory 2025-08-26; Salesforce Gainsight notice 2025-11", validFrom: "2025-08-01", validUntil: "2026-12-31"),
            Indicator(type: .userAgent, value: "Salesforce-CLI/1.0", campaign: "UNC6395 Salesloft Drift (Aug 2025)",
                      source: "Google Threat Intelligence / Mandiant advisory, 2025-08-26", validFrom: "2025-08-01", validUntil: "2026-12-31"),
            Indicator(type: .ip, value: "208.68.36.90", campaign: "UNC6395 Salesloft Drift (Aug 2025): DigitalOcean exfiltration host",
                      source: "Google Threat Intelligence / Mandiant advisory, 2025-08-26", validFrom: "2025-08-01", validUntil: "2026-08-31"),
            Indicator(type: .ip, value: "44.215.108.109", campaign: "UNC6395 Salesloft Drift (Aug 2025): AWS recon host",
                      source: "Google Threat Intelligence / Mandiant advisory, 2025-08-26", validFrom: "2025-08-01", validUntil: "2026-08-31"),
        ])

    public static func load(path: String) throws -> IndicatorPack {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try JSONDecoder().decode(IndicatorPack.self, from: data)
    }
}

/// Matches grants against every loaded pack, honouring each indicator's validity window.
public struct IndicatorMatcher: Sendable {
    private struct Entry: Sendable {
        var indicator: Indicator
        var pack: String
        var from: EventTime?
        var until: EventTime?
        var cidr: (IPAddress, Int)?
    }
    private var userAgents: [String: [Entry]] = [:]
    private var ips: [IPAddress: [Entry]] = [:]
    private var cidrs: [Entry] = []

    public init(packs: [IndicatorPack]) {
        for pack in packs {
            for ind in pack.indicators {
                var e = Entry(indicator: ind, pack: "\(pack.name)@\(pack.version)",
                              from: ind.validFrom.flatMap(CivilTime.parseDate), until: ind.validUntil.flatMap(CivilTime.parseDate).map { $0.adding(millis: EventTime.dayMillis - 1) })
                switch ind.type {
                case .userAgent: userAgents[ind.value.lowercased(), default: []].append(e)
                case .ip: if let ip = IPAddress(ind.value) { ips[ip, default: []].append(e) }
                case .cidr:
                    let parts = ind.value.split(separator: "/")
                    if parts.count == 2, let ip = IPAddress(String(parts[0])), let bits = Int(parts[1]) {
                        e.cidr = (ip, bits); cidrs.append(e)
                    }
                }
            }
        }
    }


    public func matches(userAgent: String, address: SourceAddress, at time: EventTime) -> [IndicatorMatch] {
        matches(lowercasedUserAgent: userAgent.lowercased(), address: address, at: time)
    }

    /// `matches(userAgent:address:at:)` for a user agent already lowercased (grants carry theirs).
    public func matches(lowercasedUserAgent: String, address: SourceAddress, at time: EventTime) -> [IndicatorMatch] {
        var out: [IndicatorMatch] = []
        func take(_ entries: [Entry]) {
            for e in entries {
                if let f = e.from, time < f { continue }
                if let u = e.until, time > u { continue }
                out.append(IndicatorMatch(indicator: e.indicator.value, type: e.indicator.type.rawValue,
                                          campaign: e.indicator.campaign, source: e.indicator.source, packVersion: e.pack))
            }
        }
        if !lowercasedUserAgent.isEmpty { take(userAgents[lowercasedUserAgent] ?? []) }
        if let ip = address.ip {
            take(ips[ip] ?? [])
            take(cidrs.filter { e in e.cidr.map { Self.contains(cidr: $0.0, bits: $0.1, ip: ip) } ?? false })
        }
        return out
    }

    static func contains(cidr: IPAddress, bits: Int, ip: IPAddress) -> Bool {
        guard cidr.family == ip.family else { return false }
        if ip.family == .v4 {
            let b = max(0, min(32, bits))
            let mask: UInt64 = b == 0 ? 0 : (0xffff_ffff << UInt64(32 - b)) & 0xffff_ffff
            return (cidr.low & mask) == (ip.low & mask)
        }
        let b = max(0, min(128, bits))
        let hiMask: UInt64 = b >= 64 ? ~0 : (b == 0 ? 0 : ~0 << UInt64(64 - b))
        let loMask: UInt64 = b <= 64 ? 0 : (b >= 128 ? ~0 : ~0 << UInt64(128 - b))
        return (cidr.high & hiMask) == (ip.high & hiMask) && (cidr.low & loMask) == (ip.low & loMask)
    }
}
