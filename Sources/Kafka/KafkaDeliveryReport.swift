/// The outcome of producing one message, as librdkafka reported it.
public struct KafkaDeliveryReport: Sendable {
    public var topic: String
    /// The partition the message went to (-1 when it failed before partitioning).
    public var partition: Int32
    /// The message's offset in the partition, nil when unknown (failed, or not reported).
    public var offset: Int64?
    /// nil when the message was delivered.
    public var error: KafkaError?

    public var isDelivered: Bool { error == nil }

    public init(topic: String, partition: Int32, offset: Int64?, error: KafkaError?) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.error = error
    }
}
