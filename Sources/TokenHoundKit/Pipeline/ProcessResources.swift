import Foundation

/// What this process has used so far, for `scan --verbose`'s per-stage figures and the
/// benchmark tools: one place that knows `getrusage`'s per-platform spelling and units.
public enum ProcessResources {
    private static func usage() -> rusage {
        var u = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &u)
        #else
        getrusage(RUSAGE_SELF, &u)
        #endif
        return u
    }

    /// Peak resident set size so far, in bytes (`ru_maxrss` is KiB on Linux, bytes on Darwin).
    public static var peakResidentBytes: Int {
        #if os(Linux)
        return usage().ru_maxrss * 1024
        #else
        return usage().ru_maxrss
        #endif
    }

    /// CPU time of the whole process (all threads), user + system.
    public static var cpuSeconds: Double {
        let u = usage()
        return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6
            + Double(u.ru_stime.tv_sec) + Double(u.ru_stime.tv_usec) / 1e6
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    public var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
