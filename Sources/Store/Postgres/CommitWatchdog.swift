import PostgresNIO
import Synchronization

/// Ends a transaction at once when it runs past its time or when its connection closes under it, and only
/// while it runs.
///
/// Closing is the one way to fail a query left waiting on a connection the server dropped. But postgres-nio
/// can leave a query waiting for ever when its connection closes under it (seen: queries sent while the close
/// runs, and queries sent on a session the server ended for sitting idle in its transaction), so the
/// transaction does not rely on its queries failing: ``guarding(_:)`` stops waiting for them the moment the
/// watchdog fires (the timeout passed, or the connection closed) and throws a retryable error. The watchdog
/// never touches the connection once the transaction has handed it back to the pool: ``finish()`` disarms it,
/// or waits for its close to end.
final class CommitWatchdog: Sendable {
    private enum Reason {
        case timeout, connectionClosed

        var error: StoreError { self == .timeout ? CommitWatchdog.timedOut : CommitWatchdog.connectionLost }
    }

    private enum State { case running, fired(Reason), finished }

    private final class Box: Sendable {
        struct Guarded {
            var state = State.running
            var onFire: [@Sendable (StoreError) -> Void] = []
        }

        let guarded = Mutex(Guarded())

        /// Fires for `reason` unless already fired or finished; returns whether it fired now.
        func fire(_ reason: Reason) -> Bool {
            let waiters: [@Sendable (StoreError) -> Void]? = guarded.withLock { guarded in
                guard case .running = guarded.state else { return nil }
                guarded.state = .fired(reason)
                defer { guarded.onFire = [] }
                return guarded.onFire
            }
            guard let waiters else { return false }
            for waiter in waiters { waiter(reason.error) }
            return true
        }
    }

    private let box: Box
    private let closing: Task<Void, Never>

    /// Starts watching `connection` for `timeout`.
    init(connection: PostgresConnection, timeout: Duration) {
        let box = Box()
        self.box = box
        closing = Task {
            // Polled rather than a callback on the connection's close future: the pooled connection outlives
            // many transactions, and each callback would stay registered until it closes.
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                do { try await Task.sleep(for: min(Self.closedCheckInterval, deadline - ContinuousClock.now)) } catch { return }
                if connection.isClosed {
                    _ = box.fire(.connectionClosed)
                    return
                }
            }
            guard box.fire(.timeout) else { return }
            try? await connection.close()
        }
    }

    /// How often a running transaction's connection is checked for having closed.
    static let closedCheckInterval: Duration = .milliseconds(250)

    /// The error a transaction ends with when the watchdog's time ran out.
    static let timedOut = StoreError.storageFailure("PostgreSQL commit timed out; its connection was closed", retryable: true)
    /// The error a transaction ends with when its connection closed under it.
    static let connectionLost = StoreError.storageFailure("PostgreSQL connection closed during the transaction", retryable: true)

    /// Runs `work` (statements on the watched connection) and returns its result, or throws as soon as the
    /// watchdog fires (``timedOut`` or ``connectionLost``), without waiting for `work` any longer.
    func guarding<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let outcome = OneShot<T>()
        let firedWith = box.guarded.withLock { guarded -> StoreError? in
            switch guarded.state {
            case .running:
                guarded.onFire.append { error in outcome.resolve(.failure(error)) }
                return nil
            case .fired(let reason): return reason.error
            case .finished: return nil
            }
        }
        if let firedWith { outcome.resolve(.failure(firedWith)) }
        Task { outcome.resolve(await task.result) }
        return try await outcome.value()
    }

    /// Ends the watch: disarmed if it had not fired, else returns once the connection is closed.
    func finish() async {
        let firedBy = box.guarded.withLock { guarded -> Reason? in
            switch guarded.state {
            case .running:
                guarded.state = .finished
                guarded.onFire = []
                return nil
            case .fired(let reason): return reason
            case .finished: return nil
            }
        }
        if firedBy == .timeout {
            await closing.value
        } else {
            closing.cancel()
        }
    }
}

/// A result set once (later ones are ignored) and awaited once.
private final class OneShot<T: Sendable>: Sendable {
    private struct State {
        var result: Result<T, any Error>?
        var waiter: CheckedContinuation<T, any Error>?
    }

    private let state = Mutex(State())

    func resolve(_ result: Result<T, any Error>) {
        let waiter: CheckedContinuation<T, any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = result
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: result)
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let ready: Result<T, any Error>? = state.withLock { state in
                if let result = state.result { return result }
                state.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(with: ready) }
        }
    }
}
