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
    return 0
}
