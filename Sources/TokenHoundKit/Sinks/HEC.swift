/// Splunk HTTP Event Collector envelopes, back to back (one per line) for one POST to
/// `/services/collector/event` with `Authorization: Splunk <token>`.
public enum HEC {
    /// Epoch seconds with millisecond fraction, e.g. `1754654400.123`.
    static func seconds(_ t: EventTime) -> String {
        let ms = t.millis.magnitude
        let f = String(ms % 1000)
        return (t.millis < 0 ? "-" : "") + "\(ms / 1000)." + String(repeating: "0", count: 3 - f.count) + f
    }

    public static func envelope(_ f: Finding, options: SinkOptions) -> JSONValue {
        var env: [(String, JSONValue)] = [("time", .number(seconds(f.detectedAt)))]
        if let host = options.host { env.append(("host", .string(host))) }
        env.append(("source", .string("tokenhound")))
        env.append(("sourcetype", .string(options.hecSourcetype)))
        if let index = options.hecIndex { env.append(("index", .string(index))) }
        env.append(("event", NativeJSON.encode(f)))
        env.append(("fields", .object([
            ("rule_id", .string(f.ruleID)), ("level", .string(f.level.name)), ("app", .string(f.app.display)),
        ])))
        return .object(env)
    }
}
