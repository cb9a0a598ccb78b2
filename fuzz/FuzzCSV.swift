// libFuzzer target: CSVRecordReader. Differential: reading the input in one piece and in chunks
// split at input-derived points must produce identical records and issues.
@testable import TokenHoundKit

private func records(_ bytes: UnsafeRawBufferPointer, chunk: Int, limits: CSVLimits) -> ([[[UInt8]]], [Int], [CSVIssue]) {
    let reader = CSVRecordReader(limits: limits)
    var out: [[[UInt8]]] = []
    var lines: [Int] = []
    let collect: (CSVRecord) -> Void = { r in
        var fields: [[UInt8]] = []
        for i in 0..<r.count { fields.append(Array(r[i])) }
        out.append(fields)
        lines.append(r.line)
    }
    var offset = 0
    while offset < bytes.count {
        let n = min(chunk, bytes.count - offset)
        reader.feed(UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + n)]), collect)
        offset += n
    }
    reader.finish(collect)
    return (out, lines, reader.issues)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    // Small limits so the fuzzer reaches the limit paths; derived so they vary per input.
    let limits = CSVLimits(maxFieldBytes: 8 + fuzzDerived(bytes, modulo: 200), maxRecordBytes: 64 + fuzzDerived(bytes, modulo: 4000),
                           maxFields: 2 + fuzzDerived(bytes, modulo: 64), maxStoredIssues: 50)
    let whole = records(bytes, chunk: max(size, 1), limits: limits)
    let chunk = 1 + fuzzDerived(bytes, modulo: 17)
    let split = records(bytes, chunk: chunk, limits: limits)
    precondition(whole.0 == split.0, "chunking (\(chunk)) changed the records")
    precondition(whole.1 == split.1, "chunking (\(chunk)) changed the record lines")
    precondition(whole.2 == split.2, "chunking (\(chunk)) changed the issues")
    for r in whole.0 {
        precondition(r.count <= limits.maxFields, "record over maxFields emitted")
        for f in r { precondition(f.count <= limits.maxFieldBytes, "field over maxFieldBytes emitted") }
    }
    return 0
}
