import CRdKafka
import Dispatch
import Logging

/// Thin wrapper over one `rd_kafka_t` (producer or consumer). Every call here maps to one librdkafka call;
/// the blocking ones (timeouts in their signature) must be called off Swift's cooperative pool, which the
/// safe types (`KafkaProducer`, `KafkaConsumer`, `KafkaAdmin`) ensure.
///
/// `@unchecked Sendable`: all stored properties are immutable after `init`, and librdkafka documents the
/// `rd_kafka_t` API used here as thread-safe. `deinit` destroys the handle exactly once, when no thread can
/// reach the wrapper any more: every `RDKafkaMessageBuffer` holds its client strongly, so a consumer's handle
/// is never destroyed while messages of one of its batches are alive.
final class RDKafkaClient: @unchecked Sendable {
    enum ClientType { case producer, consumer }

    let handle: OpaquePointer
    let context: RDKafkaCallbackContext
    let type: ClientType
    /// The consumer queue (main queue redirected into it), for consumers only.
    private let consumerQueue: OpaquePointer?

    init(type: ClientType, properties: [String: String], context: RDKafkaCallbackContext) throws(KafkaError) {
        let conf = try RDKafkaConfig.make(properties)
        RDKafkaCallbackContext.install(context, on: conf)
        var errstr = [CChar](repeating: 0, count: 512)
        let kind = type == .producer ? RD_KAFKA_PRODUCER : RD_KAFKA_CONSUMER
        guard let handle = rd_kafka_new(kind, conf, &errstr, errstr.count) else {
            rd_kafka_conf_destroy(conf)  // not taken over on failure
            throw KafkaError.configuration(RDKafkaConfig.string(from: errstr))
        }
        self.handle = handle
        self.context = context
        self.type = type
        if type == .consumer {
            rd_kafka_poll_set_consumer(handle)
            consumerQueue = rd_kafka_queue_get_consumer(handle)
        } else {
            consumerQueue = nil
        }
    }

    /// Where consumers are destroyed: `rd_kafka_destroy` of a consumer blocks (it closes the consumer when
    /// that was not done), and the last reference may go away on a cooperative thread (with a batch). A
    /// concurrent queue: one destroy that blocks does not hold up the others.
    private static let destroyQueue = DispatchQueue(label: "popstream.kafka.destroy", attributes: .concurrent)

    deinit {
        let remains = RDKafkaClientRemains(handle: handle, consumerQueue: consumerQueue, context: context)
        if type == .consumer {
            Self.destroyQueue.async { remains.destroy() }
        } else {
            remains.destroy()
        }
    }

    /// librdkafka's fatal error, once one was raised: the client cannot be used any more.
    func fatalError() -> KafkaError? {
        Self.fatalError(of: handle)
    }

    /// The fatal error of `rk`, nil while there is none.
    static func fatalError(of rk: OpaquePointer) -> KafkaError? {
        var errstr = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(rk, &errstr, errstr.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError.fatal(code, reason: RDKafkaConfig.string(from: errstr))
    }

    /// Raises a fabricated fatal error (`rd_kafka_test_fatal_error`), as librdkafka offers for tests.
    func triggerFatalErrorForTesting(code: Int32, reason: String) {
        _ = rd_kafka_test_fatal_error(handle, rd_kafka_resp_err_t(rawValue: code), reason)
    }

    // MARK: Producer

    /// Enqueues one message (payload copied); `id` comes back in its delivery report. Never blocks.
    /// A client that hit a fatal error refuses with that error (kind `.fatal`).
    func produce(_ message: KafkaProducerMessage, id: UInt64) -> KafkaError? {
        var headers: OpaquePointer?
        if !message.headers.isEmpty {
            let list = rd_kafka_headers_new(message.headers.count)
            for header in message.headers {
                if let value = header.value {
                    value.withUnsafeBytes { bytes in
                        _ = rd_kafka_header_add(list, header.key, -1, bytes.baseAddress, bytes.count)
                    }
                } else {
                    _ = rd_kafka_header_add(list, header.key, -1, nil, 0)
                }
            }
            headers = list
        }
        let error: OpaquePointer? = message.topic.withCString { topic in
            message.value.withUnsafeBytes { value in
                withOptionalBytes(message.key) { key in
                    withUnsafeTemporaryAllocation(of: rd_kafka_vu_t.self, capacity: 7) { vus in
                        var count = 0
                        func append(_ type: rd_kafka_vtype_t, _ fill: (inout rd_kafka_vu_t) -> Void) {
                            var vu = rd_kafka_vu_t()
                            vu.vtype = type
                            fill(&vu)
                            vus.initializeElement(at: count, to: vu)
                            count += 1
                        }
                        append(RD_KAFKA_VTYPE_TOPIC) { $0.u.cstr = topic }
                        if let partition = message.partition {
                            append(RD_KAFKA_VTYPE_PARTITION) { $0.u.i32 = partition }
                        }
                        append(RD_KAFKA_VTYPE_VALUE) {
                            $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: value.baseAddress)
                            $0.u.mem.size = value.count
                        }
                        if let key {
                            append(RD_KAFKA_VTYPE_KEY) {
                                $0.u.mem.ptr = UnsafeMutableRawPointer(mutating: key.baseAddress)
                                $0.u.mem.size = key.count
                            }
                        }
                        append(RD_KAFKA_VTYPE_MSGFLAGS) { $0.u.i = RD_KAFKA_MSG_F_COPY }
                        append(RD_KAFKA_VTYPE_OPAQUE) { $0.u.ptr = UnsafeMutableRawPointer(bitPattern: UInt(id)) }
                        if let headers {
                            append(RD_KAFKA_VTYPE_HEADERS) { $0.u.headers = headers }
                        }
                        let result = rd_kafka_produceva(handle, vus.baseAddress, count)
                        vus.baseAddress?.deinitialize(count: count)
                        return result
                    }
                }
            }
        }
        guard let error else { return nil }  // headers now owned by librdkafka
        if let headers { rd_kafka_headers_destroy(headers) }
        let failure = KafkaError.consuming(error)
        return fatalError() ?? failure
    }

    /// Serves delivery reports and other events, waiting up to `timeoutMs` when there is none.
    func poll(timeoutMs: Int32) {
        _ = rd_kafka_poll(handle, timeoutMs)
    }

    /// Waits until every enqueued message is delivered or failed (serving their reports).
    func flush(timeoutMs: Int32) throws(KafkaError) {
        let result = rd_kafka_flush(handle, timeoutMs)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.from(result, context: "flush: \(rd_kafka_outq_len(handle)) messages not delivered")
        }
    }

    /// Messages and requests still in flight.
    var outQueueLength: Int32 { rd_kafka_outq_len(handle) }

    // MARK: Consumer

    func subscribe(_ topics: [String]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(capacity: topics.count)
        for topic in topics { list.add(KafkaTopicPartition(topic: topic, partition: RD_KAFKA_PARTITION_UA), offset: .invalid) }
        let result = rd_kafka_subscribe(handle, list.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "subscribe") }
    }

    func assign(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        let result = rd_kafka_assign(handle, list.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "assign") }
    }

    func assignment() throws(KafkaError) -> [KafkaTopicPartition] {
        var list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
        let result = rd_kafka_assignment(handle, &list)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
            throw KafkaError.from(result, context: "assignment")
        }
        defer { rd_kafka_topic_partition_list_destroy(list) }
        return RDKafkaTopicPartitionList.elements(of: list).map(\.partition)
    }

    /// Up to `maxMessages` messages (serving rebalance and error events on the way); returns when the batch is
    /// full or `timeoutMs` has passed. Per-message errors are logged and left out; nil when no message arrived.
    func consumeBatch(maxMessages: Int, timeoutMs: Int32) throws(KafkaError) -> RDKafkaMessageBuffer? {
        guard let consumerQueue else { throw KafkaError.closed("consumer queue") }
        let buffer = UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>.allocate(capacity: maxMessages)
        let received = rd_kafka_consume_batch_queue(consumerQueue, timeoutMs, buffer, maxMessages)
        guard received > 0 else {
            buffer.deallocate()
            if received < 0 { throw KafkaError.from(rd_kafka_last_error(), context: "consume") }
            return nil
        }
        var kept = 0
        var fatal: KafkaError?
        for index in 0..<received {
            guard let message = buffer[index] else { continue }
            let err = message.pointee.err
            if err == RD_KAFKA_RESP_ERR_NO_ERROR {
                buffer[kept] = message
                kept += 1
            } else {
                if err != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    let error = KafkaError.from(err, context: "consume")
                    context.logger.warning("\(error)")
                    if err == RD_KAFKA_RESP_ERR__FATAL { fatal = error }
                }
                rd_kafka_message_destroy(message)
            }
        }
        guard kept > 0 else {
            buffer.deallocate()
            if let fatal { throw fatal }
            return nil
        }
        return RDKafkaMessageBuffer(taking: buffer, count: kept, client: self)
    }

    /// Wakes a `consumeBatch` waiting on another thread (used for cancellation and close).
    func wakeConsumer() {
        if let consumerQueue { rd_kafka_queue_yield(consumerQueue) }
    }

    func commit(_ offsets: [KafkaTopicPartition: KafkaOffset]) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        let result = rd_kafka_commit(handle, list.pointer, 0)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "commit") }
        if let error = list.firstError { throw error }
    }

    func committed(_ partitions: [KafkaTopicPartition], timeoutMs: Int32) throws(KafkaError) -> [KafkaTopicPartition: KafkaOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        let result = rd_kafka_committed(handle, list.pointer, timeoutMs)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "committed") }
        if let error = list.firstError { throw error }
        return Dictionary(list.elements.map { ($0.partition, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    func position(_ partitions: [KafkaTopicPartition]) throws(KafkaError) -> [KafkaTopicPartition: KafkaOffset] {
        let list = RDKafkaTopicPartitionList(partitions)
        let result = rd_kafka_position(handle, list.pointer)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "position") }
        return Dictionary(list.elements.map { ($0.partition, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    func seek(_ offsets: [KafkaTopicPartition: KafkaOffset], timeoutMs: Int32) throws(KafkaError) {
        let list = RDKafkaTopicPartitionList(offsets)
        if let error = rd_kafka_seek_partitions(handle, list.pointer, timeoutMs) {
            throw KafkaError.consuming(error)
        }
        if let error = list.firstError { throw error }
    }

    func watermarks(_ partition: KafkaTopicPartition, timeoutMs: Int32) throws(KafkaError) -> KafkaWatermarks {
        var low: Int64 = 0
        var high: Int64 = 0
        let result = rd_kafka_query_watermark_offsets(handle, partition.topic, partition.partition, &low, &high, timeoutMs)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.from(result, context: "watermarks of \(partition)")
        }
        return KafkaWatermarks(low: low, high: high)
    }

    /// Leaves the group (serving the final revoke), stops fetching.
    func closeConsumer() throws(KafkaError) {
        let result = rd_kafka_consumer_close(handle)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "close") }
    }

    // MARK: Metadata

    /// Every topic the cluster knows (internal ones excluded), with its partition count.
    func topics(timeoutMs: Int32) throws(KafkaError) -> [KafkaTopicMetadata] {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle, 1, nil, &metadata, timeoutMs)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError.from(result, context: "metadata")
        }
        defer { rd_kafka_metadata_destroy(metadata) }
        let count = Int(metadata.pointee.topic_cnt)
        guard count > 0, let topics = metadata.pointee.topics else { return [] }
        return (0..<count).compactMap { index in
            let topic = topics[index]
            guard topic.err == RD_KAFKA_RESP_ERR_NO_ERROR, let name = topic.topic else { return nil }
            return KafkaTopicMetadata(name: String(cString: name), partitionCount: Int(topic.partition_cnt))
        }.sorted { $0.name < $1.name }
    }
}

/// Calls `body` with the bytes of `array`, or with nil when there is no array.
private func withOptionalBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}

/// What `RDKafkaClient.deinit` destroys, possibly on another thread.
///
/// `@unchecked Sendable`: handed over once from `deinit`, used by exactly one `destroy()` call; the context
/// travels with it so that the callbacks `rd_kafka_destroy` may still run find it alive.
private struct RDKafkaClientRemains: @unchecked Sendable {
    let handle: OpaquePointer
    let consumerQueue: OpaquePointer?
    let context: RDKafkaCallbackContext

    func destroy() {
        withExtendedLifetime(context) {
            if let consumerQueue { rd_kafka_queue_destroy(consumerQueue) }
            rd_kafka_destroy(handle)
        }
    }
}
