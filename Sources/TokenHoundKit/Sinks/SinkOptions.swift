/// Options of the finding formats. Defaults suit stdout into a SIEM forwarder.
public struct SinkOptions: Sendable, Hashable {
    /// OCSF schema version written to `metadata.version` and used to pick version-only fields.
    public var ocsfVersion: String
    /// ECS: emit Elasticsearch `_bulk` `{"create":{}}` action lines.
    public var ecsBulk: Bool
    /// CEF: wrap each event in an RFC 5424 syslog header.
    public var syslog: Bool
    /// RFC 5424 over TCP/TLS: prefix each message with its octet count (RFC 6587 `LEN SP MSG`).
    public var syslogOctetCounting: Bool
    /// Syslog facility; default 10 (authpriv: security/authorisation messages).
    public var syslogFacility: Int
    /// Text: ANSI colours (the CLI decides from isatty, `--no-color` and `NO_COLOR`).
    public var colour: Bool
    public var hecIndex: String?
    public var hecSourcetype: String
    /// Host name in HEC envelopes and syslog headers; "-" (nil value) when unknown.
    public var host: String?
    public var productVersion: String

    public static let supportedOCSFVersions = ["1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0"]

    public init(ocsfVersion: String = "1.1.0", ecsBulk: Bool = false, syslog: Bool = false, syslogOctetCounting: Bool = false,
                syslogFacility: Int = 10, colour: Bool = false, hecIndex: String? = nil, hecSourcetype: String = "tokenhound:finding",
                host: String? = nil, productVersion: String = ToolVersion.current) {
        self.ocsfVersion = ocsfVersion; self.ecsBulk = ecsBulk; self.syslog = syslog
        self.syslogOctetCounting = syslogOctetCounting; self.syslogFacility = syslogFacility; self.colour = colour
        self.hecIndex = hecIndex; self.hecSourcetype = hecSourcetype; self.host = host; self.productVersion = productVersion
    }

    public func validate() throws {
        guard Self.supportedOCSFVersions.contains(ocsfVersion) else {
            throw SinkOptionsError("unsupported OCSF version \(ocsfVersion); supported: \(Self.supportedOCSFVersions.joined(separator: ", "))")
        }
        guard (0...23).contains(syslogFacility) else { throw SinkOptionsError("syslog facility must be 0-23, got \(syslogFacility)") }
    }
}

public struct SinkOptionsError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ d: String) { description = d }
}
