import ArgumentParser
import TokenHoundKit

/// `tokenhound-samplegen`: writes the sample org's logs (default) or a benchmark set (`--scale`).
struct SampleGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenhound-samplegen",
        abstract: "Generate deterministic Salesforce log samples for tokenhound.",
        discussion: """
            Default: the small sample org with one Drift-style refresh-token replay and its benign \
            look-alikes (ELF CSV/gzip, LoginHistory and other exports, connected app metadata, README.md).
            --scale MB: a benchmark set of at least MB MiB of CSV (daily gzip Login, ApiTotalUsage, \
            RestApi, BulkApi2) with a few replay incidents, generated streaming in constant memory.
            Same arguments give byte-identical output.
            """)

    @Option(name: .long, help: "Output directory (created if missing).")
    var out: String

    @Option(name: .long, help: "PRNG seed.")
    var seed: UInt64 = 20_250_808

    @Option(name: .long, help: "Days to generate (sample: 21; scale: max(21, MB/50), extended until MB is reached).")
    var days: Int?

    @Option(name: .long, help: "First UTC day, yyyy-MM-dd.")
    var start: String = "2025-07-28"

    @Option(name: .long, help: "Write a benchmark set of at least this many MiB of decompressed CSV.")
    var scale: Int?

    @Option(name: .long, help: "gzip level for --scale output (sample files always use 6).")
    var gzipLevel: Int32 = 1

    func validate() throws {
        guard parseDay(start) != nil else { throw ValidationError("--start must be yyyy-MM-dd") }
        if let d = days, d < 1 || d > 3650 { throw ValidationError("--days must be 1...3650") }
        if let s = scale, s < 1 { throw ValidationError("--scale must be positive") }
        guard (1...9).contains(gzipLevel) else { throw ValidationError("--gzip-level must be 1...9") }
    }

    func run() throws {
        let startTime = parseDay(start)!
        try makeDirectories(out)
        if let mb = scale {
            try ScaleRun(out: out, seed: seed, start: startTime, megabytes: mb, days: days, level: gzipLevel).run()
        } else {
            try SampleRun(out: out, seed: seed, start: startTime, days: days ?? 21).run()
        }
    }
}

func parseDay(_ text: String) -> EventTime? {
    let parts = text.split(separator: "-")
    guard parts.count == 3, let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
          (1...12).contains(m), (1...31).contains(d) else { return nil }
    return EventTime.at(y, m, d)
}

SampleGen.main()
