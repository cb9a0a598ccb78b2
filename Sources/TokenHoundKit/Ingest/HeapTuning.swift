#if canImport(Glibc)
import Glibc
#endif

/// Makes glibc's malloc hand large blocks straight back to the system when freed.
///
/// By default glibc raises its mmap threshold to the size of every large block freed (up to
/// 32 MiB), so once the first hash table has been resized, later tables and their old copies come
/// from the heap, and each old copy left by a resize stays resident. The evidence store's tables
/// double as they fill (the last doublings free 10-30 MB copies), and per-file stores come and go:
/// with a fixed threshold those blocks are mapped and unmapped, and the peak resident size of the
/// read is the store, not the store plus every table it outgrew. No-op elsewhere.
public enum HeapTuning {
    /// Blocks of this size or more are mapped on their own and unmapped when freed.
    static let mmapThreshold: Int32 = 256 * 1024

    static func returnLargeBlocksToSystem() {
        #if canImport(Glibc)
        let mmapThresholdOption: Int32 = -3   // M_MMAP_THRESHOLD
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        if let sym = glibcSymbol("mallopt") { _ = unsafeBitCast(sym, to: Mallopt.self)(mmapThresholdOption, mmapThreshold) }
        #endif
    }

    /// Hands freed heap pages back to the kernel (glibc `malloc_trim`) so the resident size is the
    /// live heap, not what malloc keeps cached: what a memory measurement wants before it reads RSS,
    /// and what the scan does between its read and analysis stages.
    public static func trimFreedPages() {
        #if canImport(Glibc)
        typealias Trim = @convention(c) (Int) -> Int32
        if let sym = glibcSymbol("malloc_trim") { _ = unsafeBitCast(sym, to: Trim.self)(0) }
        #endif
    }

    #if canImport(Glibc)
    /// A malloc tunable looked up at run time: `malloc.h` is not part of the Glibc module.
    private static func glibcSymbol(_ name: String) -> UnsafeMutableRawPointer? {
        guard let process = dlopen(nil, RTLD_NOW) else { return nil }
        return dlsym(process, name)
    }
    #endif
}
