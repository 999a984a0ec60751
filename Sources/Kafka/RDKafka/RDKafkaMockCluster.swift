import CRdKafka
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging

/// Thin wrapper over `rd_kafka_mock_cluster_t`: librdkafka's in-process Kafka-protocol brokers, each on a
/// loopback TCP port. The cluster lives inside a dedicated producer handle that owns it.
///
/// `@unchecked Sendable`: the pointers never change after `init`; librdkafka's mock API serialises every
/// call onto the cluster's own thread (`rd_kafka_mock_*` functions post operations to it), and `deinit`
/// destroys the cluster and then its handle exactly once.
final class RDKafkaMockCluster: @unchecked Sendable {
    private let client: RDKafkaClient
    private let cluster: OpaquePointer
    let bootstrapServers: String

    init(brokers: Int32, logger: Logger) throws(KafkaError) {
        let context = RDKafkaCallbackContext(logger: logger)
        client = try RDKafkaClient(type: .producer, properties: [:], context: context)
        // The mock's I/O thread inherits this thread's signal mask. librdkafka blocks signals in its other
        // threads but not in this one (2.0.2): a process signal such as SIGCHLD (every finished subprocess)
        // delivered to it interrupts its poll(), after which the mock thread gives up. Block every signal
        // while it is created, then restore the mask.
        var blockAll = sigset_t()
        var previous = sigset_t()
        sigfillset(&blockAll)
        pthread_sigmask(SIG_SETMASK, &blockAll, &previous)
        let created = rd_kafka_mock_cluster_new(client.handle, brokers)
        pthread_sigmask(SIG_SETMASK, &previous, nil)
        guard let cluster = created else {
            throw KafkaError(kind: .client, message: "could not start a mock cluster of \(brokers) brokers")
        }
        self.cluster = cluster
        bootstrapServers = rd_kafka_mock_cluster_bootstraps(cluster).map { String(cString: $0) } ?? ""
    }

    deinit {
        rd_kafka_mock_cluster_destroy(cluster)
    }

    func createTopic(_ name: String, partitions: Int32, replicationFactor: Int32) throws(KafkaError) {
        let result = rd_kafka_mock_topic_create(cluster, name, partitions, replicationFactor)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "create topic \(name)") }
    }

    func setBroker(_ id: Int32, up: Bool) throws(KafkaError) {
        let result = up ? rd_kafka_mock_broker_set_up(cluster, id) : rd_kafka_mock_broker_set_down(cluster, id)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "broker \(id)") }
    }

    func setTopicError(_ topic: String, code: Int32) {
        rd_kafka_mock_topic_set_error(cluster, topic, rd_kafka_resp_err_t(rawValue: code))
    }

    func pushRequestErrors(apiKey: Int16, codes: [Int32]) {
        var errors = codes.map { rd_kafka_resp_err_t(rawValue: $0) }
        rd_kafka_mock_push_request_errors_array(cluster, apiKey, errors.count, &errors)
    }

    func setPartitionLeader(topic: String, partition: Int32, broker: Int32) throws(KafkaError) {
        let result = rd_kafka_mock_partition_set_leader(cluster, topic, partition, broker)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR { throw KafkaError.from(result, context: "leader of \(topic)[\(partition)]") }
    }
}
