// libFuzzer target: the value parsers that see attacker-chosen field text: timestamps (ELF and ISO
// forms), IP addresses, Salesforce IDs, and the String entry points of each.
@testable import TokenHoundKit

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzParsers(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let text = String(decoding: bytes, as: UTF8.self)

    if let t = TimestampParser.parse(bytes) { _ = t.millis }
    _ = TimestampParser.parseELF(bytes)
    _ = TimestampParser.parseISO(bytes)
    _ = TimestampParser.parse(text)

    if let ip = IPAddress.parse(bytes) {
        // Whatever parses must print and re-parse to the same address.
        let printed = ip.description
        guard let again = IPAddress(printed) else { preconditionFailure("\(printed) does not re-parse") }
        precondition(again == ip, "\(printed) re-parses differently")
        _ = ip.defaultNetwork.description
    }
    _ = IPAddress(text)
    _ = TokenhoundConfig.networks(forEgress: text)

    if let id = SalesforceID(bytes: bytes) {
        let printed = id.description
        precondition(printed.utf8.count == 18, "SalesforceID prints \(printed.utf8.count) characters")
        guard let again = SalesforceID(printed) else { preconditionFailure("\(printed) does not re-parse") }
        precondition(again == id, "\(printed) re-parses differently")
        _ = id.keyPrefix
    }
    _ = SalesforceID(text)
    _ = TerminalSafe.escape(text)
    _ = SecretMasker.mask(text)
    return 0
}
