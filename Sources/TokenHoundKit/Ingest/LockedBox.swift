import Foundation

/// A value shared between worker threads behind a lock. Small and explicit, because the only
/// shared state of a scan is the queue of file indices and the per-file result slots.
final class LockedBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value
    init(_ value: Value) { self.value = value }
    func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock(); defer { lock.unlock() }
        return try body(&value)
    }
}
