// libFuzzer target: CSV -> header binding / event typing (EventDecoder) -> EvidenceStore, then the
// report and a canonicalised store. Seeds carry real Salesforce headers (SampleLogs, fixtures).
@testable import TokenHoundKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzEvents(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let reader = CSVRecordReader(limits: CSVLimits(maxFieldBytes: 1 << 16, maxRecordBytes: 1 << 18, maxFields: 512))
    var decoder = EventDecoder(fileID: 0, path: "fuzz.csv")
    var store = EvidenceStore()
    reader.feed(bytes) { decoder.consume($0, into: &store) }
    reader.finish { decoder.consume($0, into: &store) }
    let report = decoder.finish()
    for d in report.diagnostics { _ = d.rendered }
    precondition(report.rowsAccepted <= report.rows, "more rows accepted than read")
    var merged = EvidenceStore()
    merged.merge(store)
    merged.canonicalize()
    // Detection on whatever survived decoding (extreme times, odd ids, addresses): must not trap.
    if !merged.auth.isEmpty || !merged.sessions.isEmpty {
        let detection = report.lastTime ?? EventTime(millis: 1_756_684_800_000)
        let result = Analyzer.analyze(store: merged, postures: [], files: ["fuzz.csv"], presentKinds: report.kind.map { [$0] } ?? [],
                                      options: AnalysisOptions(detectionTime: detection))
        for f in result.findings { _ = f.maskedForOutput }
    }
    return 0
}
