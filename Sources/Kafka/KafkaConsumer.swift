import Dispatch
import Foundation
import Logging
import Synchronization

/// Consumes messages in batches, with manual offsets and caller-driven rebalances.
///
/// - Polling: `poll(maxMessages:timeout:)` runs librdkafka's batch API (`rd_kafka_consume_batch_queue`) on the
///   consumer's own serial Dispatch queue and suspends the calling task meanwhile; cancelling the task wakes
///   the call at once (`rd_kafka_queue_yield`). `batches()` is the same as an `AsyncSequence`.
/// - Offsets: never committed automatically. Commit what is durable with `commit(_:)`.
/// - Rebalances: the `KafkaRebalanceHandler` runs inside `poll`, on the poll queue, before any message of the
///   newly assigned partitions is returned; its `assigned` result is the start offset of each partition
///   (eager protocol: `rd_kafka_assign` with those offsets). Events are also published on `rebalanceEvents`.
/// - Other blocking calls (`commit`, `committed`, `watermarks`, `seek`) run on a separate Dispatch queue, so
///   they may be called from a rebalance handler.
/// Call `close()` to leave the group cleanly.
public final class KafkaConsumer: Sendable {
    private let client: RDKafkaClient
    private let pollQueue = DispatchQueue(label: "popstream.kafka.consumer.poll")
    private let blockingQueue = DispatchQueue(label: "popstream.kafka.consumer.blocking", attributes: .concurrent)
    private enum Lifecycle { case open, closing, closed }
    /// `closing` while `close()` runs: the final revocation handler may still commit and query offsets.
    private let lifecycle = Mutex(Lifecycle.open)
    public let logger: Logger
    /// Every assignment and revocation, in order (the newest 256 are kept when nobody reads).
    public let rebalanceEvents: AsyncStream<KafkaRebalanceEvent>
    private let rebalanceContinuation: AsyncStream<KafkaRebalanceEvent>.Continuation

    /// Creates the consumer; throws `KafkaError` (kind `.configuration`) with librdkafka's message when a
    /// property is unknown or invalid.
    public init(
        configuration: KafkaConsumerConfiguration,
        rebalanceHandler: KafkaRebalanceHandler = .committedOffsets,
        logger: Logger = Logger(label: "popstream.kafka.consumer")
    ) throws {
        let (stream, continuation) = AsyncStream.makeStream(of: KafkaRebalanceEvent.self, bufferingPolicy: .bufferingNewest(256))
        let context = RDKafkaCallbackContext(logger: logger, onRebalance: { event in
            // Runs on the poll queue inside rd_kafka_consume_batch_queue / rd_kafka_consumer_close: a
            // Dispatch thread of this consumer, never the cooperative pool, so waiting here for the async
            // handler is safe (the handler itself runs on the cooperative pool).
            let offsets: [KafkaTopicPartition: KafkaOffset]? = runAndWait {
                switch event {
                case .assigned(let partitions): return await rebalanceHandler.assigned(partitions)
                case .revoked(let partitions):
                    await rebalanceHandler.revoked(partitions)
                    return [:]
                }
            }
            continuation.yield(event)
            return offsets ?? [:]
        })
        self.client = try RDKafkaClient(type: .consumer, properties: configuration.librdkafkaProperties, context: context)
        self.logger = logger
        self.rebalanceEvents = stream
        self.rebalanceContinuation = continuation
    }

    deinit {
        rebalanceContinuation.finish()
        // Not closed? Then rd_kafka_destroy closes the consumer, which blocks and serves a final revocation:
        // without calling the rebalance handler. The client is destroyed on its own queue once its last
        // reference (this consumer, a poll in flight, or a batch still held somewhere) is gone.
        client.context.disableHandlers()
    }

    /// Joins the group and subscribes to `topics`; partitions arrive through rebalances during `poll`.
    public func subscribe(topics: [String]) throws {
        try checkOpen(allowClosing: false)
        try client.subscribe(topics)
    }

    /// Consumes the given partitions from the given offsets, without group management.
    public func assign(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws {
        try checkOpen(allowClosing: false)
        try client.assign(offsets)
    }

    /// The partitions currently assigned to this consumer.
    public func assignment() throws -> [KafkaTopicPartition] {
        try checkOpen()
        return try client.assignment().sorted()
    }

    /// Returns up to `maxMessages` messages: librdkafka's batch call returns when `maxMessages` are ready or
    /// when `timeout` has passed, whichever comes first (an empty batch when nothing came). So `timeout` bounds
    /// the latency a batch adds: keep it short (10-50 ms) where latency matters, longer for throughput.
    /// Also serves rebalances. Cancellation ends the wait at once and throws `CancellationError`.
    public func poll(maxMessages: Int = 1000, timeout: Duration = .milliseconds(500)) async throws -> KafkaMessageBatch {
        try checkOpen(allowClosing: false)
        try Task.checkCancellation()
        let client = self.client
        let max = Swift.max(1, maxMessages)
        let buffer = try await withTaskCancellationHandler {
            try await blockingCall(on: pollQueue) {
                try client.consumeBatch(maxMessages: max, timeoutMs: timeout.milliseconds)
            }
        } onCancel: {
            client.wakeConsumer()
        }
        if buffer == nil { try Task.checkCancellation() }
        return KafkaMessageBatch(buffer: buffer)
    }

    /// Non-empty batches, as they arrive, until the task is cancelled or the consumer closed.
    public func batches(maxMessages: Int = 1000) -> KafkaBatchSequence {
        KafkaBatchSequence(consumer: self, maxMessages: maxMessages)
    }

    /// Commits `offsets` (each the offset of the NEXT message to consume) synchronously to the group.
    public func commit(_ offsets: [KafkaTopicPartition: KafkaOffset]) async throws {
        guard !offsets.isEmpty else { return }
        try checkOpen()
        let client = self.client
        try await blockingCall(on: blockingQueue) { try client.commit(offsets) }
    }

    /// Commits the end of `batch` (last offset + 1 of each partition in it).
    public func commit(_ batch: KafkaMessageBatch) async throws {
        try await commit(batch.nextOffsets)
    }

    /// The group's committed offsets (`KafkaOffset.invalid` where none).
    public func committed(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws -> [KafkaTopicPartition: KafkaOffset] {
        try checkOpen()
        let client = self.client
        return try await blockingCall(on: blockingQueue) {
            try client.committed(partitions, timeoutMs: timeout.milliseconds)
        }
    }

    /// The offset of the next message this consumer will return per partition (`invalid` when unknown).
    public func position(_ partitions: [KafkaTopicPartition]) throws -> [KafkaTopicPartition: KafkaOffset] {
        try checkOpen()
        return try client.position(partitions)
    }

    /// Moves assigned partitions to new offsets; the next `poll` returns messages from there.
    public func seek(_ offsets: [KafkaTopicPartition: KafkaOffset], timeout: Duration = .seconds(10)) async throws {
        try checkOpen()
        let client = self.client
        try await blockingCall(on: blockingQueue) { try client.seek(offsets, timeoutMs: timeout.milliseconds) }
    }

    /// Asks the partition leader for the low and high watermark.
    public func watermarks(_ partition: KafkaTopicPartition, timeout: Duration = .seconds(10)) async throws -> KafkaWatermarks {
        try checkOpen()
        let client = self.client
        return try await blockingCall(on: blockingQueue) {
            try client.watermarks(partition, timeoutMs: timeout.milliseconds)
        }
    }

    /// Messages between the committed offset (the low watermark when none) and the high watermark, per partition.
    public func lag(_ partitions: [KafkaTopicPartition], timeout: Duration = .seconds(10)) async throws -> [KafkaTopicPartition: Int64] {
        let committed = try await committed(partitions, timeout: timeout)
        var result: [KafkaTopicPartition: Int64] = [:]
        for partition in partitions {
            let marks = try await watermarks(partition, timeout: timeout)
            let start = committed[partition].flatMap { $0.isAbsolute ? $0.rawValue : nil } ?? marks.low
            result[partition] = max(0, marks.high - start)
        }
        return result
    }

    /// Leaves the group (running the final revocation through the rebalance handler) and stops fetching.
    /// Idempotent. The consumer cannot be used afterwards.
    public func close() async throws {
        let wasOpen = lifecycle.withLock { state in
            defer { if state == .open { state = .closing } }
            return state == .open
        }
        guard wasOpen else { return }
        let client = self.client
        client.wakeConsumer()
        defer {
            lifecycle.withLock { $0 = .closed }
            rebalanceContinuation.finish()
        }
        try await blockingCall(on: pollQueue) { try client.closeConsumer() }
    }

    /// Offset calls stay allowed while closing (from the final revocation handler); polling and changing the
    /// subscription or assignment do not.
    private func checkOpen(allowClosing: Bool = true) throws(KafkaError) {
        let state = lifecycle.withLock { $0 }
        if state == .closed || (state == .closing && !allowClosing) { throw KafkaError.closed("consumer") }
    }
}

/// Runs `body` as a task and blocks the current (non-cooperative) thread until it returns.
private func runAndWait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T? {
    let result = Mutex<T?>(nil)
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        result.withLock { $0 = value }
        semaphore.signal()
    }
    semaphore.wait()
    return result.withLock { $0 }  // set before the signal that ended the wait
}
