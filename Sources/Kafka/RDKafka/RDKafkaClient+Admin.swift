import CRdKafka

extension RDKafkaClient {
    /// Sends one CreateTopics request and waits (up to `timeoutMs`) for its result on a private queue.
    /// Returns, per topic, nil when created or already existing, else the error.
    func createTopics(_ topics: [KafkaTopicSpecification], timeoutMs: Int32) throws(KafkaError) -> [String: KafkaError?] {
        audit.record()
        var newTopics: [OpaquePointer?] = []
        defer { for topic in newTopics { rd_kafka_NewTopic_destroy(topic) } }
        for spec in topics {
            var errstr = [CChar](repeating: 0, count: 512)
            guard let newTopic = rd_kafka_NewTopic_new(spec.name, Int32(clamping: spec.partitions),
                                                       Int32(clamping: spec.replicationFactor), &errstr, errstr.count) else {
                throw KafkaError(kind: .client, message: "topic \(spec.name): \(RDKafkaConfig.string(from: errstr))")
            }
            newTopics.append(newTopic)
            for (key, value) in spec.configs.sorted(by: { $0.key < $1.key }) {
                let result = rd_kafka_NewTopic_set_config(newTopic, key, value)
                if result != RD_KAFKA_RESP_ERR_NO_ERROR {
                    throw KafkaError.from(result, context: "topic \(spec.name) config \(key)")
                }
            }
        }
        guard let options = rd_kafka_AdminOptions_new(handle, RD_KAFKA_ADMIN_OP_CREATETOPICS) else {
            throw KafkaError(kind: .client, message: "admin options could not be created")
        }
        defer { rd_kafka_AdminOptions_destroy(options) }
        var errstr = [CChar](repeating: 0, count: 512)
        _ = rd_kafka_AdminOptions_set_request_timeout(options, timeoutMs, &errstr, errstr.count)
        _ = rd_kafka_AdminOptions_set_operation_timeout(options, timeoutMs, &errstr, errstr.count)
        guard let queue = rd_kafka_queue_new(handle) else {
            throw KafkaError(kind: .client, message: "admin queue could not be created")
        }
        defer { rd_kafka_queue_destroy(queue) }
        newTopics.withUnsafeMutableBufferPointer { buffer in
            rd_kafka_CreateTopics(handle, buffer.baseAddress, buffer.count, options, queue)
        }
        // The request times out by itself after `timeoutMs`; allow a margin for the result to be posted.
        guard let event = rd_kafka_queue_poll(queue, timeoutMs &+ 5000) else {
            throw KafkaError(kind: .timeout, message: "CreateTopics: no result within \(timeoutMs) ms")
        }
        defer { rd_kafka_event_destroy(event) }
        let eventError = rd_kafka_event_error(event)
        if eventError != RD_KAFKA_RESP_ERR_NO_ERROR {
            let text = rd_kafka_event_error_string(event).map { String(cString: $0) } ?? ""
            throw KafkaError(kind: eventError == RD_KAFKA_RESP_ERR__TIMED_OUT ? .timeout : .client,
                             code: eventError.rawValue, message: "CreateTopics: \(text)")
        }
        guard let result = rd_kafka_event_CreateTopics_result(event) else {
            throw KafkaError(kind: .client, message: "CreateTopics: unexpected event")
        }
        var count = 0
        guard let results = rd_kafka_CreateTopics_result_topics(result, &count) else { return [:] }
        var outcome: [String: KafkaError?] = [:]
        for index in 0..<count {
            guard let topicResult = results[index] else { continue }
            let name = rd_kafka_topic_result_name(topicResult).map { String(cString: $0) } ?? ""
            let err = rd_kafka_topic_result_error(topicResult)
            if err == RD_KAFKA_RESP_ERR_NO_ERROR || err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS {
                outcome[name] = .some(nil)
            } else {
                let text = rd_kafka_topic_result_error_string(topicResult).map { String(cString: $0) }
                    ?? String(cString: rd_kafka_err2str(err))
                outcome[name] = KafkaError(kind: .client, code: err.rawValue, message: "\(name): \(text)")
            }
        }
        return outcome
    }
}
