#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One input to read: a path on disk, or `-` for standard input.
public struct InputFile: Sendable, Hashable, Comparable {
    /// Path as given or discovered; `-` means standard input.
    public var path: String
    /// The name used in diagnostics and reports (`<stdin>` for `-`).
    public var displayName: String

    public init(path: String, displayName: String? = nil) {
        self.path = path
        self.displayName = displayName ?? (path == "-" ? "<stdin>" : path)
    }

    /// Standard input.
    public static let stdin = InputFile(path: "-")

    public var isStdin: Bool { path == "-" }

    public static func < (a: InputFile, b: InputFile) -> Bool { a.path < b.path }
}

/// Expands command-line paths into the list of files to read.
public enum InputDiscovery {
    /// Default cap on the number of files one run reads.
    public static let defaultMaxFiles = 100_000

    /// Files are taken as given (any non-directory, including FIFOs and `/dev/fd/N`), directories are
    /// walked recursively (entries whose name starts with `.` are skipped; symbolic links are followed
    /// but a directory is never entered twice, so link loops end). The result is sorted by path and
    /// de-duplicated (same path, or the same file reached through two paths: kept once, with a note).
    /// Missing or unreadable paths give an `.error` diagnostic; more than `maxFiles` files give an
    /// `.error` diagnostic and only the first `maxFiles` (in path order) are returned.
    public static func expand(_ paths: [String], maxFiles: Int = defaultMaxFiles)
        -> (files: [InputFile], diagnostics: [InputDiagnostic])
    {
        var walker = Walker(limit: max(0, maxFiles))
        for raw in paths {
            if walker.overLimit { break }
            if raw == "-" { walker.addStdin(); continue }
            walker.visitRoot(raw)
        }
        return walker.result(maxFiles: max(0, maxFiles))
    }

    private struct FileKey: Hashable { var dev: UInt64; var ino: UInt64 }

    private struct Walker {
        let limit: Int
        var found: [(path: String, key: FileKey?)] = []
        var seenDirs: Set<FileKey> = []
        var diagnostics: [InputDiagnostic] = []
        var sawStdin = false
        var overLimit = false

        init(limit: Int) { self.limit = limit }

        mutating func addStdin() {
            if sawStdin { return }
            sawStdin = true
            add("-", key: nil)
        }

        mutating func add(_ path: String, key: FileKey?) {
            // Collect one more than the limit so "exceeded" is known; stop walking after that.
            if found.count > limit { overLimit = true; return }
            found.append((path, key))
            if found.count > limit { overLimit = true }
        }

        mutating func visitRoot(_ path: String) {
            var st = stat()
            if stat(path, &st) != 0 {
                let err = errno
                var lst = stat()
                let msg: String
                if err == ENOENT && lstat(path, &lst) == 0 {
                    msg = "dangling symbolic link (its target does not exist)"
                } else {
                    msg = err == ENOENT ? "no such file or directory" : "cannot access: \(errnoText(err))"
                }
                diagnostics.append(InputDiagnostic(severity: .error, file: path, message: msg))
                return
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                walk(directory: path, st: st)
            } else {
                add(path, key: FileKey(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino)))
            }
        }

        mutating func walk(directory: String, st: stat) {
            let key = FileKey(dev: UInt64(st.st_dev), ino: UInt64(st.st_ino))
            if !seenDirs.insert(key).inserted { return }  // link loop or the same directory twice
            guard let dir = opendir(directory) else {
                diagnostics.append(InputDiagnostic(severity: .error, file: directory,
                                                   message: "cannot read directory: \(errnoText(errno))"))
                return
            }
            var names: [String] = []
            while let ent = readdir(dir) {
                let name = withUnsafeBytes(of: ent.pointee.d_name) { raw -> String in
                    let bytes = raw.bindMemory(to: UInt8.self)
                    let n = bytes.firstIndex(of: 0) ?? bytes.count
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<n]), as: UTF8.self)
                }
                if name.isEmpty || name.hasPrefix(".") { continue }
                names.append(name)
            }
            closedir(dir)
            names.sort()
            let prefix = directory.hasSuffix("/") ? directory : directory + "/"
            for name in names {
                if overLimit { return }
                let child = prefix + name
                var cst = stat()
                if stat(child, &cst) != 0 {
                    let err = errno
                    diagnostics.append(InputDiagnostic(
                        severity: .warning, file: child,
                        message: err == ENOENT ? "dangling symbolic link skipped" : "cannot access: \(errnoText(err))"))
                    continue
                }
                let fmt = cst.st_mode & S_IFMT
                if fmt == S_IFDIR {
                    walk(directory: child, st: cst)
                } else if fmt == S_IFREG {
                    add(child, key: FileKey(dev: UInt64(cst.st_dev), ino: UInt64(cst.st_ino)))
                }
                // Sockets, devices and FIFOs inside directories are not logs: skipped silently.
            }
        }

        func result(maxFiles: Int) -> (files: [InputFile], diagnostics: [InputDiagnostic]) {
            var diags = diagnostics
            let sorted = found.sorted { $0.path < $1.path }
            var files: [InputFile] = []
            var seenPaths: Set<String> = []
            var seenKeys: [FileKey: String] = [:]
            for entry in sorted {
                if !seenPaths.insert(entry.path).inserted { continue }
                if let key = entry.key {
                    if let first = seenKeys[key] {
                        diags.append(InputDiagnostic(severity: .note, file: entry.path,
                                                     message: "same file as \(first); read once"))
                        continue
                    }
                    seenKeys[key] = entry.path
                }
                files.append(InputFile(path: entry.path))
            }
            if overLimit || files.count > maxFiles {
                diags.append(InputDiagnostic(
                    severity: .error, file: files.count > maxFiles ? files[maxFiles].path : (files.last?.path ?? ""),
                    message: "more than \(maxFiles) input files; only the first \(maxFiles) in path order are read "
                        + "(raise the maximum number of files to read them all)"))
                if files.count > maxFiles { files.removeSubrange(maxFiles...) }
            }
            return (files, diags)
        }
    }
}

/// `strerror` text for an errno value.
func errnoText(_ err: Int32) -> String {
    if let s = strerror(err) { return String(cString: s) }
    return "errno \(err)"
}
