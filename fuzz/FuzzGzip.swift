// libFuzzer target: the gzip / plain byte stream (DecodedByteStream) on arbitrary file contents,
// with a buffer size derived from the input so chunk boundaries move around.
@testable import TokenHoundKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let path = fuzzScratchFile(bytes, suffix: ".gz")
    let limits = ReadLimits(maxDecompressionRatio: 1000, ratioCheckAfterBytes: 1 << 16,
                            maxDecompressedBytes: 64 << 20, bufferSize: 16 << fuzzDerived(bytes, modulo: 12))
    do {
        let s = try DecodedByteStream(file: InputFile(path: path, displayName: "fuzz.gz"), limits: limits)
        var total: UInt64 = 0
        do {
            while let chunk = try s.next() { total += UInt64(chunk.count) }
        } catch let e as ReadError {
            precondition(e.byteOffset <= UInt64(size), "error offset \(e.byteOffset) past the end of a \(size)-byte input")
            _ = e.diagnostic.rendered
        }
        precondition(total == s.decompressedBytes, "decompressedBytes disagrees with the chunks handed out")
        precondition(total <= limits.maxDecompressedBytes, "size limit not enforced")
        precondition(s.compressedBytesRead <= UInt64(size), "read more bytes than the file holds")
        if !s.isGzip { precondition(total <= UInt64(size), "plain input grew") }
    } catch {
        // Only the initialiser throws (open / sniff failures): fine.
    }
    return 0
}
