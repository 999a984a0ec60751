import Foundation

/// A thread-safe "closed" flag shared by a store's methods.
final class ClosedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var closed = false

    /// Marks the store closed; returns whether it was open.
    func close() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let wasOpen = !closed
        closed = true
        return wasOpen
    }

    /// Throws ``StoreError/closed`` once closed.
    func checkOpen() throws {
        lock.lock()
        defer { lock.unlock() }
        if closed { throw StoreError.closed }
    }
}
