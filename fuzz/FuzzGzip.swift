// libFuzzer target: the gzip / plain byte stream (DecodedByteStream) on arbitrary file contents,
// with a buffer size derived from the input so chunk boundaries move around. Differential: the
// read-ahead PipelinedByteStream must hand out the same bytes and end with the same error.
@testable import TokenHoundKit

private func readAll(_ next: () throws -> UnsafeRawBufferPointer?) -> (bytes: [UInt8], error: ReadError?) {
    var out: [UInt8] = []
    do {
        while let chunk = try next() { out += chunk }
    } catch let e as ReadError {
        return (out, e)
    } catch {
        preconditionFailure("unexpected error type: \(error)")
    }
    return (out, nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let path = fuzzScratchFile(bytes, suffix: ".gz")
    let file = InputFile(path: path, displayName: "fuzz.gz")
    let limits = ReadLimits(maxDecompressionRatio: 1000, ratioCheckAfterBytes: 1 << 16,
                            maxDecompressedBytes: 16 << 20, bufferSize: 16 << fuzzDerived(bytes, modulo: 12))
    guard let s = try? DecodedByteStream(file: file, limits: limits) else { return 0 }
    let plain = readAll { try s.next() }
    if let e = plain.error {
        precondition(e.byteOffset <= UInt64(size), "error offset \(e.byteOffset) past the end of a \(size)-byte input")
        _ = e.diagnostic.rendered
    }
    precondition(UInt64(plain.bytes.count) == s.decompressedBytes, "decompressedBytes disagrees with the chunks handed out")
    precondition(UInt64(plain.bytes.count) <= limits.maxDecompressedBytes, "size limit not enforced")
    precondition(s.compressedBytesRead <= UInt64(size), "read more bytes than the file holds")
    if !s.isGzip { precondition(plain.bytes.count <= size, "plain input grew") }

    guard let p = try? PipelinedByteStream(file: file, limits: limits, slots: 2 + fuzzDerived(bytes, modulo: 3),
                                           slotBytes: 16 << fuzzDerived(bytes, modulo: 14)) else {
        preconditionFailure("PipelinedByteStream failed to open what DecodedByteStream opened")
    }
    let piped = readAll { try p.next() }
    precondition(piped.bytes == plain.bytes, "pipelined reader handed out different bytes")
    precondition(piped.error == plain.error, "pipelined reader ended differently: \(String(describing: piped.error)) vs \(String(describing: plain.error))")
    precondition(p.decompressedBytes == s.decompressedBytes && p.isGzip == s.isGzip, "pipelined counters differ")
    return 0
}
