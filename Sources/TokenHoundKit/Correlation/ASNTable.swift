import Foundation

/// An offline IP-to-ASN table in the widely used `ip2asn` TSV layout:
/// `range_start <TAB> range_end <TAB> AS_number <TAB> country_code <TAB> AS_description`.
/// Never fetched: the user supplies the file.
public struct ASNTable: Sendable {
    public struct Entry: Sendable, Equatable {
        public var start: IPAddress
        public var end: IPAddress
        public var asn: UInt32
        public var country: String
        public var name: String
    }

    private var v4: [Entry] = []
    private var v6: [Entry] = []
    private var names: [UInt32: String] = [:]

    public init(entries: [Entry]) {
        for e in entries {
            if e.start.family == .v4 { v4.append(e) } else { v6.append(e) }
            if names[e.asn] == nil, e.asn != 0 { names[e.asn] = e.country.isEmpty ? e.name : "\(e.name) (\(e.country))" }
        }
        v4.sort { $0.start < $1.start }
        v6.sort { $0.start < $1.start }
    }

    /// Parses the TSV; malformed lines become diagnostics naming the line.
    public static func load(path: String) throws -> (ASNTable, [InputDiagnostic]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var entries: [Entry] = []
        var diags: [InputDiagnostic] = []
        var lineNo = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard cols.count >= 3, let s = IPAddress(String(cols[0])), let e = IPAddress(String(cols[1])),
                  let asn = UInt32(cols[2].trimmingCharacters(in: .whitespaces)) else {
                if diags.count < 20 {
                    diags.append(InputDiagnostic(severity: .warning, file: path, line: lineNo, message: "not an ip2asn row (start, end, ASN, country, name)"))
                }
                continue
            }
            entries.append(Entry(start: s, end: e, asn: asn, country: cols.count > 3 ? String(cols[3]) : "",
                                 name: cols.count > 4 ? String(cols[4]) : ""))
        }
        return (ASNTable(entries: entries), diags)
    }

    public func lookup(_ ip: IPAddress) -> Entry? {
        let list = ip.family == .v4 ? v4 : v6
        var lo = 0, hi = list.count - 1, found: Entry?
        while lo <= hi {
            let mid = (lo + hi) / 2
            if list[mid].start <= ip { found = list[mid]; lo = mid + 1 } else { hi = mid - 1 }
        }
        if let f = found, ip <= f.end { return f }
        return nil
    }

    public func name(ofASN asn: UInt32) -> String? { names[asn] }
}
