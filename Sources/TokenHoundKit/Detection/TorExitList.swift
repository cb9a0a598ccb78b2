import Foundation

/// Tor exit addresses as of dates: the Tor Project's `exit-addresses` format
/// (`ExitAddress 1.2.3.4 2025-08-08 12:00:00`), or a plain list of IPs (one per line, no dates:
/// matches any date). An exit seen at time T matches events within a day of T, because the list
/// changes hourly and an IP recycled months later is someone else.
public struct TorExitList: Sendable {
    private var dated: [IPAddress: [EventTime]] = [:]
    private var undated: Set<IPAddress> = []

    public init() {}

    public static func load(path: String) throws -> (TorExitList, [InputDiagnostic]) {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var list = TorExitList()
        var diags: [InputDiagnostic] = []
        var lineNo = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNo += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: " ")
            if parts.first == "ExitAddress" {
                guard parts.count >= 2, let ip = IPAddress(String(parts[1])) else {
                    diags.append(InputDiagnostic(severity: .warning, file: path, line: lineNo, message: "ExitAddress line without a valid IP"))
                    continue
                }
                if parts.count >= 3, let t = CivilTime.parseDate(String(parts[2])) {
                    list.dated[ip, default: []].append(t)
                } else {
                    list.undated.insert(ip)
                }
            } else if ["ExitNode", "Published", "LastStatus"].contains(String(parts.first ?? "")) {
                continue
            } else if let ip = IPAddress(line) {
                list.undated.insert(ip)
            } else if diags.count < 20 {
                diags.append(InputDiagnostic(severity: .warning, file: path, line: lineNo, message: "not an IP or exit-addresses line"))
            }
        }
        return (list, diags)
    }


    public var isEmpty: Bool { dated.isEmpty && undated.isEmpty }

    /// Whether `ip` was a listed exit on the date of `time`.
    public func isExit(_ ip: IPAddress, at time: EventTime) -> Bool {
        if undated.contains(ip) { return true }
        guard let dates = dated[ip] else { return false }
        return dates.contains { abs($0.millis - time.millis) <= 2 * EventTime.dayMillis }
    }
}
