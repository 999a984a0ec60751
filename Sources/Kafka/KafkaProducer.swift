import Dispatch
import Foundation
import Logging
import Synchronization

/// Produces messages and surfaces every delivery report to the caller.
///
/// Idempotent by default (see `KafkaProducerConfiguration`). A dedicated thread serves librdkafka's events
/// (delivery reports) with `rd_kafka_poll`; callers await their reports without blocking any thread of the
/// cooperative pool:
/// - `send(_:)` awaits the report of one message and throws if it failed;
/// - `sendAll(_:)` enqueues many messages and returns every report, in order (throughput path).
/// Both return when `close()` races them (what was not handed to librdkafka before the close fails with kind
/// `.closed`), and throw `CancellationError` at once when their task is cancelled, leaving no waiter behind.
/// A fatal client error (`rd_kafka_fatal_error`) fails them with `KafkaError` of kind `.fatal`.
/// Call `close()` to flush and release the client.
public final class KafkaProducer: Sendable {
    private let client: RDKafkaClient
    let deliveries: DeliveryRegistry
    /// True once `close()` started. Held while a message is handed to librdkafka, so that a message is either
    /// produced before the close begins (its report comes through `flush`, or `close` fails it) or refused.
    private let closedGate = Mutex(false)
    private let pollThread: RDKafkaPollThread
    private let blockingQueue = DispatchQueue(label: "popstream.kafka.producer.blocking", attributes: .concurrent)
    public let logger: Logger

    /// Creates the producer; throws `KafkaError` (kind `.configuration`) with librdkafka's message when a
    /// property is unknown or invalid.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "popstream.kafka.producer")) throws {
        let deliveries = DeliveryRegistry()
        let context = RDKafkaCallbackContext(logger: logger, onDelivery: { id, report in
            deliveries.resolve(id, report)
        })
        let client = try RDKafkaClient(type: .producer, properties: configuration.librdkafkaProperties, context: context)
        self.client = client
        self.deliveries = deliveries
        self.logger = logger
        self.pollThread = RDKafkaPollThread(name: "popstream.kafka.producer.poll", client: client)
    }

    deinit {
        pollThread.stop()
    }

    /// Produces one message and waits for its delivery report; throws `KafkaError` when it cannot be delivered
    /// (kind `.fatal` once the producer hit a fatal error, `.closed` when it is closed), `CancellationError`
    /// when the task is cancelled (the message may still be delivered).
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        try checkUsable()
        try Task.checkCancellation()
        let deliveries = self.deliveries
        let id = deliveries.makeID()
        let report: KafkaDeliveryReport? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                deliveries.register(id, .single(continuation))
                if let error = enqueue(message, id: id) {
                    deliveries.resolve(id, Self.failure(message, error))
                }
                if Task.isCancelled { deliveries.cancel(id) }
            }
        } onCancel: {
            deliveries.cancel(id)
        }
        guard let report else { throw CancellationError() }
        if let error = report.error { throw error }
        return report
    }

    /// Produces every message (waiting for delivery reports while librdkafka's local queue is full) and returns
    /// their delivery reports in the order of `messages`. A failed message has a report with `error` set; nothing
    /// is retried here. When `close()` starts meanwhile, the messages not yet handed to librdkafka get reports
    /// of kind `.closed` at once. Throws `KafkaError` when the producer is closed (`.closed`) or failed
    /// (`.fatal`) before the call, and `CancellationError` at once when the task is cancelled (messages already
    /// handed over may still be delivered; their reports are dropped).
    public func sendAll(_ messages: [KafkaProducerMessage]) async throws -> [KafkaDeliveryReport] {
        try checkUsable()
        let deliveries = self.deliveries
        let collector = DeliveryCollector(count: messages.count)
        var ids: [UInt64] = []
        ids.reserveCapacity(messages.count)
        do {
            for (index, message) in messages.enumerated() {
                try Task.checkCancellation()
                let id = deliveries.makeID()
                ids.append(id)
                deliveries.register(id, .collector(collector, index))
                if let error = try await enqueueWaitingForRoom(message, id: id) {
                    deliveries.resolve(id, Self.failure(message, error))
                }
            }
            return try await withTaskCancellationHandler {
                try await collector.wait()
            } onCancel: {
                collector.cancel()
            }
        } catch {
            deliveries.forget(ids)
            throw error
        }
    }

    /// Waits until every enqueued message is delivered or failed.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        let client = self.client
        try await blockingCall(on: blockingQueue) { try client.flush(timeoutMs: timeout.milliseconds) }
    }

    /// Flushes (up to `timeout`), stops the poll thread and fails any report still awaited (kind `.closed`).
    /// A `send` or `sendAll` running meanwhile returns: a message it hands over after the close started fails
    /// at once.
    public func close(timeout: Duration = .seconds(30)) async {
        let wasOpen = closedGate.withLock { closed in
            defer { closed = true }
            return !closed
        }
        guard wasOpen else { return }
        deliveries.wakeRoomWaiters()
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.warning("closing producer: \(error)")
        }
        await pollThread.stopAndWait()
        // Reports that never came (flush timed out): fail them rather than leave callers suspended.
        deliveries.failAll(KafkaDeliveryReport(topic: "", partition: -1, offset: nil, error: KafkaError.closed("producer")))
    }

    /// Connects to the cluster and loads its metadata now, not when the first message comes: librdkafka connects
    /// lazily, and an idempotent producer's first message then also waits for its producer id (measured: 0.8 s
    /// on the embedded broker, against 50 ms once prepared). The partitions of `topics` (those the producer will
    /// write to) are loaded too: librdkafka otherwise learns them at its next periodic topic scan after the first
    /// message names them (up to a second later; measured: 0.85 s for a restarted worker's first dead letters).
    /// Waits at most `timeout` per step; throws `KafkaError` when no broker answered, which leaves the producer
    /// as it was (it connects on its first message instead).
    public func prepare(topics: [String] = [], timeout: Duration = .seconds(10)) async throws {
        let client = self.client
        _ = try await blockingCall(on: blockingQueue) { try client.topics(timeoutMs: timeout.milliseconds) }
        for topic in topics {
            try await blockingCall(on: blockingQueue) { try client.loadTopic(topic, timeoutMs: timeout.milliseconds) }
        }
    }

    /// Hands `message` to librdkafka unless the producer is closed; nil when queued, else why not (a full local
    /// queue included). Atomic with the start of `close()`.
    private func enqueue(_ message: KafkaProducerMessage, id: UInt64) -> KafkaError? {
        closedGate.withLock { closed -> KafkaError? in
            guard !closed else { return KafkaError.closed("producer") }
            return client.produce(message, id: id)
        }
    }

    /// `enqueue`, waiting for room while the local queue is full; returns the error the message failed with.
    private func enqueueWaitingForRoom(_ message: KafkaProducerMessage, id: UInt64) async throws -> KafkaError? {
        while true {
            guard let error = enqueue(message, id: id) else { return nil }
            guard error.isQueueFull else { return error }
            // The local queue is full: wait for the poll thread to serve a delivery report, then retry.
            try Task.checkCancellation()
            await deliveries.waitForRoom(timeout: .milliseconds(100))
        }
    }

    /// Throws when the producer is closed or hit a fatal error.
    private func checkUsable() throws(KafkaError) {
        if closedGate.withLock({ $0 }) { throw KafkaError.closed("producer") }
        if let fatal = client.fatalError() { throw fatal }
    }

    /// Raises a fabricated fatal error in librdkafka (`rd_kafka_test_fatal_error`), for tests.
    func triggerFatalErrorForTesting(code: Int32, reason: String) {
        client.triggerFatalErrorForTesting(code: code, reason: reason)
    }

    private static func failure(_ message: KafkaProducerMessage, _ error: KafkaError) -> KafkaDeliveryReport {
        KafkaDeliveryReport(topic: message.topic, partition: message.partition ?? -1, offset: nil, error: error)
    }
}
