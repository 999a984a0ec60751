import Foundation
import Synchronization

/// What `/readyz` reports: whether the store and the broker answered the last checks, and when the
/// last window committed. Written by the consumer's monitor and committer, read by the HTTP handler.
public final class WorkerHealth: Sendable {
    /// A consistent view of the checks.
    public struct Snapshot: Sendable, Equatable {
        /// The store answered the last check.
        public var storeReachable = false
        /// A broker answered the last check.
        public var brokerReachable = false
        /// The consumer is running (started and not stopped).
        public var consuming = false
        /// When the last window committed.
        public var lastCommit: Date?

        /// Ready: consuming, with the store and the broker reachable.
        public var isReady: Bool { consuming && storeReachable && brokerReachable }
    }

    private let state = Mutex(Snapshot())

    /// Health with every check failed (nothing checked yet).
    public init() {}

    /// The current view.
    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }
}

/// Tells alert evaluation when windows committed, so that it can measure how far behind it is.
final class CommitSignal: Sendable {
    private let oldestUnevaluated = Mutex<Date?>(nil)

    /// A window committed at `date`.
    func committed(at date: Date) {
        oldestUnevaluated.withLock { if $0 == nil { $0 = date } }
    }

    /// The oldest commit not yet covered by an evaluation, forgotten as it is returned.
    func takeOldest() -> Date? {
        oldestUnevaluated.withLock { value in
            defer { value = nil }
            return value
        }
    }
}
