import Foundation

/// Reduces a User-Agent to its client family (`python-requests/2.32.4` -> `python-requests`), the
/// unit baselines compare, because versions change on every vendor deploy but families do not.
public enum UserAgentFamily {
    /// Spaces, tabs and stray quotes around a user agent are not part of it.
    static let edgeNoise = CharacterSet(charactersIn: " \t\"")

    public static func family(of userAgent: String) -> String {
        let trimmed = userAgent.trimmingCharacters(in: Self.edgeNoise)
        if trimmed.isEmpty { return "(none)" }
        // First product token: up to '/', ' ' or '('.
        var out = ""
        for ch in trimmed.unicodeScalars {
            if ch == "/" || ch == " " || ch == "(" || ch == ";" { break }
            out.unicodeScalars.append(ch)
            if out.unicodeScalars.count >= 64 { break }
        }
        // "Python/3.11 aiohttp/3.12.15": the library, not the interpreter, is the client.
        if out.lowercased() == "python", trimmed.range(of: "aiohttp", options: .caseInsensitive) != nil {
            return "aiohttp"
        }
        return out.isEmpty ? "(none)" : out.lowercased()
    }

    /// Scripting and HTTP-library clients: legitimate for ETL, suspicious when an app never used them.
    public static let scriptingFamilies: Set<String> = [
        "python-requests", "aiohttp", "python-urllib", "python", "curl", "wget", "go-http-client",
        "okhttp", "java", "apache-httpclient", "jakarta", "node-fetch", "axios", "undici", "postmanruntime",
        "powershell", "libwww-perl", "ruby", "httpie", "salesforce-cli", "sfdx", "simple-salesforce",
        "httpx", "insomnia", "reqwest",
    ]

    public static func isScripting(_ family: String) -> Bool {
        scriptingFamilies.contains(family) || family.hasPrefix("python") || family.hasPrefix("java")
    }
}
