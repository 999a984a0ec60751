/// A topic as the cluster's metadata describes it.
public struct KafkaTopicMetadata: Sendable, Equatable {
    public var name: String
    public var partitionCount: Int

    public init(name: String, partitionCount: Int) {
        self.name = name
        self.partitionCount = partitionCount
    }
}
