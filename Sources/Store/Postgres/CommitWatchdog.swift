import PostgresNIO
import Synchronization

/// Closes a transaction's connection when the transaction runs past its time, and only while it runs.
///
/// Closing is the one way to fail a query left waiting on a connection the server dropped. But postgres-nio
/// can leave a query waiting for ever when its connection closes under it (seen: queries sent while the close
/// runs), so the transaction does not rely on its queries failing: ``guarding(_:)`` stops waiting for them
/// the moment the watchdog fires and throws a retryable error. The watchdog never touches the connection once
/// the transaction has handed it back to the pool: ``finish()`` disarms it, or waits for its close to end.
final class CommitWatchdog: Sendable {
    private enum State { case running, fired, finished }

    private final class Box: Sendable {
        struct Guarded {
            var state = State.running
            var onFire: [@Sendable () -> Void] = []
        }

        let guarded = Mutex(Guarded())
    }

    private let box: Box
    private let closing: Task<Void, Never>

    /// Starts watching `connection` for `timeout`.
    init(connection: PostgresConnection, timeout: Duration) {
        let box = Box()
        self.box = box
        closing = Task {
            do { try await Task.sleep(for: timeout) } catch { return }
            let waiters: [@Sendable () -> Void]? = box.guarded.withLock { guarded in
                guard guarded.state == .running else { return nil }
                guarded.state = .fired
                defer { guarded.onFire = [] }
                return guarded.onFire
            }
            guard let waiters else { return }
            for waiter in waiters { waiter() }
            try? await connection.close()
        }
    }

    /// The error a transaction ends with when the watchdog fired.
    static let timedOut = StoreError.storageFailure("PostgreSQL commit timed out; its connection was closed", retryable: true)

    /// Runs `work` (statements on the watched connection) and returns its result, or throws ``timedOut`` as
    /// soon as the watchdog fires, without waiting for `work` any longer.
    func guarding<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = Task { try await work() }
        let outcome = OneShot<T>()
        let alreadyFired = box.guarded.withLock { guarded -> Bool in
            guard guarded.state == .running else { return guarded.state == .fired }
            guarded.onFire.append { outcome.resolve(.failure(Self.timedOut)) }
            return false
        }
        if alreadyFired { outcome.resolve(.failure(Self.timedOut)) }
        Task { outcome.resolve(await task.result) }
        return try await outcome.value()
    }

    /// Ends the watch: disarmed if it had not fired, else returns once the connection is closed.
    func finish() async {
        let fired = box.guarded.withLock { guarded -> Bool in
            if guarded.state == .running {
                guarded.state = .finished
                guarded.onFire = []
            }
            return guarded.state == .fired
        }
        if fired {
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
