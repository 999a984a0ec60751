import CRdKafka

/// Owns the `rd_kafka_message_t`s returned by one `rd_kafka_consume_batch_queue` call and destroys them when
/// the last `KafkaMessageBatch` / `KafkaMessage` / `KafkaBytes` referring to it goes away. Payloads are read in
/// place (no copy) for as long as this object lives.
///
/// Two rules of librdkafka shape it:
/// - a message must be destroyed before its client: the buffer holds its `RDKafkaClient` strongly, so
///   `rd_kafka_destroy` cannot run while a message of the batch is alive (the stored property is released
///   after `deinit` has destroyed the messages);
/// - `rd_kafka_message_headers` parses the headers on its first call and stores them in the message (a write):
///   `init` makes that first call for every message, on the poll thread, before the buffer is shared, so
///   later header reads only read.
///
/// `@unchecked Sendable`: after `init` nothing is ever mutated (the pointers, the parsed headers and the topic
/// cache are written only there), librdkafka messages are not written by reads once their headers are
/// parsed, and `deinit` runs once, when no reference is left, so concurrent readers can never see a destroyed
/// message.
final class RDKafkaMessageBuffer: @unchecked Sendable {
    private let messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>
    let count: Int
    /// The client the messages came from, kept alive until they are destroyed.
    let client: RDKafkaClient
    /// Topic handle -> name, filled once per distinct topic in the batch (usually one).
    private let topicNames: [(handle: OpaquePointer, name: String)]
    /// Each message's parsed header list (owned by the message), nil when it has none.
    private let headerLists: [OpaquePointer?]

    /// Takes ownership of the first `count` entries of `messages` (allocated with room for them).
    /// Error entries must already have been removed (see `RDKafkaClient.consumeBatch`).
    init(taking messages: UnsafeMutablePointer<UnsafeMutablePointer<rd_kafka_message_t>?>, count: Int,
         client: RDKafkaClient) {
        self.messages = messages
        self.count = count
        self.client = client
        var names: [(handle: OpaquePointer, name: String)] = []
        var headerLists: [OpaquePointer?] = []
        headerLists.reserveCapacity(count)
        var index = 0
        while index < count {
            var headers: OpaquePointer?
            if let message = messages[index] {
                if let handle = message.pointee.rkt, !names.contains(where: { $0.handle == handle }) {
                    names.append((handle, String(cString: rd_kafka_topic_name(handle))))
                }
                if rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR { headers = nil }
            }
            headerLists.append(headers)
            index += 1
        }
        self.topicNames = names
        self.headerLists = headerLists
    }

    deinit {
        var index = 0
        while index < count {
            if let message = messages[index] { rd_kafka_message_destroy(message) }
            index += 1
        }
        messages.deallocate()
    }

    @inline(__always)
    private func message(_ index: Int) -> UnsafeMutablePointer<rd_kafka_message_t> {
        // Non-nil for every index < count: the client compacts the array before handing it over.
        guard let message = messages[index] else { preconditionFailure("RDKafkaMessageBuffer: hole at \(index)") }
        return message
    }

    func topic(at index: Int) -> String {
        let handle = message(index).pointee.rkt
        return topicNames.first(where: { $0.handle == handle })?.name ?? ""
    }

    @inline(__always) func partition(at index: Int) -> Int32 { message(index).pointee.partition }
    @inline(__always) func offset(at index: Int) -> Int64 { message(index).pointee.offset }

    @inline(__always)
    func value(at index: Int) -> UnsafeRawBufferPointer {
        let m = message(index).pointee
        return UnsafeRawBufferPointer(start: m.payload, count: m.payload == nil ? 0 : m.len)
    }

    /// nil when the message has no key.
    @inline(__always)
    func key(at index: Int) -> UnsafeRawBufferPointer? {
        let m = message(index).pointee
        guard let key = m.key else { return nil }
        return UnsafeRawBufferPointer(start: key, count: m.key_len)
    }

    /// Milliseconds since the epoch, nil when not available.
    func timestamp(at index: Int) -> Int64? {
        var type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let ms = rd_kafka_message_timestamp(message(index), &type)
        return type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE || ms < 0 ? nil : ms
    }

    /// The headers, copied out (only when asked for) from the list parsed in `init`: a pure read.
    func headers(at index: Int) -> [KafkaHeader] {
        guard let headers = headerLists[index] else { return [] }
        var result: [KafkaHeader] = []
        result.reserveCapacity(rd_kafka_header_cnt(headers))
        var position = 0
        while true {
            var name: UnsafePointer<CChar>?
            var value: UnsafeRawPointer?
            var size = 0
            guard rd_kafka_header_get_all(headers, position, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR,
                  let name else { break }
            let bytes = value.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) }
            result.append(KafkaHeader(key: String(cString: name), value: bytes))
            position += 1
        }
        return result
    }
}
