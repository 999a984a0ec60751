import Foundation
import Synchronization

/// What `/readyz` reports: whether the store and the broker answered recently, and when the last window
/// committed. Written by the consumer's monitor and committer, read by the HTTP handler.
///
/// A check counts by when it last succeeded, not by its last result: a check that hangs (a broker that
/// stopped answering) makes the component unreachable as soon as its last success is too old.
public final class WorkerHealth: Sendable {
    /// A consistent view of the checks.
    public struct Snapshot: Sendable, Equatable {
        /// The store answered recently.
        public var storeReachable = false
        /// A broker answered recently.
        public var brokerReachable = false
        /// The consumer is running (started and not stopped).
        public var consuming = false
        /// When the last window committed.
        public var lastCommit: Date?
        /// When the consumer last started: its partitions assigned (or, in a group, its subscription made).
        public var consumingSince: Date?

        /// Ready: consuming, with the store and the broker reachable.
        public var isReady: Bool { consuming && storeReachable && brokerReachable }
    }

    private struct State {
        var storeAnswered: ContinuousClock.Instant?
        var brokerAnswered: ContinuousClock.Instant?
        var consuming = false
        var lastCommit: Date?
        var consumingSince: Date?
    }

    private let state = Mutex(State())
    /// A component whose last success is older than this is unreachable.
    public let staleAfter: Duration

    /// Health with nothing checked yet; a success older than `staleAfter` no longer counts.
    public init(staleAfter: Duration = .seconds(6)) {
        self.staleAfter = staleAfter
    }

    /// The current view.
    public var snapshot: Snapshot {
        let now = ContinuousClock.now
        return state.withLock { state in
            Snapshot(storeReachable: state.storeAnswered.map { now - $0 < staleAfter } ?? false,
                     brokerReachable: state.brokerAnswered.map { now - $0 < staleAfter } ?? false,
                     consuming: state.consuming, lastCommit: state.lastCommit, consumingSince: state.consumingSince)
        }
    }

    func storeAnswered() { state.withLock { $0.storeAnswered = .now } }
    func brokerAnswered() { state.withLock { $0.brokerAnswered = .now } }
    func consuming(_ value: Bool) {
        state.withLock { state in
            if value, !state.consuming { state.consumingSince = Date() }
            state.consuming = value
        }
    }
    func committed(at date: Date) { state.withLock { $0.lastCommit = date } }
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
