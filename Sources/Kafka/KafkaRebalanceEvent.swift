/// A change of the partitions assigned to a group member.
public enum KafkaRebalanceEvent: Sendable, Equatable {
    /// These partitions are now this member's (the complete new assignment with the eager protocol).
    case assigned([KafkaTopicPartition])
    /// These partitions are being taken away cleanly; commit what is done before returning from the handler.
    case revoked([KafkaTopicPartition])
    /// These partitions were lost (`rd_kafka_assignment_lost`): the session expired, the member was fenced or
    /// the group forgot it. They may already be consumed by another member, so committing for them may fail
    /// and work done on them must not be made durable as if they were still owned.
    case lost([KafkaTopicPartition])

    /// The partitions the event is about.
    public var partitions: [KafkaTopicPartition] {
        switch self {
        case .assigned(let partitions), .revoked(let partitions), .lost(let partitions): partitions
        }
    }
}
