/// Reads login status codes (ELF `LOGIN_STATUS`) and labels (LoginHistory `Status`).
public enum StatusClassifier {
    /// The client failed to authenticate: missing or wrong consumer key/secret. With an app that
    /// requires the secret, this is the control stopping a caller that holds only the token.
    public static func isClientAuthFailure(_ status: String) -> Bool {
        let s = status.uppercased()
        return s.contains("CONSUMER") || s.contains("CLIENT") || s.contains("SECRET")
    }

    /// The refresh token itself was refused (revoked, expired, or rotated out).
    public static func isInvalidToken(_ status: String) -> Bool {
        let s = status.uppercased()
        return s.contains("INVALID_TOKEN") || s.contains("INVALID TOKEN") || s.contains("EXPIRED") || s.contains("INVALID_GRANT")
    }
}
