/// How many broker acknowledgements a produce request waits for (`acks`).
public enum KafkaAcks: String, Sendable, Equatable {
    /// No acknowledgement (fire and forget). Not allowed with idempotence.
    case none = "0"
    /// The partition leader only.
    case leader = "1"
    /// All in-sync replicas (required by the idempotent producer).
    case all = "all"
}
