import Foundation
import Kafka
import Logging
import Pipeline
import PopStreamCore
import ServiceLifecycle
import Store

/// Alert evaluation as a service: at most once per interval, the instance holding the kind's evaluator
/// lease re-evaluates what the committed windows changed (``AlertCycle``), then publishes the outbox to
/// the alerts topic (key = alertId, idempotent producer) and marks it delivered. Other instances only
/// try to take the lease, which they get when its holder stops renewing it.
///
/// On a graceful shutdown it runs a last round after the consumer has committed its last window.
struct AlertEvaluatorService: Service, CustomStringConvertible {
    /// How the service group names it in its logs (not the whole configuration).
    var description: String { "alert-evaluator(\(configuration.kind.rawValue))" }

    let configuration: WorkerConfiguration
    let store: any StateStore
    let producer: KafkaProducer
    let metrics: WorkerMetrics
    let signal: CommitSignal
    let logger: Logger

    /// The lease's scope: one evaluator per kind and map.
    var scope: String { "alerts/\(configuration.kind.rawValue)/\(configuration.mapName)" }

    /// The indicators of the worker's kind: the alerts it publishes (workers of other kinds may share the store).
    var ownIndicators: Set<String> { Set(IndicatorID.indicators(of: configuration.kind).map(\.rawValue)) }

    func run() async throws {
        let view = configuration.view
        let cycle = AlertCycle(kind: configuration.kind, view: view, store: store,
                               evaluator: IndicatorEvaluator(registry: view.map.registry, targets: configuration.targets))
        // A worker given the whole topic is its kind's only legitimate evaluator: it takes the lease at once rather
        // than wait for the lease of an instance that died (a restart after a crash) to run out.
        var takeOver = configuration.takesWholeTopic
        while !Task.isCancelled {
            let last = Task.isShuttingDownGracefully
            if await evaluate(cycle, takingOver: takeOver) { takeOver = false }
            if last { break }
            let wake = ContinuousClock.now + configuration.evaluationInterval
            while ContinuousClock.now < wake && !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        logger.info("alert evaluation stopped")
    }

    /// One evaluation: take or renew the lease (`takingOver`: whoever holds it), evaluate every pending change
    /// set, publish the outbox. Returns whether this instance held the lease.
    func evaluate(_ cycle: AlertCycle, takingOver: Bool) async -> Bool {
        let held: EvaluatorLease?
        do {
            held = try await store.acquireLease(scope: scope, holder: configuration.instanceID, duration: configuration.leaseDuration,
                                                takingOver: takingOver)
        } catch {
            metrics.storeError()
            logger.error("the evaluator lease could not be read; retrying", metadata: ["error": "\(error)"])
            return false
        }
        guard let lease = held else {
            metrics.evaluatorActive(false)
            return false
        }
        do {
            metrics.evaluatorActive(true)
            let oldestCommit = signal.takeOldest()
            var outcome: AlertCycle.Outcome
            repeat {
                outcome = try await cycle.run(lease: lease)
                if outcome.transitions > 0 {
                    logger.debug("alerts evaluated", metadata: ["rows": "\(outcome.rows)", "transitions": "\(outcome.transitions)"])
                }
            } while outcome.more && !Task.isCancelled
            if let oldestCommit { metrics.evaluatorLag(.seconds(Date().timeIntervalSince(oldestCommit))) }
            try await publishOutbox()
        } catch StoreError.fenced(let message) {
            metrics.evaluatorActive(false)
            logger.info("the evaluator lease went to another instance", metadata: ["reason": "\(message)"])
        } catch {
            metrics.storeError()
            logger.error("alert evaluation failed; retrying", metadata: ["error": "\(error)"])
        }
        return true
    }

    /// Outbox messages read, sent and marked delivered at a time: each chunk waits for its delivery reports, so
    /// large chunks keep a burst of transitions (thousands after a backlog) to a few round trips.
    static let publishChunk = 5_000

    /// Publishes pending outbox messages in order; stops at the first failed delivery (the rest stay
    /// pending and go again next time, so a consumer may see a repeated `(alertId, sequence)`).
    private func publishOutbox() async throws {
        while true {
            let entries = try await store.pendingOutbox(limit: Self.publishChunk, indicators: ownIndicators)
            guard !entries.isEmpty else { return }
            let messages = entries.map {
                KafkaProducerMessage(topic: configuration.alertsTopic, key: $0.message.key, value: [UInt8]($0.message.payload))
            }
            let reports = try await producer.sendAll(messages)
            let delivered = zip(entries, reports).prefix { $0.1.isDelivered }.map(\.0)
            for entry in delivered { logPublished(entry.message) }
            try await store.markOutboxDelivered(ids: delivered.map(\.id))
            if delivered.count < entries.count {
                let error = reports[delivered.count].error.map { "\($0)" } ?? "unknown"
                logger.warning("alert messages not delivered; retrying later", metadata: ["pending": "\(entries.count - delivered.count)", "error": "\(error)"])
                return
            }
        }
    }

    /// One log line per published alert: id, sequence, status, severity, value and target (alerts carry
    /// aggregates only).
    private func logPublished(_ message: OutboxMessage) {
        let fields = AlertLogFields.parse(message.payload)
        metrics.alertEmitted(severity: fields?.severity ?? "unknown", status: fields?.status ?? "unknown")
        logger.info("alert published", metadata: [
            "alertId": "\(message.alertId)", "sequence": "\(message.sequence)", "status": "\(fields?.status ?? "?")",
            "severity": "\(fields?.severity ?? "?")", "value": "\(fields?.value ?? "null")",
            "target": "\(fields?.target ?? "none")",
        ])
    }
}
