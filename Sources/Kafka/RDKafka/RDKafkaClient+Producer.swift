import CRdKafka

extension RDKafkaClient {
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
        audit.record()
        let result = rd_kafka_flush(handle, timeoutMs)
        if result != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError.from(result, context: "flush: \(rd_kafka_outq_len(handle)) messages not delivered")
        }
    }

    /// Messages and requests still in flight.
    var outQueueLength: Int32 { rd_kafka_outq_len(handle) }
}

/// Calls `body` with the bytes of `array`, or with nil when there is no array.
private func withOptionalBytes<R>(_ array: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBytes { body($0) }
}
