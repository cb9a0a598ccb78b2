// libFuzzer target: the YAML tuning file (TokenhoundConfig.load, through Yams) and its egress specs.
@testable import TokenHoundKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let path = fuzzScratchFile(bytes, suffix: ".yaml")
    if let config = try? TokenhoundConfig.load(path: path) {
        for (_, app) in config.apps ?? [:] {
            for spec in app.expectedEgress ?? [] { _ = TokenhoundConfig.networks(forEgress: spec) }
        }
    }
    return 0
}
