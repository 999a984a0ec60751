/// A change of the partitions assigned to a group member.
public enum KafkaRebalanceEvent: Sendable, Equatable {
    /// These partitions are now this member's (the complete new assignment with the eager protocol).
    case assigned([KafkaTopicPartition])
    /// These partitions are being taken away; commit what is done before returning from the handler.
    case revoked([KafkaTopicPartition])
}
