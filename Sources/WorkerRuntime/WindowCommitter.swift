import Foundation
import Kafka
import Logging
import Store
import Synchronization

/// Commits closed windows one at a time, in order, while the consume loop fills the next one: the
/// window's dead letters are delivered first (so a crash never loses one), then its leaf counters, unit
/// states and fenced offsets commit in one store transaction.
actor WindowCommitter {
    private let store: any StateStore
    private let producer: KafkaProducer
    private let ownership: PartitionOwnership
    private let metrics: WorkerMetrics
    private let health: WorkerHealth
    private let signal: CommitSignal
    private let logger: Logger
    private var inFlight: Task<CommitFailure?, Never>?
    private var completion: Completion?

    /// How the window in flight ended, once it has.
    private final class Completion: Sendable {
        private let value = Mutex<CommitFailure??>(nil)
        var outcome: CommitFailure?? { value.withLock { $0 } }
        func finish(_ failure: CommitFailure?) { value.withLock { $0 = .some(failure) } }
    }

    /// Store calls that fail with a retryable error are tried this many times in all.
    static let attempts = 5

    init(store: any StateStore, producer: KafkaProducer, ownership: PartitionOwnership, metrics: WorkerMetrics,
         health: WorkerHealth, signal: CommitSignal, logger: Logger) {
        self.store = store
        self.producer = producer
        self.ownership = ownership
        self.metrics = metrics
        self.health = health
        self.signal = signal
        self.logger = logger
    }

    /// Waits for the window in flight, then starts committing `window`, unless the one in flight failed:
    /// its failure is returned and `window` (its successor) is not started.
    func submit(_ window: ClosedWindow) async -> CommitFailure? {
        if let failure = await drain() { return failure }
        let work = Work(store: store, producer: producer, ownership: ownership, metrics: metrics, health: health,
                        signal: signal, logger: logger)
        let completion = Completion()
        self.completion = completion
        inFlight = Task {
            let failure = await work.perform(window)
            completion.finish(failure)
            return failure
        }
        return nil
    }

    /// Waits for the window in flight, if any; returns its failure.
    func drain() async -> CommitFailure? {
        guard let task = inFlight else { return nil }
        inFlight = nil
        completion = nil
        return await task.value
    }

    /// The failure of the window in flight if it already ended with one (without waiting).
    func failureIfDone() -> CommitFailure? {
        guard let completion, let outcome = completion.outcome else { return nil }
        inFlight = nil
        self.completion = nil
        return outcome
    }

    /// The commit itself, off the actor.
    private struct Work: Sendable {
        let store: any StateStore
        let producer: KafkaProducer
        let ownership: PartitionOwnership
        let metrics: WorkerMetrics
        let health: WorkerHealth
        let signal: CommitSignal
        let logger: Logger

        func perform(_ window: ClosedWindow) async -> CommitFailure? {
            let started = ContinuousClock.now
            let commit = window.window.commit()
            do {
                try await deliver(window.deadLetters)
            } catch {
                logger.error("dead letters could not be delivered; the window is not committed", metadata: ["error": "\(error)"])
                return .failed("\(error)")
            }
            var attempt = 1
            while true {
                do {
                    try await store.commitBatch(commit)
                    break
                } catch let error as StoreError {
                    metrics.storeError()
                    switch error {
                    case .fenced(let message), .conflict(let message):
                        return .fenced(message)
                    default:
                        guard error.isRetryable, attempt < WindowCommitter.attempts else { return .failed("\(error)") }
                        logger.warning("window commit failed, retrying", metadata: ["attempt": "\(attempt)", "error": "\(error)"])
                        try? await Task.sleep(for: .milliseconds(200 * (1 << attempt)))
                        attempt += 1
                    }
                } catch {
                    metrics.storeError()
                    return .failed("\(error)")
                }
            }
            let now = Date()
            await ownership.committed(commit.partitions)
            metrics.committedWindow(messages: window.messages, open: started - window.openedAt, flush: ContinuousClock.now - started)
            health.committed(at: now)
            signal.committed(at: now)
            logger.debug("window committed", metadata: [
                "messages": "\(window.messages)", "deadLetters": "\(window.deadLetters.count)",
                "units": "\(commit.unitStates.count)", "leafRows": "\(commit.leafCounters.count)",
            ])
            return nil
        }

        /// Sends the dead letters and waits for every report; a failed one is sent again (in order) a
        /// few times before giving up.
        private func deliver(_ messages: [KafkaProducerMessage]) async throws {
            var pending = messages
            var attempt = 1
            while !pending.isEmpty {
                let reports = try await producer.sendAll(pending)
                let failed = zip(pending, reports).filter { !$0.1.isDelivered }
                guard let firstError = failed.first?.1.error else { return }
                guard attempt < WindowCommitter.attempts else { throw firstError }
                logger.warning("dead letters not delivered, retrying", metadata: ["failed": "\(failed.count)", "error": "\(firstError)"])
                try await Task.sleep(for: .milliseconds(200 * (1 << attempt)))
                pending = failed.map(\.0)
                attempt += 1
            }
        }
    }
}
