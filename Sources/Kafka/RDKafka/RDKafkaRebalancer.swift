import CRdKafka
import Logging
import Synchronization

/// Serves a consumer's rebalance callbacks (`rebalance_cb`), which librdkafka calls on the poll thread from
/// inside `rd_kafka_consume_batch_queue` (or `rd_kafka_consumer_close` / `rd_kafka_destroy`).
///
/// - Runs the owner's handler (`handle`) for each event and records a thrown error, which the poll that served
///   the event throws (`takeFailure`). A failed assignment assigns nothing: the partitions are not consumed,
///   and never fall back to the group's committed offsets.
/// - Tells a lost assignment (`rd_kafka_assignment_lost`) from a clean revocation.
/// - Counts assignment changes (`generation`): after a revocation once its handler has returned (before the
///   handler when the partitions are lost: they may already be someone else's), and when an assignment
///   takes effect.
/// - Defers an assignment made inside a batch call until that call has returned (`applyPendingAssignment`)
///   and ends the call right after a rebalance (`rd_kafka_queue_yield`, and `callbacksServed` for the
///   consumer's own loop), so a batch never mixes messages fetched under two generations. While closing (or
///   when handlers are disabled) it assigns at once.
final class RDKafkaRebalancer: Sendable {
    /// Runs the owner's handler for an event; returns the start offsets of an assignment.
    typealias Handler = @Sendable (KafkaRebalanceEvent) -> Result<[KafkaTopicPartition: KafkaOffset], any Error>

    private struct PendingAssignment {
        var partitions: [(partition: KafkaTopicPartition, offset: KafkaOffset)]
        var cooperative: Bool
        /// Published once applied; nil for the empty assignment that follows a failed handler.
        var event: KafkaRebalanceEvent?
    }

    private struct State {
        var pending: PendingAssignment?
        var failure: KafkaRebalanceHandlerError?
        var assignImmediately = false
        var handlersEnabled = true
    }

    private let handler: Handler
    private let publish: @Sendable (KafkaRebalanceEvent) -> Void
    private let logger: Logger
    private let state = Mutex(State())
    private let generationCounter = Atomic<UInt64>(0)
    private let callbackCounter = Atomic<UInt64>(0)

    init(logger: Logger, publish: @escaping @Sendable (KafkaRebalanceEvent) -> Void, handler: @escaping Handler) {
        self.logger = logger
        self.publish = publish
        self.handler = handler
    }

    /// The number of rebalance callbacks served so far (a batch call that served one ends right after it).
    var callbacksServed: UInt64 { callbackCounter.load(ordering: .acquiring) }

    /// The number of assignment changes so far.
    var generation: UInt64 { generationCounter.load(ordering: .acquiring) }

    /// Counts one assignment change (also used for manual `assign`).
    func bumpGeneration() {
        generationCounter.wrappingAdd(1, ordering: .acquiringAndReleasing)
    }

    /// From now on, assignments are made inside the callback (closing: no batch call follows to apply them).
    func assignImmediately() {
        state.withLock { $0.assignImmediately = true }
    }

    /// The owner went away without closing: the final revocation inside `rd_kafka_destroy` only unassigns,
    /// without calling back into Swift code that may no longer expect it.
    func disableHandlers() {
        state.withLock {
            $0.handlersEnabled = false
            $0.assignImmediately = true
        }
    }

    /// The handler failure recorded since the last call, if any.
    func takeFailure() -> KafkaRebalanceHandlerError? {
        state.withLock { state in
            defer { state.failure = nil }
            return state.failure
        }
    }

    /// Makes the assignment decided during the last batch call; returns librdkafka's error if it refused.
    func applyPendingAssignment(on rk: OpaquePointer) -> KafkaError? {
        guard let pending = state.withLock({ state in
            defer { state.pending = nil }
            return state.pending
        }) else { return nil }
        let error = assign(rk, pending.partitions, cooperative: pending.cooperative)
        bumpGeneration()
        if error == nil, let event = pending.event { publish(event) }
        return error
    }

    /// The `rebalance_cb`.
    func handle(_ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
                _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) {
        defer { callbackCounter.wrappingAdd(1, ordering: .acquiringAndReleasing) }
        // NULL while the consumer is closing: treat as eager.
        let protocolName: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(rk)
        let cooperative = protocolName.map { String(cString: $0) } == "COOPERATIVE"
        let given = partitions.map { RDKafkaTopicPartitionList.elements(of: $0).map { ($0.partition, $0.offset) } } ?? []
        let list = given.map(\.0)
        let (enabled, immediately) = state.withLock { ($0.handlersEnabled, $0.assignImmediately) }
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.debug("rebalance: assigned \(list)")
            var pending = PendingAssignment(partitions: given, cooperative: cooperative, event: .assigned(list))
            if enabled {
                switch handler(.assigned(list)) {
                case .success(let offsets):
                    pending.partitions = given.map { ($0.0, offsets[$0.0] ?? $0.1) }
                case .failure(let error):
                    logger.error("rebalance: assigned handler failed, assigning nothing: \(error)")
                    record(KafkaRebalanceHandlerError(event: .assigned(list), underlying: error))
                    pending = PendingAssignment(partitions: [], cooperative: cooperative, event: nil)
                }
            }
            if immediately {
                if let error = assign(rk, pending.partitions, cooperative: cooperative) {
                    logger.error("assign failed: \(error)")
                }
                bumpGeneration()
                if let event = pending.event { publish(event) }
            } else {
                state.withLock { $0.pending = pending }
                endBatchCall(rk)
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            let event: KafkaRebalanceEvent = lost ? .lost(list) : .revoked(list)
            logger.debug("rebalance: \(event)")
            if lost { bumpGeneration() }
            if enabled, case .failure(let error) = handler(event) {
                logger.error("rebalance: \(lost ? "lost" : "revoked") handler failed: \(error)")
                record(KafkaRebalanceHandlerError(event: event, underlying: error))
            }
            unassign(rk, partitions, cooperative: cooperative)
            if !lost { bumpGeneration() }
            publish(event)
            if !immediately { endBatchCall(rk) }
        default:
            logger.error("rebalance error: \(KafkaError.from(err))")
            _ = rd_kafka_assign(rk, nil)
            bumpGeneration()
        }
    }

    private func record(_ failure: KafkaRebalanceHandlerError) {
        state.withLock { state in
            if state.failure == nil { state.failure = failure }
        }
    }

    private func assign(
        _ rk: OpaquePointer, _ partitions: [(partition: KafkaTopicPartition, offset: KafkaOffset)], cooperative: Bool
    ) -> KafkaError? {
        let list = RDKafkaTopicPartitionList(ordered: partitions)
        if cooperative {
            return rd_kafka_incremental_assign(rk, list.pointer).map { KafkaError.consuming($0) }
        }
        let result = rd_kafka_assign(rk, list.pointer)
        return result == RD_KAFKA_RESP_ERR_NO_ERROR ? nil : KafkaError.from(result, context: "assign")
    }

    private func unassign(
        _ rk: OpaquePointer, _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, cooperative: Bool
    ) {
        if cooperative {
            if let error = rd_kafka_incremental_unassign(rk, partitions) {
                logger.error("incremental unassign failed: \(KafkaError.consuming(error))")
            }
        } else {
            let result = rd_kafka_assign(rk, nil)
            if result != RD_KAFKA_RESP_ERR_NO_ERROR { logger.error("unassign failed: \(KafkaError.from(result))") }
        }
    }

    /// Makes the batch call that is serving this callback return as soon as the callback has: the messages it
    /// collected so far were all fetched under the generation it started with.
    private func endBatchCall(_ rk: OpaquePointer) {
        guard let queue = rd_kafka_queue_get_consumer(rk) else { return }
        rd_kafka_queue_yield(queue)
        rd_kafka_queue_destroy(queue)
    }
}
