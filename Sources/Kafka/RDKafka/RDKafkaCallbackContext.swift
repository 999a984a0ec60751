import CRdKafka
import Logging
import Synchronization

/// What librdkafka's C callbacks reach through the client's opaque pointer (`rd_kafka_conf_set_opaque`).
///
/// The client (`RDKafkaClient`) keeps it alive for at least as long as the `rd_kafka_t` exists, so the
/// unretained pointer handed to librdkafka never dangles.
final class RDKafkaCallbackContext: Sendable {
    let logger: Logger
    /// Called from the producer's poll thread with the message's opaque id and its report.
    let onDelivery: (@Sendable (UInt64, KafkaDeliveryReport) -> Void)?
    /// Called from the consumer's poll thread; returns the start offsets for an assignment.
    let onRebalance: (@Sendable (KafkaRebalanceEvent) -> [KafkaTopicPartition: KafkaOffset])?
    /// Cleared when the owner goes away without closing: the final revocation inside `rd_kafka_destroy`
    /// then only unassigns, without calling back into Swift code that may no longer expect it.
    private let handlersEnabled = Atomic<Bool>(true)

    func disableHandlers() {
        handlersEnabled.store(false, ordering: .releasing)
    }

    init(
        logger: Logger,
        onDelivery: (@Sendable (UInt64, KafkaDeliveryReport) -> Void)? = nil,
        onRebalance: (@Sendable (KafkaRebalanceEvent) -> [KafkaTopicPartition: KafkaOffset])? = nil
    ) {
        self.logger = logger
        self.onDelivery = onDelivery
        self.onRebalance = onRebalance
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RDKafkaCallbackContext? {
        opaque.map { Unmanaged<RDKafkaCallbackContext>.fromOpaque($0).takeUnretainedValue() }
    }

    /// Installs the C callbacks on `conf` and points them at `context`.
    static func install(_ context: RDKafkaCallbackContext, on conf: OpaquePointer) {
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(context).toOpaque())
        rd_kafka_conf_set_log_cb(conf, { rk, level, facility, text in
            guard let rk, let context = RDKafkaCallbackContext.from(rd_kafka_opaque(rk)) else { return }
            let message = text.map { String(cString: $0) } ?? ""
            let fac = facility.map { String(cString: $0) } ?? ""
            let swiftLevel: Logger.Level = switch level {
            case ...3: .error
            case 4: .warning
            case 5: .notice
            case 6: .info
            default: .debug
            }
            context.logger.log(level: swiftLevel, "\(message)", metadata: ["rdkafka.facility": "\(fac)"])
        })
        rd_kafka_conf_set_error_cb(conf, { _, err, reason, opaque in
            guard let context = RDKafkaCallbackContext.from(opaque) else { return }
            let text = reason.map { String(cString: $0) } ?? ""
            let name = String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(rawValue: err)))
            // A fatal error is terminal: `send` throws it (`RDKafkaClient.fatalError`).
            let level: Logger.Level = err == RD_KAFKA_RESP_ERR__FATAL.rawValue ? .error : .warning
            context.logger.log(level: level, "librdkafka: \(text)", metadata: ["rdkafka.error": "\(name)"])
        })
        if context.onDelivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, { rk, message, opaque in
                guard let rk, let message, let context = RDKafkaCallbackContext.from(opaque) else { return }
                context.deliver(message.pointee, from: rk)
            })
        }
        if context.onRebalance != nil {
            rd_kafka_conf_set_rebalance_cb(conf, { rk, err, partitions, opaque in
                guard let rk, let context = RDKafkaCallbackContext.from(opaque) else { return }
                context.rebalance(rk, err, partitions)
            })
        }
    }

    /// A failed message of a client that hit a fatal error reports that error (kind `.fatal`): the messages
    /// librdkafka purges then fail because of it, whatever their own code says.
    private func deliver(_ message: rd_kafka_message_t, from rk: OpaquePointer) {
        guard let onDelivery else { return }
        let id = UInt64(UInt(bitPattern: message._private))
        let topic = message.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let error = message.err == RD_KAFKA_RESP_ERR_NO_ERROR
            ? nil : RDKafkaClient.fatalError(of: rk) ?? KafkaError.from(message.err, kind: .delivery)
        let offset = error == nil && message.offset >= 0 ? message.offset : nil
        onDelivery(id, KafkaDeliveryReport(topic: topic, partition: message.partition, offset: offset, error: error))
    }

    private func rebalance(
        _ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
        _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        // NULL while the consumer is closing: treat as eager.
        let protocolName: UnsafePointer<CChar>? = rd_kafka_rebalance_protocol(rk)
        let cooperative = protocolName.map { String(cString: $0) } == "COOPERATIVE"
        let list = partitions.map { RDKafkaTopicPartitionList.elements(of: $0).map(\.partition) } ?? []
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.debug("rebalance: assigned \(list)")
            let offsets = handlersEnabled.load(ordering: .acquiring) ? onRebalance?(.assigned(list)) ?? [:] : [:]
            if let partitions { RDKafkaTopicPartitionList.setOffsets(offsets, in: partitions) }
            if cooperative {
                if let error = rd_kafka_incremental_assign(rk, partitions) {
                    logger.error("incremental assign failed: \(KafkaError.consuming(error))")
                }
            } else {
                let result = rd_kafka_assign(rk, partitions)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    logger.error("assign failed: \(KafkaError.from(result))")
                }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            logger.debug("rebalance: revoked \(list)")
            if handlersEnabled.load(ordering: .acquiring) { _ = onRebalance?(.revoked(list)) }
            logger.debug("rebalance: revocation handled")
            if cooperative {
                if let error = rd_kafka_incremental_unassign(rk, partitions) {
                    logger.error("incremental unassign failed: \(KafkaError.consuming(error))")
                }
            } else {
                _ = rd_kafka_assign(rk, nil)
            }
        default:
            logger.error("rebalance error: \(KafkaError.from(err))")
            _ = rd_kafka_assign(rk, nil)
        }
    }
}
