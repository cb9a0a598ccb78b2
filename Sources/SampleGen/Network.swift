/// Where callers come from: fixed vendor egress addresses and churning carrier pools.
/// All choices draw from the caller's PRNG so runs are reproducible.
struct Place: Sendable {
    var ip: String
    var country: String
}

enum Networks {
    // Drift's vendor egress: three stable addresses in two AWS us-east-1 /24s.
    static let driftEgress = ["52.4.77.12", "52.4.77.86", "52.4.112.45"]
    static let gearsetEgress = ["51.140.37.18", "51.140.37.211"]              // Azure UK South
    static let tableauEgress = ["155.226.129.14", "155.226.129.77"]
    static let snowflakeEgress = ["3.228.45.101"]                              // one static NAT
    static let zendeskOldEgress = ["185.12.81.20", "185.12.81.21", "185.12.81.44"]
    static let zendeskNewEgress = ["35.161.44.130", "35.161.44.131", "35.161.44.197"] // new cloud /24
    static let outreachEast = ["54.208.17.36", "54.208.17.140"]               // us-east-1
    static let outreachWest = ["44.230.91.8", "44.230.91.122"]                // us-west-2
    static let corporate = ["198.51.100.23", "198.51.100.24", "198.51.100.61"] // HQ NAT
    static let corporateVPN = ["203.0.113.17", "203.0.113.18"]

    // The UNC6395 infrastructure published for the Drift campaign.
    static let attackerExfil = "208.68.36.90"     // DigitalOcean
    static let attackerRecon = "44.215.108.109"   // AWS
    static let torExit = "185.220.101.47"         // Tor exit (blocked replay against Gearset)
    static let dormantReturn = "73.158.22.41"     // residential ISP, never seen before

    /// A carrier-grade NAT or IPv6 address of a US mobile carrier. Each call can land in a different
    /// /24 or /48: the "mobile carrier churn" a naive new-network rule would flag all day long.
    static func mobileCarrier(_ rng: inout PRNG) -> Place {
        switch rng.below(5) {
        case 0: return Place(ip: "172.56.\(rng.int(0...255)).\(rng.int(1...254))", country: "US")   // T-Mobile
        case 1: return Place(ip: "174.\(rng.int(192...255)).\(rng.int(0...255)).\(rng.int(1...254))", country: "US") // Verizon
        case 2: return Place(ip: "107.77.\(rng.int(192...255)).\(rng.int(1...254))", country: "US")   // AT&T
        case 3: return Place(ip: "2607:fb90:\(hex16(&rng)):\(hex16(&rng)):\(hex16(&rng)):\(hex16(&rng)):\(hex16(&rng)):\(hex16(&rng))", country: "US")
        default: return Place(ip: "2600:387:\(hex16(&rng)):\(hex16(&rng))::\(hex16(&rng))", country: "US")
        }
    }

    private static func hex16(_ rng: inout PRNG) -> String {
        String(rng.int(0x0001...0xffff), radix: 16)
    }
}
