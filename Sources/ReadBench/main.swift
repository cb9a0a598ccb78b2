// tokenhound-readbench: throughput of the reading layer (inflate; inflate + CSV parse; CSV parse alone)
// on one core, and a generator for synthetic ELF-like gzip input so it runs standalone.
//
//   tokenhound-readbench --generate PATH --megabytes N [--seed S] [--plain] [--quote-every K]
//   tokenhound-readbench [--runs N] [--memory-mb M] FILE...
//   tokenhound-readbench --floor inflate|parse [--threads N] PATH...
//       one pass over every file under PATH (files spread over N threads, like `scan`): inflate only,
//       or inflate + CSV parse; prints decompressed bytes, wall seconds and MB/s (for hyperfine).
//   tokenhound-readbench --ingest [--threads N] PATH...
//       the scan's whole read phase (decode, evidence store, merge): seconds, CPU, peak RSS, and
//       the memory each part of the merged store holds.
//
// MB = 10^6 bytes of decompressed data.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import TokenHoundKit

func fail(_ message: String) -> Never {
    let text = "tokenhound-readbench: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(2)
}

func usage() -> Never {
    print("""
    usage: tokenhound-readbench --generate PATH --megabytes N [--seed S] [--plain] [--quote-every K]
           tokenhound-readbench [--runs N] [--memory-mb M] FILE...
           tokenhound-readbench --floor inflate|parse [--threads N] PATH...
           tokenhound-readbench --ingest [--threads N] PATH...
      --generate PATH   write N MB (decompressed) of ELF-like Login CSV, gzip-compressed unless --plain
      --quote-every K   about one row in K has a doubled quote (the copying path), default 500
      --runs N          timed runs per measurement (median reported), default 3
      --memory-mb M     decompressed bytes held in memory for the CSV-only run, default 512
      --floor MODE      one pass over all files under PATH, N threads (default: all cores):
                        inflate (zlib to nothing) or parse (inflate + CSV records); the scan floor
      --ingest          the scan's read phase over all files under PATH, N threads: time, peak RSS,
                        and the bytes each part of the evidence store holds
    """)
    exit(0)
}

// MARK: - Arguments

var args = Array(CommandLine.arguments.dropFirst())
var generatePath: String?
var megabytes = 100
var seed: UInt64 = 1
var plain = false
var quoteEvery = 500
var runs = 3
var memoryMB = 512
var files: [String] = []
var floorMode: String?
var floorThreads = 0
var ingestMode = false
var i = 0
@MainActor func value(_ name: String) -> String {
    i += 1
    guard i < args.count else { fail("\(name) needs a value") }
    return args[i]
}
while i < args.count {
    let a = args[i]
    switch a {
    case "-h", "--help": usage()
    case "--generate": generatePath = value(a)
    case "--megabytes": megabytes = Int(value(a)) ?? { fail("--megabytes: not a number") }()
    case "--seed": seed = UInt64(value(a)) ?? { fail("--seed: not a number") }()
    case "--plain": plain = true
    case "--quote-every": quoteEvery = max(1, Int(value(a)) ?? { fail("--quote-every: not a number") }())
    case "--runs": runs = max(1, Int(value(a)) ?? { fail("--runs: not a number") }())
    case "--floor": floorMode = value(a)
    case "--ingest": ingestMode = true
    case "--threads": floorThreads = max(1, Int(value(a)) ?? { fail("--threads: not a number") }())
    case "--memory-mb": memoryMB = max(1, Int(value(a)) ?? { fail("--memory-mb: not a number") }())
    default:
        if a.hasPrefix("--") { fail("unknown option \(a)") }
        files.append(a)
    }
    i += 1
}

// MARK: - Generator

struct SplitMix64 {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

let header = ["EVENT_TYPE", "TIMESTAMP", "REQUEST_ID", "ORGANIZATION_ID", "USER_ID", "RUN_TIME", "CPU_TIME", "URI",
              "SESSION_KEY", "LOGIN_KEY", "USER_TYPE", "REQUEST_STATUS", "DB_TOTAL_TIME", "LOGIN_TYPE",
              "BROWSER_TYPE", "API_TYPE", "API_VERSION", "USER_NAME", "TLS_PROTOCOL", "CIPHER_SUITE",
              "AUTHENTICATION_METHOD_REFERENCE", "LOGIN_SUB_TYPE", "TIMESTAMP_DERIVED", "USER_ID_DERIVED",
              "CLIENT_IP", "URI_ID_DERIVED", "LOGIN_STATUS", "SOURCE_IP", "COUNTRY_CODE", "LOGIN_URL"]

func generate(path: String, megabytes: Int, seed: UInt64, gzip: Bool, quoteEvery: Int) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
    if fd < 0 { fail("cannot create \(path): \(String(cString: strerror(errno)))") }
    func writeAll(_ buf: UnsafeRawBufferPointer) {
        var p = buf.baseAddress!
        var left = buf.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 { if errno == EINTR { continue }; fail("write failed: \(String(cString: strerror(errno)))") }
            p += n; left -= n
        }
    }
    var rng = SplitMix64(state: seed)
    let alnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    let agents = ["Salesforce CLI/2.67.7 (linux-x64) node-v20.11.1", "python-requests/2.31.0",
                  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0",
                  "Jakarta Commons-HttpClient/3.1", "Dataloader Bulk v61.0.0", "axios/1.6.8", "Go-http-client/1.1"]
    let users = (0..<500).map { _ in String((0..<15).map { _ in Character(UnicodeScalar(alnum[rng.below(alnum.count)])) }) }
    var buf: [UInt8] = []
    buf.reserveCapacity(1 << 21)
    let encoder = gzip ? GzipEncoder(level: 6) : nil
    var total = 0
    let target = megabytes * 1_000_000
    var rows = 0
    func emit(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            if let encoder { encoder.write(raw) { writeAll($0) } } else { writeAll(raw) }
        }
    }
    func field(_ s: String) {
        buf.append(0x22)
        for b in s.utf8 { buf.append(b); if b == 0x22 { buf.append(0x22) } }  // RFC 4180: double the quote
        buf.append(0x22)
    }
    func randomToken(_ n: Int) -> String {
        String(decoding: (0..<n).map { _ in alnum[rng.below(alnum.count)] }, as: UTF8.self)
    }
    for (k, h) in header.enumerated() { if k > 0 { buf.append(0x2C) }; field(h) }
    buf.append(0x0A)
    var epochMs: UInt64 = 1_753_747_200_000  // 2025-07-29
    while total + buf.count < target {
        epochMs += UInt64(rng.below(2000))
        let s = epochMs / 1000, ms = epochMs % 1000
        let day = s / 86400, sod = s % 86400
        let hh = sod / 3600, mm = (sod % 3600) / 60, ss = sod % 60
        func two(_ v: UInt64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        func three(_ v: UInt64) -> String { v < 10 ? "00\(v)" : v < 100 ? "0\(v)" : "\(v)" }
        let dd = 29 + Int(day - 20298) % 2
        let ts = "202507\(dd)\(two(hh))\(two(mm))\(two(ss)).\(three(ms))"
        let iso = "2025-07-\(dd)T\(two(hh)):\(two(mm)):\(two(ss)).\(three(ms))Z"
        let user = users[rng.below(users.count)]
        let ip = "\(rng.below(223) + 1).\(rng.below(256)).\(rng.below(256)).\(rng.below(256))"
        let refresh = rng.below(3) == 0
        var agent = agents[rng.below(agents.count)]
        if rng.below(quoteEvery) == 0 { agent = "custom \"quoted\" agent" }  // doubled quotes: the copy path
        let values = [
            "Login", ts, randomToken(22), "00D5j000000VI3n", user, "\(rng.below(300))", "\(rng.below(100))",
            refresh ? "/services/oauth2/token" : "/index.jsp", "", randomToken(16), "Standard", "",
            "\(rng.below(90_000_000))", refresh ? "i" : "Application", agent, "", refresh ? "9998.0" : "61.0",
            "user\(rng.below(500))@example.com", "TLSv1.3", "TLS_AES_256_GCM_SHA384", "",
            refresh ? "oauthrefreshtoken" : "", iso, user + "AAL", rng.below(10) < 7 ? "Salesforce.com IP" : ip,
            "", "LOGIN_NO_ERROR", ip, ["US", "DE", "FR", "BR", "IN"][rng.below(5)], "https://login.salesforce.com",
        ]
        for (k, v) in values.enumerated() { if k > 0 { buf.append(0x2C) }; field(v) }
        buf.append(0x0A)
        rows += 1
        if buf.count >= 1 << 20 { emit(buf); total += buf.count; buf.removeAll(keepingCapacity: true) }
    }
    emit(buf); total += buf.count
    if let encoder { encoder.finish { writeAll($0) } }
    close(fd)
    print("generated \(path): \(rows) rows, \(total) bytes decompressed\(gzip ? ", gzip" : ", plain")")
}

if let generatePath {
    generate(path: generatePath, megabytes: megabytes, seed: seed, gzip: !plain, quoteEvery: quoteEvery)
    if files.isEmpty { exit(0) }
}
if files.isEmpty { usage() }

// MARK: - Floor: every file under the paths, in parallel like `scan`

if let mode = floorMode {
    guard mode == "inflate" || mode == "parse" else { fail("--floor: inflate or parse") }
    let (inputs, diags) = InputDiscovery.expand(files)
    if let d = diags.first(where: { $0.severity == .error }) { fail("\(d)") }
    let threads = floorThreads > 0 ? floorThreads : max(1, ProcessInfo.processInfo.activeProcessorCount)
    let next = FloorState()
    let t0 = ContinuousClock.now
    DispatchQueue.concurrentPerform(iterations: min(threads, max(inputs.count, 1))) { _ in
        var local = Counts()
        while let k = next.take(), k < inputs.count {
            do {
                let c = mode == "inflate" ? try runInflate(inputs[k].path) : try runInflateCSV(inputs[k].path)
                local.bytes &+= c.bytes; local.records &+= c.records
            } catch {
                fail("\(inputs[k].path): \(error)")
            }
        }
        next.add(local)
    }
    let dt = max((ContinuousClock.now - t0).inSeconds, 1e-9)
    let total = next.total
    print("floor \(mode) threads=\(threads) files=\(inputs.count) bytes=\(total.bytes) records=\(total.records) "
        + "seconds=\(fmt(dt, 3)) MB/s=\(fmt(Double(total.bytes) / 1e6 / dt))")
    exit(0)
}

if ingestMode {
    runIngestBench(paths: files, threads: floorThreads > 0 ? floorThreads : max(1, ProcessInfo.processInfo.activeProcessorCount))
    exit(0)
}

// MARK: - Benchmarks

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func fmt(_ x: Double, _ digits: Int = 1) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (x * p).rounded() / p
    return "\(r)"
}

let clock = ContinuousClock()

struct Counts { var bytes: UInt64 = 0; var records = 0; var fields = 0 }

func runInflate(_ path: String) throws -> Counts {
    let s = try DecodedByteStream(file: InputFile(path: path))
    var c = Counts()
    while let chunk = try s.next() { c.bytes &+= UInt64(chunk.count) }
    return c
}

func runInflateCSV(_ path: String) throws -> Counts {
    let s = try DecodedByteStream(file: InputFile(path: path))
    let reader = CSVRecordReader()
    var c = Counts()
    let onRecord: (CSVRecord) -> Void = { rec in c.records &+= 1; c.fields &+= rec.count }
    while let chunk = try s.next() {
        c.bytes &+= UInt64(chunk.count)
        reader.feed(chunk, onRecord)
    }
    reader.finish(onRecord)
    return c
}

func runCSV(_ mem: UnsafeRawBufferPointer, chunk: Int) -> Counts {
    let reader = CSVRecordReader()
    var c = Counts()
    let onRecord: (CSVRecord) -> Void = { rec in c.records &+= 1; c.fields &+= rec.count }
    var off = 0
    while off < mem.count {
        let n = min(chunk, mem.count - off)
        reader.feed(UnsafeRawBufferPointer(rebasing: mem[off..<(off + n)]), onRecord)
        off += n
    }
    reader.finish(onRecord)
    c.bytes = UInt64(mem.count)
    return c
}

/// CPU time of this thread: on a shared machine it measures the work, not the wait for a core.
func threadCPUSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@MainActor func measure(_ label: String, _ body: () throws -> Counts) rethrows {
    var rates: [Double] = []
    var cpuRates: [Double] = []
    var recRates: [Double] = []
    var last = Counts()
    for _ in 0..<runs {
        let t0 = clock.now
        let c0 = threadCPUSeconds()
        last = try body()
        let cpu = max(threadCPUSeconds() - c0, 1e-9)
        let dt = max((clock.now - t0).inSeconds, 1e-9)
        rates.append(Double(last.bytes) / 1e6 / dt)
        cpuRates.append(Double(last.bytes) / 1e6 / cpu)
        recRates.append(Double(last.records) / cpu)
    }
    var line = "  \(label): \(fmt(median(cpuRates))) MB/s per CPU-second"
    if last.records > 0 { line += ", \(fmt(median(recRates) / 1e6, 2)) M records/CPU-s" }
    line += "; wall clock \(fmt(median(rates))) MB/s"
    line += "\n      (CPU runs: \(cpuRates.map { fmt($0, 0) }.joined(separator: ", ")); wall runs: "
        + "\(rates.map { fmt($0, 0) }.joined(separator: ", ")); \(last.bytes) bytes"
    if last.records > 0 { line += ", \(last.records) records, \(last.fields) fields" }
    line += ")"
    print(line)
}

for path in files {
    if path == "-" { fail("standard input cannot be benchmarked (each measurement reads the input again): save it to a file") }
    do {
        let probe = try DecodedByteStream(file: InputFile(path: path))
        _ = try probe.next()
        print("\(path) (\(probe.isGzip ? "gzip" : "plain")), median of \(runs) runs:")
        try measure("(a) \(probe.isGzip ? "inflate" : "read") only") { try runInflate(path) }
        try measure("(b) \(probe.isGzip ? "inflate" : "read") + CSV parse") { try runInflateCSV(path) }
        // (c) CSV state machine alone, over decompressed bytes held in memory, in 256 KiB chunks.
        let cap = memoryMB * 1_000_000
        let mem = UnsafeMutableRawPointer.allocate(byteCount: cap, alignment: 64)
        defer { mem.deallocate() }
        var n = 0
        let s = try DecodedByteStream(file: InputFile(path: path))
        while n < cap, let chunk = try s.next() {
            let k = min(chunk.count, cap - n)
            (mem + n).copyMemory(from: chunk.baseAddress!, byteCount: k)
            n += k
        }
        let buf = UnsafeRawBufferPointer(start: mem, count: n)
        measure("(c) CSV parse only, in memory (\(n / 1_000_000) MB, 256 KiB chunks)") { runCSV(buf, chunk: 256 * 1024) }
    } catch let e as ReadError {
        fail(e.description)
    } catch {
        fail("\(error)")
    }
}

/// Work queue and totals for `--floor`.
final class FloorState: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private var sum = Counts()
    func take() -> Int? { lock.lock(); defer { lock.unlock() }; nextIndex += 1; return nextIndex - 1 }
    func add(_ c: Counts) { lock.lock(); sum.bytes &+= c.bytes; sum.records &+= c.records; lock.unlock() }
    var total: Counts { lock.lock(); defer { lock.unlock() }; return sum }
}
