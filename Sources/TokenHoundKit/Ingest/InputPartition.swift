/// Splits discovered paths into logs to read, connected-app metadata (posture), and files that are
/// obviously not logs (README.md, JSON, YAML...). Content decides the log format; only the walk
/// of a directory skips such files, and an explicitly named file is always read.
public struct InputPartition: Sendable {
    public var logs: [InputFile] = []
    public var postureFiles: [String] = []
    public var skipped: [String] = []

    public static let postureSuffixes = [".connectedapp-meta.xml", ".eca-meta.xml", ".ecaglbloauth-meta.xml", ".ecaoauthplcy-meta.xml"]
    static let nonLogSuffixes = [".md", ".xml", ".json", ".yaml", ".yml", ".html", ".htm", ".png", ".jpg", ".svg", ".pdf", ".swift", ".sh", ".py"]

    public init(files: [InputFile], explicitlyNamed: Set<String>) {
        for f in files {
            let lower = f.path.lowercased()
            if Self.postureSuffixes.contains(where: { lower.hasSuffix($0) }) {
                postureFiles.append(f.path)
            } else if !explicitlyNamed.contains(f.path) && Self.nonLogSuffixes.contains(where: { lower.hasSuffix($0) }) {
                skipped.append(f.path)
            } else {
                logs.append(f)
            }
        }
    }
}
