import CRdKafka

/// The consumer's batch poll: librdkafka's batch call in slices, the rebalances it serves, and waking it.
extension RDKafkaClient {
    /// One poll of the consumer: a batch of up to `maxMessages` messages, with the rebalances served on the
    /// way (see `RDKafkaRebalancer`), tagged with the assignment generation the messages were fetched under.
    ///
    /// Throws the client's fatal error (kind `.fatal`) once there is one, and a `KafkaRebalanceHandlerError`
    /// when a rebalance handler failed during this poll; the messages of this poll are then dropped (nothing
    /// was committed for them, so they are read again by whoever gets their partitions).
    func pollBatch(maxMessages: Int, timeoutMs: Int32, cancellation: PollCancellation) throws -> KafkaMessageBatch {
        if let fatal = fatalError() { throw fatal }
        let rebalancer = context.rebalancer
        let generation = rebalancer?.generation ?? 0
        let outcome = Result { () throws(KafkaError) -> RDKafkaMessageBuffer? in
            try consumeBatch(maxMessages: maxMessages, timeoutMs: timeoutMs, cancellation: cancellation)
        }
        // An assignment made during this poll takes effect now, after the batch call returned: no message of
        // the new assignment can be mixed into this batch with messages fetched before it.
        let assignError = rebalancer?.applyPendingAssignment(on: handle)
        if let fatal = fatalError() { throw fatal }
        if let failure = rebalancer?.takeFailure() { throw failure }
        if let assignError { throw assignError }
        return KafkaMessageBatch(buffer: try outcome.get(), assignmentGeneration: generation)
    }

    /// librdkafka's batch call, made in slices of at most this many milliseconds: between two slices the loop
    /// notices what librdkafka's call itself would not end for (a fatal error arrives as one more error
    /// message in the batch, which goes on waiting to be full).
    private static let sliceMs: Int32 = 100

    /// Up to `maxMessages` messages (serving rebalance and error events on the way); returns when the batch is
    /// full, when `timeoutMs` has passed, right after a rebalance was served, on a fatal error, or when woken
    /// (`wakeConsumer`, cancellation). Per-message errors are logged and left out; nil when no message arrived.
    private func consumeBatch(maxMessages: Int, timeoutMs: Int32, cancellation: PollCancellation) throws(KafkaError) -> RDKafkaMessageBuffer? {
        audit.record()
        guard let consumerQueue else { throw KafkaError.closed("consumer queue") }
        let buffer = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: maxMessages)
        let clock = ContinuousClock()
        let deadline = clock.now + .milliseconds(timeoutMs)
        let callbacksBefore = context.rebalancer?.callbacksServed
        batchCall.withLock { $0 = BatchCallState(running: true, wakeRequested: false) }
        defer { batchCall.withLock { $0 = BatchCallState() } }
        var received = 0
        // Checked after `running` is set: a cancellation either sees the call running (and wakes it) or is
        // seen here.
        while received < maxMessages, !cancellation.isCancelled {
            let slice = Swift.min(Swift.max(0, (deadline - clock.now).milliseconds), Self.sliceMs)
            let count = rd_kafka_consume_batch_queue(consumerQueue, slice, buffer + received, maxMessages - received)
            if count < 0 {
                let error = KafkaError.from(rd_kafka_last_error(), context: "consume")
                for index in 0..<received { if let message = buffer[index] { rd_kafka_message_destroy(message) } }
                buffer.deallocate()
                throw error
            }
            received += count
            let woken = batchCall.withLock { $0.wakeRequested }
            let rebalanced = context.rebalancer?.callbacksServed != callbacksBefore
            if woken || rebalanced || fatalError() != nil || clock.now >= deadline { break }
        }
        var kept = 0
        for index in 0..<received {
            guard let message = buffer[index] else { continue }
            let err = message.pointee.err
            if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                buffer[kept] = message
                kept += 1
            } else {
                // A fatal error is thrown by `pollBatch` (from `rd_kafka_fatal_error`); others are logged.
                if err != RD_KAFKA_RESP_ERR__PARTITION_EOF, err != RD_KAFKA_RESP_ERR__FATAL {
                    context.logger.warning("\(KafkaError.from(err, context: "consume"))")
                }
                rd_kafka_message_destroy(message)
            }
        }
        guard kept > 0 else {
            buffer.deallocate()
            return nil
        }
        return RDKafkaMessageBuffer(taking: buffer, count: kept, client: self)
    }

    /// Ends the batch call running on another thread, if one is (used for cancellation, seek, assign and
    /// close). When none runs, nothing happens: librdkafka's yield flag would stay set on the idle queue.
    func wakeConsumer() {
        guard let consumerQueue else { return }
        batchCall.withLock { state in
            guard state.running else { return }
            state.wakeRequested = true
            rd_kafka_queue_yield(consumerQueue)
        }
    }
}
