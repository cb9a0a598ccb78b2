import XCTest
@testable import TokenHoundKit

/// Temp directories, LoginEvent CSV days and pipeline runs for the state tests.
enum StateFixture {
    static let detection = CivilTime(year: 2025, month: 9, day: 1).eventTime
    static let header = "EventDate,UserId,Username,LoginKey,SourceIp,Application,LoginType,LoginSubType,Status,Browser\n"

    static func tempDir(_ name: String = #function) -> String {
        let dir = NSTemporaryDirectory() + "tokenhound-state-\(name.filter { $0.isLetter || $0.isNumber })-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    struct Row { var time: EventTime; var ip: String; var ua: String; var user = "0055j00000AB001AAA"; var app = "Drift"; var status = "Success" }

    /// The Drift story as CSV rows per day: vendor refreshes every 2 h from two addresses for
    /// `days` days; on `attackDay`, four refreshes from the attacker.
    static func driftDays(days: Int = 14, attackDay: Int = 11, attackerIP: String = "208.68.36.90",
                          attackerUA: String = "python-requests/2.32.4") -> [[Row]] {
        var out: [[Row]] = []
        var n = 0
        for d in 0..<days {
            var rows: [Row] = []
            for h in stride(from: 0, to: 24, by: 2) {
                n += 1
                rows.append(Row(time: OrgScenario.time(day: d, hour: h), ip: n % 2 == 1 ? "52.4.10.11" : "52.4.10.12", ua: "Drift-Salesforce-Sync/4.2"))
            }
            if d == attackDay {
                for h in [1, 3, 5, 7] {
                    rows.append(Row(time: OrgScenario.time(day: d, hour: h, minute: 30), ip: attackerIP, ua: attackerUA))
                }
            }
            out.append(rows.sorted { $0.time < $1.time })
        }
        return out
    }


    /// Writes one day's rows as `LoginEvent-YYYY-MM-DD.csv` in `dir`; returns the path.
    @discardableResult
    static func write(_ rows: [Row], day: Int, into dir: String, suffix: String = "") -> String {
        var text = header
        for r in rows {
            let t = r.time.iso8601.replacingOccurrences(of: "Z", with: "+0000")
            let key = "LK\(r.time.millis)\(r.ip.filter(\.isNumber))"
            text += "\(t),\(r.user),user1@acme.example,\(key),\(r.ip),\(r.app),Remote Access 2.0,OAuth Refresh Token,\(r.status),\(r.ua)\n"
        }
        let path = dir + "/LoginEvent-" + OrgScenario.time(day: day, hour: 0).isoDate + suffix + ".csv"
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func request(_ paths: [String], state: String? = nil, rescan: Bool = false) -> ScanRequest {
        var r = ScanRequest(paths: paths, detectionTime: detection)
        r.statePath = state
        r.rescan = rescan
        r.ingest.threads = 2
        return r
    }

    static func run(_ paths: [String], state: String? = nil, rescan: Bool = false) -> ScanOutcome {
        ScanPipeline.run(request(paths, state: state, rescan: rescan))
    }

    /// Every finding of the analysis (before state hold-back), as a readable diff aid.
    static func describe(_ fs: [Finding]) -> String {
        fs.map { "\($0.id) \($0.ruleID) \($0.level) \($0.app.display) \($0.network ?? "-") \($0.firstSeen.iso8601)..\($0.lastSeen.iso8601) n=\($0.eventCount)" }
            .joined(separator: "\n")
    }

    /// Location of the built CLI (`.build/debug/tokenhound` next to the package), if built.
    static var cliBinary: String? {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        for config in ["debug", "release"] {
            let p = url.appendingPathComponent(".build/\(config)/tokenhound").path
            if FileManager.default.isExecutableFile(atPath: p) { return p }
        }
        return nil
    }
}
