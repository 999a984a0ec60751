import Synchronization

/// A thread-safe "closed" flag shared by a store's methods.
final class ClosedFlag: Sendable {
    private let closed = Atomic<Bool>(false)

    /// Marks the store closed; returns whether it was open.
    func close() -> Bool {
        !closed.exchange(true, ordering: .acquiringAndReleasing)
    }

    /// Throws ``StoreError/closed`` once closed.
    func checkOpen() throws {
        if closed.load(ordering: .acquiring) { throw StoreError.closed }
    }
}
