/// Whether the client secret accompanied a refresh grant. Never logged per event: derived from the
/// app's configuration and the outcome (threat-model.md), and reported as this tri-state.
public enum SecretPresence: String, Sendable, Codable, Comparable {
    /// Success on an app that requires the secret: the caller had it.
    case presented
    /// A client-authentication failure: the secret was absent or wrong.
    case absentOrWrong = "absent_or_wrong"
    /// Success on an app that does not require it, or configuration unknown.
    case unknown

    public static func < (a: SecretPresence, b: SecretPresence) -> Bool { a.rawValue < b.rawValue }
}
