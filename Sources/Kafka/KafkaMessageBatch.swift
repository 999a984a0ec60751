/// The messages returned by one poll of a `KafkaConsumer`, in order per partition.
///
/// The batch owns librdkafka's message buffers; messages, keys and values taken from it stay valid as long as
/// they are referenced (a batch can be handed to another task, and outlive its consumer: it keeps the
/// underlying client alive until its last message is released). Every read, headers included, is safe from
/// any number of tasks at once.
public struct KafkaMessageBatch: RandomAccessCollection, Sendable {
    private let buffer: RDKafkaMessageBuffer?
    /// The consumer's `assignmentGeneration` when the poll that fetched these messages started. When the
    /// consumer's generation has moved past it, the assignment changed since (with the eager protocol: every
    /// partition was revoked, and is restarted at the offsets the `assigned` handler returns), so the batch
    /// may hold messages of partitions this member no longer owns: drop it rather than commit or apply it.
    public let assignmentGeneration: UInt64

    init(buffer: RDKafkaMessageBuffer?, assignmentGeneration: UInt64) {
        self.buffer = buffer
        self.assignmentGeneration = assignmentGeneration
    }

    /// A batch with no message.
    public static let empty = KafkaMessageBatch(buffer: nil, assignmentGeneration: 0)

    /// The client the messages came from (nil for an empty batch); kept alive by the batch.
    var client: RDKafkaClient? { buffer?.client }

    public var startIndex: Int { 0 }
    public var endIndex: Int { buffer?.count ?? 0 }

    public subscript(position: Int) -> KafkaMessage {
        guard let buffer, position >= 0, position < buffer.count else {
            preconditionFailure("KafkaMessageBatch index \(position) out of range")
        }
        return KafkaMessage(buffer: buffer, index: position)
    }

    /// For each partition in the batch, the offset to commit once the batch is processed: the last offset + 1.
    public var nextOffsets: [KafkaTopicPartition: KafkaOffset] {
        var result: [KafkaTopicPartition: KafkaOffset] = [:]
        for message in self {
            let key = message.topicPartition
            let next = message.offset + 1
            if (result[key]?.rawValue ?? -1) < next { result[key] = KafkaOffset(next) }
        }
        return result
    }
}
