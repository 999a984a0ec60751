import CRdKafka

/// Thin wrapper over `rd_kafka_conf_t`: applies `key=value` properties one by one so that an unknown or
/// invalid property fails with librdkafka's own message.
///
/// Ownership: the conf object is owned by this wrapper until `rd_kafka_new` succeeds, which takes it over.
enum RDKafkaConfig {
    /// Creates a conf object holding `properties`, or throws `KafkaError.configuration` with librdkafka's message.
    static func make(_ properties: [String: String]) throws(KafkaError) -> OpaquePointer {
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError.configuration("rd_kafka_conf_new failed")
        }
        // Apply in a stable order so that the first error reported is deterministic.
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            var errstr = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, key, value, &errstr, errstr.count)
            if result != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError.configuration(RDKafkaConfig.string(from: errstr))
            }
        }
        return conf
    }

    static func string(from buffer: [CChar]) -> String {
        let bytes = buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
