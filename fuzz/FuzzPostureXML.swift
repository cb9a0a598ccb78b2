// libFuzzer target: the hardened metadata XML parser (SecureXML) and the posture loader on one file.
import Foundation
@testable import TokenHoundKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPostureXML(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let limits = PostureXMLLimits(maxFileBytes: 1 << 20, maxDepth: 32, maxTextBytes: 1 << 16, maxElements: 10_000)
    _ = SecureXML.parse(Data(bytes), limits: limits)
    let suffixes = [".connectedApp-meta.xml", ".eca-meta.xml", ".ecaOauth-meta.xml", ".ecaOauthPlcy-meta.xml", ".ecaGlblOauth-meta.xml"]
    let path = fuzzScratchFile(bytes, suffix: "-App" + suffixes[fuzzDerived(bytes, modulo: suffixes.count)])
    let (apps, diagnostics) = PostureLoader.load(paths: [path], limits: limits)
    for d in diagnostics { _ = d.rendered }
    precondition(apps.count <= 1, "one file gave \(apps.count) apps")
    return 0
}
