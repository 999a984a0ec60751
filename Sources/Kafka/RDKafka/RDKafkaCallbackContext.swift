import CRdKafka
import Logging

/// What librdkafka's C callbacks reach through the client's opaque pointer (`rd_kafka_conf_set_opaque`).
///
/// The client (`RDKafkaClient`) keeps it alive for at least as long as the `rd_kafka_t` exists, so the
/// unretained pointer handed to librdkafka never dangles.
final class RDKafkaCallbackContext: Sendable {
    let logger: Logger
    /// Called from the producer's poll thread with the message's opaque id and its report.
    let onDelivery: (@Sendable (UInt64, KafkaDeliveryReport) -> Void)?
    /// A consumer's rebalances, served on its poll thread.
    let rebalancer: RDKafkaRebalancer?

    init(
        logger: Logger,
        onDelivery: (@Sendable (UInt64, KafkaDeliveryReport) -> Void)? = nil,
        rebalancer: RDKafkaRebalancer? = nil
    ) {
        self.logger = logger
        self.onDelivery = onDelivery
        self.rebalancer = rebalancer
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
            // A fatal error is terminal: `poll` and `send` throw it (`RDKafkaClient.fatalError`).
            let level: Logger.Level = err == RD_KAFKA_RESP_ERR__FATAL.rawValue ? .error : .warning
            context.logger.log(level: level, "librdkafka: \(text)", metadata: ["rdkafka.error": "\(name)"])
        })
        if context.onDelivery != nil {
            rd_kafka_conf_set_dr_msg_cb(conf, { rk, message, opaque in
                guard let rk, let message, let context = RDKafkaCallbackContext.from(opaque) else { return }
                context.deliver(message.pointee, from: rk)
            })
        }
        if context.rebalancer != nil {
            rd_kafka_conf_set_rebalance_cb(conf, { rk, err, partitions, opaque in
                guard let rk, let context = RDKafkaCallbackContext.from(opaque), let rebalancer = context.rebalancer else {
                    return
                }
                rebalancer.handle(rk, err, partitions)
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
}
