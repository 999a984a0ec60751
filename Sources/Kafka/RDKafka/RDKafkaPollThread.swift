import Foundation
import Synchronization

/// A dedicated thread that serves a producer's events (`rd_kafka_poll`, 100 ms at a time, returning as soon
/// as an event is ready), so delivery reports flow without any task polling and without blocking the
/// cooperative pool.
final class RDKafkaPollThread: Sendable {
    private final class State: Sendable {
        let stopped = Atomic<Bool>(false)
        /// Tasks waiting for the thread to exit; nil once it has.
        let exitWaiters = Mutex<[CheckedContinuation<Void, Never>]?>([])
    }

    private let state = State()

    init(name: String, client: RDKafkaClient) {
        let state = self.state
        let thread = Thread {
            while !state.stopped.load(ordering: .acquiring) {
                client.poll(timeoutMs: 100)
            }
            let waiters = state.exitWaiters.withLock { waiters in
                defer { waiters = nil }
                return waiters ?? []
            }
            for waiter in waiters { waiter.resume() }
        }
        thread.name = name
        thread.start()
    }

    /// Asks the thread to stop (it exits within one poll interval).
    func stop() {
        state.stopped.store(true, ordering: .releasing)
    }

    /// Stops the thread and waits until it has exited.
    func stopAndWait() async {
        stop()
        await withCheckedContinuation { continuation in
            let exited = state.exitWaiters.withLock { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters?.append(continuation)
                return false
            }
            if exited { continuation.resume() }
        }
    }
}
