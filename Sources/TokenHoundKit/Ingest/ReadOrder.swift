import Foundation

/// The order in which a multi-threaded read takes its files.
///
/// Files are taken from one shared queue. Taken in name order (day after day), the last file a
/// worker picks up can be one of the biggest, and the other cores idle while it is read: on the
/// 2 GB benchmark set the read ended with a third of a second on one core. Taking the biggest
/// first (longest-processing-time-first scheduling) leaves only small files for the end.
enum ReadOrder {
    /// Decompressed bytes per compressed byte assumed for a gzip file when weighing it against a
    /// plain one (Event Monitoring CSV compresses about 5-6 to 1); only the order depends on it.
    static let gzipExpansion: UInt64 = 6

    /// Positions in `files`, the most work first; ties (and unsized inputs among themselves) in
    /// position order. Inputs whose size cannot be known in advance (standard input, pipes, FIFOs)
    /// go first: they may be the biggest of all.
    static func largestFirst(_ files: [InputFile]) -> [Int] {
        let work = files.map(estimatedWork)
        return files.indices.sorted { a, b in
            work[a] != work[b] ? work[a] > work[b] : a < b
        }
    }

    /// Estimated work of reading one file: its size, weighted for compression; `UInt64.max` when
    /// unknown.
    static func estimatedWork(_ file: InputFile) -> UInt64 {
        if file.isStdin { return .max }
        var st = stat()
        guard stat(file.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return .max }
        let size = UInt64(max(0, st.st_size))
        return file.path.hasSuffix(".gz") ? size.multipliedReportingOverflow(by: gzipExpansion).partialValue : size
    }
}
