import Kafka
import Logging
import PopStreamCore
import ServiceLifecycle

/// The notifier: reads the alerts topic in its own consumer group, logs each alert once, and forwards it
/// to every destination (each with its own worker, queue and retries), dropping the copies of an
/// (alertId, sequence) that the ledger shows as forwarded. Offsets are committed once every destination
/// has finished with a message (at least once, copies dropped by the ledger). Runs under a
/// `ServiceGroup`: a graceful shutdown stops reading, lets deliveries in progress finish (for at most
/// `drainTimeout`), commits and leaves the group.
public final class AlertNotifierService: Service, Sendable {
    private let configuration: NotifierConfiguration
    private let consumer: KafkaConsumer
    private let ledger: NotifierLedger
    private let poster: HTTPPoster
    private let workers: [DestinationWorker]
    private let tracker: CommitTracker
    private let stop = StopSignal()
    private let logger: Logger

    /// Opens the ledger, creates the HTTP client and the consumer (nothing is read before `run`).
    /// - Throws: `NotifierConfigurationError` for an unusable state file or Kafka setting.
    public init(configuration: NotifierConfiguration, logger: Logger) throws(NotifierConfigurationError) {
        if let strategy = configuration.kafkaProperties["partition.assignment.strategy"], strategy.contains("cooperative") {
            throw NotifierConfigurationError("--kafka-config partition.assignment.strategy=\(strategy): the notifier supports the eager strategies only")
        }
        let ledger = try NotifierLedger(path: configuration.statePath)
        let tracker = CommitTracker()
        let consumerHolder = ConsumerReference()
        let handler = NotifierRebalanceHandler.make(tracker: tracker, fromBeginning: configuration.fromBeginning,
                                                    consumer: consumerHolder, logger: logger)
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: configuration.bootstrapServers,
                                                               groupID: configuration.groupID)
        consumerConfiguration.clientID = "popstream-alert-notifier"
        consumerConfiguration.autoOffsetReset = .earliest
        consumerConfiguration.properties = configuration.kafkaProperties
        do {
            consumer = try KafkaConsumer(configuration: consumerConfiguration, rebalanceHandler: handler, logger: logger)
        } catch let error as KafkaError {
            throw NotifierConfigurationError("--kafka-config: \(error.message)")
        } catch {
            throw NotifierConfigurationError("cannot create the Kafka consumer: \(error)")
        }
        consumerHolder.consumer = consumer
        let poster = HTTPPoster(timeout: configuration.requestTimeout)
        let destinations = DestinationFactory.destinations(for: configuration, poster: poster)
        self.workers = destinations.map {
            DestinationWorker(destination: $0, ledger: ledger, retry: configuration.retry, logger: logger)
        }
        self.configuration = configuration
        self.ledger = ledger
        self.poster = poster
        self.tracker = tracker
        self.logger = logger
    }

    /// Runs until a graceful shutdown (or cancellation); throws on an unrecoverable error (a fatal Kafka
    /// error, a ledger that cannot be written).
    public func run() async throws {
        let stop = self.stop
        try await withGracefulShutdownHandler {
            try await runUntilStopped()
        } onGracefulShutdown: {
            stop.stop()
        }
    }

    /// Stops the service as a graceful shutdown does (for embedding without a `ServiceGroup`).
    public func triggerStop() { stop.stop() }

    private enum Child: Sendable { case worker, ticker, deadline }

    private func runUntilStopped() async throws {
        logger.info("alert notifier started", metadata: [
            "topic": "\(configuration.topic)", "group": "\(configuration.groupID)",
            "destinations": "\(workers.map { "\($0.destination.name)" }.joined(separator: ","))"])
        var failure: (any Error)?
        await withTaskGroup(of: Child.self) { group in
            for worker in workers {
                group.addTask { await worker.run(); return .worker }
            }
            if let interval = configuration.resendInterval, workers.contains(where: { $0.destination.followsLatestState }) {
                group.addTask { [workers, stop] in
                    repeat {
                        for worker in workers where worker.destination.followsLatestState { worker.requestResend() }
                    } while await stop.sleep(for: interval)
                    return .ticker
                }
            }
            do {
                try await consume()
            } catch {
                failure = error
            }
            stop.stop()
            for worker in workers { worker.finish() }
            let drainTimeout = configuration.drainTimeout
            group.addTask {
                try? await Task.sleep(for: drainTimeout)
                return .deadline
            }
            var running = workers.count
            while running > 0, let child = await group.next() {
                switch child {
                case .worker: running -= 1
                case .ticker: break
                case .deadline:
                    logger.warning("deliveries still in progress abandoned; they are forwarded after the restart")
                    group.cancelAll()
                }
            }
            group.cancelAll()
        }
        await commitDone()
        do {
            try await consumer.close()
        } catch {
            logger.warning("consumer close failed", metadata: ["error": "\(error)"])
        }
        await poster.shutdown()
        if let failure { throw failure }
        logger.info("alert notifier stopped")
    }

    private func consume() async throws {
        try consumer.subscribe(topics: [configuration.topic])
        while !stop.isStopped {
            while await tracker.inFlight >= configuration.maxInFlight, !stop.isStopped {
                await commitDone()
                _ = await stop.sleep(for: .milliseconds(50))
            }
            if stop.isStopped { break }
            let batch = try await consumer.poll(maxMessages: 200, timeout: .milliseconds(200))
            // A batch fetched before a rebalance is dropped: its partitions restart at the committed offsets.
            if !batch.isEmpty && batch.assignmentGeneration == consumer.assignmentGeneration {
                for message in batch { try await intake(message) }
            }
            await commitDone()
        }
    }

    /// Reads one message: logs it and queues it on every destination, or logs and skips it when unparseable.
    private func intake(_ message: KafkaMessage) async throws {
        let partition = message.topicPartition
        let alert: ReceivedAlert
        do {
            alert = try ReceivedAlert(bytes: Array(message.value))
        } catch {
            NotifierMetrics.message("unparseable")
            logger.warning("unparseable message skipped", metadata: [
                "topic": "\(message.topic)", "partition": "\(message.partition)", "offset": "\(message.offset)",
                "reason": "\(error.reason)"])
            _ = await tracker.register(partition, offset: message.offset, destinations: 0)
            return
        }
        NotifierMetrics.message("alert")
        if let key = message.key?.string, key != alert.message.alertId {
            logger.warning("message key differs from its alertId", metadata: [
                "partition": "\(message.partition)", "offset": "\(message.offset)", "alertId": "\(alert.message.alertId)"])
        }
        let observation = try await ledger.observe(alert)
        if observation.isNewTransition {
            logger.info("alert", metadata: AlertLogLine.metadata(alert.message))
        } else {
            logger.debug("alert read again", metadata: AlertLogLine.metadata(alert.message))
        }
        let ticket = await tracker.register(partition, offset: message.offset, destinations: workers.count)
        let tracker = self.tracker
        for worker in workers {
            worker.enqueue(DestinationWorker.Delivery(alert: alert, observation: observation) {
                await tracker.complete(ticket)
            })
        }
    }

    /// Commits what every destination has finished with; a refused commit is retried at the next round.
    private func commitDone() async {
        let offsets = await tracker.committable()
        guard !offsets.isEmpty else { return }
        do {
            try await consumer.commit(offsets)
            await tracker.committed(offsets)
        } catch {
            logger.debug("commit refused, retried later", metadata: ["error": "\(error)"])
        }
    }
}
