/// One consumed message. Fields are read from librdkafka's message in place; `key` and `value` are views
/// (`KafkaBytes`) that copy nothing.
public struct KafkaMessage: Sendable {
    private let buffer: RDKafkaMessageBuffer
    private let index: Int

    init(buffer: RDKafkaMessageBuffer, index: Int) {
        self.buffer = buffer
        self.index = index
    }

    public var topic: String { buffer.topic(at: index) }
    public var partition: Int32 { buffer.partition(at: index) }
    public var offset: Int64 { buffer.offset(at: index) }
    public var topicPartition: KafkaTopicPartition { KafkaTopicPartition(topic: topic, partition: partition) }

    /// nil when the message has no key.
    public var key: KafkaBytes? {
        buffer.key(at: index) == nil ? nil : KafkaBytes(buffer: buffer, index: index, isKey: true)
    }

    public var value: KafkaBytes { KafkaBytes(buffer: buffer, index: index, isKey: false) }

    /// Headers in the order they were produced (copied out when read; parsed once when the batch was made, so
    /// reading them from many tasks at once is safe).
    public var headers: [KafkaHeader] { buffer.headers(at: index) }

    /// The message timestamp in milliseconds since the epoch (create or log-append time), nil if not available.
    public var timestampMilliseconds: Int64? { buffer.timestamp(at: index) }
}
