import CRdKafka
import Dispatch
import Logging
import Synchronization

/// Thin wrapper over one `rd_kafka_t` (producer or consumer). Every call here maps to one librdkafka call;
/// the blocking ones (timeouts in their signature) must be called off Swift's cooperative pool, which the
/// safe types (`KafkaProducer`, `KafkaConsumer`, `KafkaAdmin`) ensure. Producer calls are in
/// `RDKafkaClient+Producer.swift`, consumer calls in `RDKafkaClient+Consumer.swift`.
///
/// `@unchecked Sendable`: the pointers are immutable after `init` (the only mutable state, `batchCall`,
/// `closeAbandoned` and `audit`, is behind a `Mutex` or atomics), and librdkafka documents the `rd_kafka_t` API used here as
/// thread-safe. `deinit` destroys the handle exactly once, when no thread can
/// reach the wrapper any more: every `RDKafkaMessageBuffer` holds its client strongly, so a consumer's handle
/// is never destroyed while messages of one of its batches are alive.
final class RDKafkaClient: @unchecked Sendable {
    enum ClientType { case producer, consumer }

    let handle: OpaquePointer
    let context: RDKafkaCallbackContext
    let type: ClientType
    /// Counts the blocking calls made from inside a Swift task (they should be none).
    let audit = BlockingCallAudit()
    /// The consumer queue (main queue redirected into it), for consumers only.
    let consumerQueue: OpaquePointer?
    /// Set when a consumer close gave up: `rd_kafka_destroy` must not try to close it again (it would block).
    let closeAbandoned = Atomic<Bool>(false)
    /// Whether a consumer batch call is running, and whether it was asked to end (see `wakeConsumer`).
    let batchCall = Mutex(BatchCallState())

    struct BatchCallState {
        var running = false
        var wakeRequested = false
    }

    /// Where consumers are destroyed: `rd_kafka_destroy` of a consumer blocks (it closes the consumer when
    /// that was not done), and the last reference may go away on a cooperative thread (with a batch). A
    /// concurrent queue: one destroy that blocks does not hold up the others.
    private static let destroyQueue = DispatchQueue(label: "popstream.kafka.destroy", attributes: .concurrent)

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

    deinit {
        let remains = RDKafkaClientRemains(handle: handle, consumerQueue: consumerQueue, context: context,
                                           skipConsumerClose: closeAbandoned.load(ordering: .acquiring))
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

    // MARK: Metadata

    /// Loads the partitions and leaders of topic `name` into the client, waiting up to `timeoutMs`. A client
    /// learns of a topic when it first names it and asks for its metadata only at its next periodic topic scan
    /// (every second): a producer's first message to a topic waits for that scan unless the topic was loaded.
    func loadTopic(_ name: String, timeoutMs: Int32) throws(KafkaError) {
        audit.record()
        guard let topic = rd_kafka_topic_new(handle, name, nil) else {
            throw KafkaError.from(rd_kafka_last_error(), context: "topic \(name)")
        }
        // The client keeps the topic (its partitions hold it) after this handle is released.
        defer { rd_kafka_topic_destroy(topic) }
        var metadata: UnsafePointer<rd_kafka_metadata>?
        let result = rd_kafka_metadata(handle, 0, topic, &metadata, timeoutMs)
        guard result == RD_KAFKA_RESP_ERR_NO_ERROR, let metadata else {
            throw KafkaError.from(result, context: "metadata of \(name)")
        }
        rd_kafka_metadata_destroy(metadata)
    }

    /// Every topic the cluster knows (internal ones excluded), with its partition count.
    func topics(timeoutMs: Int32) throws(KafkaError) -> [KafkaTopicMetadata] {
        audit.record()
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

/// What `RDKafkaClient.deinit` destroys, possibly on another thread.
///
/// `@unchecked Sendable`: handed over once from `deinit`, used by exactly one `destroy()` call; the context
/// travels with it so that the callbacks `rd_kafka_destroy` may still run find it alive.
private struct RDKafkaClientRemains: @unchecked Sendable {
    let handle: OpaquePointer
    let consumerQueue: OpaquePointer?
    let context: RDKafkaCallbackContext
    let skipConsumerClose: Bool

    func destroy() {
        withExtendedLifetime(context) {
            if let consumerQueue { rd_kafka_queue_destroy(consumerQueue) }
            rd_kafka_destroy_flags(handle, skipConsumerClose ? RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE : 0)
        }
    }
}
