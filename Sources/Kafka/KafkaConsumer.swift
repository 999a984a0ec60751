import Dispatch
import Foundation
import Logging
import Synchronization

/// Consumes messages in batches, with manual offsets and caller-driven rebalances.
///
/// - Polling: `poll(maxMessages:timeout:)` runs librdkafka's batch API (`rd_kafka_consume_batch_queue`) on the
///   consumer's own serial Dispatch queue (the poll queue) and suspends the calling task meanwhile; cancelling
///   the task wakes the call at once (`rd_kafka_queue_yield`). `batches()` is the same as an `AsyncSequence`.
/// - Calls librdkafka 2.0.x does not support alongside the batch API (`seek`, `assign`, `subscribe`, `close`)
///   run on the same poll queue, between two batch calls (a poll in progress is woken to let them in).
/// - Offsets: never committed automatically. Commit what is durable with `commit(_:)`.
/// - Rebalances: the `KafkaRebalanceHandler` runs inside `poll`, on the poll queue, before any message of the
///   newly assigned partitions is returned; its `assigned` result is the start offset of each partition. A
///   handler that throws makes that `poll` throw `KafkaRebalanceHandlerError`. Events (a lost assignment told
///   apart from a clean revocation) are also published on `rebalanceEvents`, and every assignment change
///   increments `assignmentGeneration`, which each batch carries.
/// - A fatal client error is thrown by `poll` as `KafkaError` of kind `.fatal`, at every call from then on.
/// - The other blocking calls (`commit`, `committed`, `watermarks`, `assignment`) run on a separate concurrent
///   Dispatch queue, so they may be called from a rebalance handler.
/// Call `close()` to leave the group cleanly.
public final class KafkaConsumer: Sendable {
    let client: RDKafkaClient
    private let rebalancer: RDKafkaRebalancer
    private let identity: ConsumerIdentity
    private let pollQueue = DispatchQueue(label: "popstream.kafka.consumer.poll")
    let blockingQueue = DispatchQueue(label: "popstream.kafka.consumer.blocking", attributes: .concurrent)
    private enum Lifecycle { case open, closing, closed }
    /// `closing` while `close()` runs: the final revocation handler may still commit and query offsets.
    private let lifecycle = Mutex(Lifecycle.open)
    /// The error of a `subscribe` or `assign` request, thrown by the next `poll`.
    private let requestFailure = PendingFailure()
    public let logger: Logger
    /// Every assignment, revocation and loss, in order (the newest 256 are kept when nobody reads).
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
        let identity = ConsumerIdentity()
        let rebalancer = RDKafkaRebalancer(logger: logger, publish: { continuation.yield($0) }) { event in
            // Runs on the poll queue inside rd_kafka_consume_batch_queue / rd_kafka_consumer_close: a Dispatch
            // thread of this consumer, never the cooperative pool, so waiting here for the async handler is safe
            // (the handler itself runs on the cooperative pool, marked as this consumer's handler).
            runAndWait {
                await RebalanceHandlerScope.$consumer.withValue(identity.id) {
                    do {
                        return .success(try await rebalanceHandler.run(event))
                    } catch {
                        return .failure(error)
                    }
                }
            }
        }
        let context = RDKafkaCallbackContext(logger: logger, rebalancer: rebalancer)
        self.client = try RDKafkaClient(type: .consumer, properties: configuration.librdkafkaProperties, context: context)
        self.rebalancer = rebalancer
        self.identity = identity
        self.logger = logger
        self.rebalanceEvents = stream
        self.rebalanceContinuation = continuation
    }

    deinit {
        rebalanceContinuation.finish()
        // Not closed? Then rd_kafka_destroy closes the consumer, which serves a final revocation: without
        // calling the rebalance handler. The client is destroyed on its own queue once its last reference
        // (this consumer, a poll in flight, or a batch still held somewhere) is gone.
        rebalancer.disableHandlers()
    }

    /// Joins the group and subscribes to `topics`; partitions arrive through rebalances during `poll`.
    /// Subscribing again (same topics or not) makes the group rebalance, so the `assigned` handler runs again.
    ///
    /// Does not block: the request runs on the poll queue (never on the caller's thread, which may be a
    /// cooperative one), in call order with `assign`, `seek`, `assignment` and before the next `poll`, which
    /// throws librdkafka's error if the request failed.
    public func subscribe(topics: [String]) throws {
        try checkCallable("subscribe", allowClosing: false)
        let client = self.client
        submitToPollQueue("subscribe") { () throws(KafkaError) in try client.subscribe(topics) }
    }

    /// Consumes the given partitions from the given offsets, without group management; increments
    /// `assignmentGeneration`.
    ///
    /// Does not block: like `subscribe`, the request runs on the poll queue before the next `poll`, which
    /// throws librdkafka's error if it failed.
    public func assign(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws {
        try checkCallable("assign", allowClosing: false)
        let client = self.client
        let rebalancer = self.rebalancer
        submitToPollQueue("assign") { () throws(KafkaError) in
            try client.assign(offsets)
            rebalancer.bumpGeneration()
        }
    }

    /// The partitions currently assigned to this consumer. Asked on the poll queue (a poll in progress is
    /// woken), so it reflects every `assign` and `subscribe` made before.
    public func assignment() async throws -> [KafkaTopicPartition] {
        try checkCallable("assignment")
        let client = self.client
        return try await serialisedWithPoll { try client.assignment().sorted() }
    }

    /// How many times the assignment changed so far: incremented when an assignment takes effect, after a
    /// revocation's handler has returned, before a lost assignment's handler runs, and by `assign`. Compare
    /// it with a batch's `assignmentGeneration` to know whether the batch predates the current assignment.
    public var assignmentGeneration: UInt64 { rebalancer.generation }

    /// Returns up to `maxMessages` messages: librdkafka's batch call returns when `maxMessages` are ready or
    /// when `timeout` has passed, whichever comes first (an empty batch when nothing came), and right after a
    /// rebalance. So `timeout` bounds the latency a batch adds: keep it short (10-50 ms) where latency matters,
    /// longer for throughput. Cancellation ends the wait at once and throws `CancellationError`.
    ///
    /// Also serves rebalances; throws `KafkaRebalanceHandlerError` when a handler failed (the messages of this
    /// poll are then dropped), and `KafkaError` of kind `.fatal` once the client hit a fatal error.
    public func poll(maxMessages: Int = 1000, timeout: Duration = .milliseconds(500)) async throws -> KafkaMessageBatch {
        try checkCallable("poll", allowClosing: false)
        try Task.checkCancellation()
        let client = self.client
        let requestFailure = self.requestFailure
        let max = Swift.max(1, maxMessages)
        let cancellation = PollCancellation()
        let batch = try await withTaskCancellationHandler {
            try await blockingCall(on: pollQueue) {
                if let failure = requestFailure.take() { throw failure }
                return try client.pollBatch(maxMessages: max, timeoutMs: timeout.milliseconds, cancellation: cancellation)
            }
        } onCancel: {
            cancellation.cancel()
            client.wakeConsumer()
        }
        if batch.isEmpty { try Task.checkCancellation() }
        return batch
    }

    /// Non-empty batches, as they arrive, until the task is cancelled or the consumer closed.
    public func batches(maxMessages: Int = 1000) -> KafkaBatchSequence {
        KafkaBatchSequence(consumer: self, maxMessages: maxMessages)
    }

    /// Moves assigned partitions to new offsets; the next `poll` returns messages from there. Runs on the poll
    /// queue between two batch calls (librdkafka 2.0.x loses or misplaces messages when a seek runs during one).
    public func seek(_ offsets: [KafkaTopicPartition: KafkaOffset], timeout: Duration = .seconds(10)) async throws {
        try checkCallable("seek", allowClosing: false)
        let client = self.client
        try await serialisedWithPoll { try client.seek(offsets, timeoutMs: timeout.milliseconds) }
    }

    /// Leaves the group (running the final revocation through the rebalance handler) and stops fetching.
    /// Idempotent. The consumer cannot be used afterwards. Throws `KafkaRebalanceHandlerError` when the final
    /// revocation handler threw (the consumer is closed all the same), and `KafkaError` of kind `.timeout`
    /// when librdkafka's close did not finish within `timeout` (librdkafka 2.0.x can block a close for ever
    /// after a lost partition): the consumer is then unusable all the same, and is destroyed without closing.
    public func close(timeout: Duration = .seconds(30)) async throws {
        try checkCallable("close", checkLifecycle: false)
        let wasOpen = lifecycle.withLock { state in
            defer { if state == .open { state = .closing } }
            return state == .open
        }
        guard wasOpen else { return }
        let client = self.client
        let rebalancer = self.rebalancer
        client.wakeConsumer()
        defer {
            lifecycle.withLock { $0 = .closed }
            rebalanceContinuation.finish()
        }
        try await blockingCall(on: pollQueue) {
            rebalancer.assignImmediately()
            let closeError: KafkaError?
            do throws(KafkaError) {
                try client.closeConsumer(timeoutMs: timeout.milliseconds)
                closeError = nil
            } catch {
                closeError = error
            }
            if let failure = rebalancer.takeFailure() { throw failure }
            if let closeError { throw closeError }
        }
    }

    /// Runs `body` on the poll queue, after waking a batch call in progress so that it does not wait for it.
    private func serialisedWithPoll<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        client.wakeConsumer()
        return try await blockingCall(on: pollQueue, body)
    }

    /// Runs `body` on the poll queue without waiting for it; its error is kept for the next `poll` to throw.
    private func submitToPollQueue(_ call: String, _ body: @escaping @Sendable () throws(KafkaError) -> Void) {
        let requestFailure = self.requestFailure
        let logger = self.logger
        client.wakeConsumer()
        pollQueue.async {
            do throws(KafkaError) {
                try body()
            } catch {
                logger.error("\(call) failed: \(error)")
                requestFailure.record(error)
            }
        }
    }

    /// Refuses a call that would wait for the poll serving this consumer's rebalance handler when made from that
    /// handler (it would never return), then checks the lifecycle.
    private func checkCallable(_ call: String, allowClosing: Bool = true, checkLifecycle: Bool = true) throws(KafkaError) {
        if identity.isRunningHandler {
            throw KafkaError(kind: .client, message: "\(call) cannot be called from this consumer's rebalance handler")
        }
        if checkLifecycle { try checkOpen(allowClosing: allowClosing) }
    }

    /// Offset calls stay allowed while closing (from the final revocation handler); polling and changing the
    /// subscription or assignment do not.
    func checkOpen(allowClosing: Bool = true) throws(KafkaError) {
        let state = lifecycle.withLock { $0 }
        if state == .closed || (state == .closing && !allowClosing) { throw KafkaError.closed("consumer") }
    }
}
