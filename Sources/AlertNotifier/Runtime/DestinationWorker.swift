import Logging
import PopStreamCore
import Synchronization

/// Forwards alerts to one destination, one at a time and in the order read, with retries: a destination
/// that is slow or down delays only its own queue.
///
/// For each transition: a pair the ledger shows as done is dropped (a copy); an old transition is skipped
/// for a state destination; otherwise up to `retry.attempts` attempts, with backoff between them, and the
/// outcome goes to the ledger. A stop (cancellation) in the middle leaves the transition unrecorded and its
/// offset uncommitted: it is forwarded after the restart.
final class DestinationWorker: Sendable {
    /// A transition to forward; `done` is called once the destination has finished with it.
    struct Delivery: Sendable {
        let alert: ReceivedAlert
        let observation: LedgerObservation
        let done: @Sendable () async -> Void
    }

    enum Job: Sendable {
        case deliver(Delivery)
        case resend
    }

    let destination: any AlertDestination
    private let ledger: NotifierLedger
    private let retry: RetryPolicy
    private let logger: Logger
    private let jobs: AsyncStream<Job>
    private let continuation: AsyncStream<Job>.Continuation
    /// A re-send is queued and not yet started: another request is not queued on top.
    private let resendQueued = Mutex(false)

    init(destination: any AlertDestination, ledger: NotifierLedger, retry: RetryPolicy, logger: Logger) {
        self.destination = destination
        self.ledger = ledger
        self.retry = retry
        var logger = logger
        logger[metadataKey: "destination"] = "\(destination.name)"
        self.logger = logger
        (jobs, continuation) = AsyncStream.makeStream(of: Job.self)
    }

    /// Queues a transition (never blocks).
    func enqueue(_ delivery: Delivery) { continuation.yield(.deliver(delivery)) }

    /// Queues a re-send of the firing alerts, unless one is queued already.
    func requestResend() {
        let queue = resendQueued.withLock { queued in
            defer { queued = true }
            return !queued
        }
        if queue { continuation.yield(.resend) }
    }

    /// No more jobs: `run` returns once the queue is empty.
    func finish() { continuation.finish() }

    /// Works through the queue until `finish` and an empty queue, or cancellation.
    func run() async {
        for await job in jobs {
            if Task.isCancelled { return }
            switch job {
            case .deliver(let delivery):
                do {
                    if try await forward(delivery) { await delivery.done() }
                } catch {
                    // The ledger could not be read or written: leave the offset uncommitted (retried after a
                    // restart) and go on with the next alert.
                    logger.error("ledger error, alert left for the next run", metadata: [
                        "alertId": "\(delivery.alert.message.alertId)", "sequence": "\(delivery.alert.message.sequence)",
                        "error": "\(error)"])
                }
            case .resend:
                resendQueued.withLock { $0 = false }
                await resendFiring()
            }
        }
    }

    /// Returns false when stopped before the destination finished with the transition.
    private func forward(_ delivery: Delivery) async throws -> Bool {
        let identity = delivery.alert.identity
        let key = destination.ledgerKey
        if try await ledger.isDone(identity, destination: key) {
            NotifierMetrics.forwarded(destination.name, "duplicate")
            logger.debug("copy dropped", metadata: ["alertId": "\(identity.alertId)", "sequence": "\(identity.sequence)"])
            return true
        }
        if destination.followsLatestState && delivery.observation.isSuperseded {
            try await ledger.record(identity, destination: key, outcome: .superseded, attempts: 0)
            NotifierMetrics.forwarded(destination.name, ForwardingOutcome.superseded.rawValue)
            logger.info("old transition not sent (a newer one is known)",
                        metadata: ["alertId": "\(identity.alertId)", "sequence": "\(identity.sequence)"])
            return true
        }
        var attempt = 0
        while true {
            attempt += 1
            let result = await destination.deliver(delivery.alert, previous: delivery.observation.previous)
            if Task.isCancelled { return false }
            NotifierMetrics.attempt(destination.name, result)
            let metadata: Logger.Metadata = [
                "alertId": "\(identity.alertId)", "sequence": "\(identity.sequence)", "attempt": "\(attempt)"]
            switch result {
            case .delivered:
                try await ledger.record(identity, destination: key, outcome: .delivered, attempts: attempt)
                NotifierMetrics.forwarded(destination.name, ForwardingOutcome.delivered.rawValue)
                logger.info("alert forwarded", metadata: metadata)
                return true
            case .permanent(let reason):
                return try await giveUp(identity, attempts: attempt, reason: reason, metadata: metadata)
            case .retryable(let reason):
                guard attempt < retry.attempts else {
                    return try await giveUp(identity, attempts: attempt, reason: reason, metadata: metadata)
                }
                let delay = retry.delay(afterAttempt: attempt)
                logger.warning("attempt failed, retrying", metadata: metadata.merging([
                    "reason": "\(reason)", "retryInMs": "\(Self.milliseconds(delay))"]) { $1 })
                do {
                    try await Task.sleep(for: delay)
                } catch {
                    return false
                }
            }
        }
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
    }

    private func giveUp(_ identity: AlertIdentity, attempts: Int, reason: String, metadata: Logger.Metadata) async throws -> Bool {
        try await ledger.record(identity, destination: destination.ledgerKey, outcome: .gaveUp, attempts: attempts)
        NotifierMetrics.forwarded(destination.name, ForwardingOutcome.gaveUp.rawValue)
        logger.error("alert not forwarded, giving up", metadata: metadata.merging(["reason": "\(reason)"]) { $1 })
        return true
    }

    private func resendFiring() async {
        let firing: [AlertMessage]
        do {
            firing = try await ledger.firingAlerts()
        } catch {
            logger.error("ledger error, re-send skipped", metadata: ["error": "\(error)"])
            return
        }
        guard let result = await destination.resend(firing) else { return }
        NotifierMetrics.resend(destination.name, result)
        switch result {
        case .delivered:
            logger.debug("firing alerts re-sent", metadata: ["count": "\(firing.count)"])
        case .retryable(let reason), .permanent(let reason):
            logger.warning("re-send of the firing alerts failed, next round retries",
                           metadata: ["count": "\(firing.count)", "reason": "\(reason)"])
        }
    }
}
