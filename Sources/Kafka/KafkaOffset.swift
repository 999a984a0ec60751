import CRdKafka

/// A position in a partition: an absolute offset or one of librdkafka's logical offsets.
///
/// As everywhere in Kafka, a committed offset is the offset of the NEXT message to consume.
public struct KafkaOffset: Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int64

    public init(_ rawValue: Int64) { self.rawValue = rawValue }

    /// The oldest message still in the partition.
    public static let beginning = KafkaOffset(Int64(RD_KAFKA_OFFSET_BEGINNING))
    /// After the newest message.
    public static let end = KafkaOffset(Int64(RD_KAFKA_OFFSET_END))
    /// The committed offset of the group (or `auto.offset.reset` when none).
    public static let stored = KafkaOffset(Int64(RD_KAFKA_OFFSET_STORED))
    /// No offset.
    public static let invalid = KafkaOffset(Int64(RD_KAFKA_OFFSET_INVALID))

    /// True for an absolute offset (>= 0).
    public var isAbsolute: Bool { rawValue >= 0 }

    public var description: String {
        switch self {
        case .beginning: "beginning"
        case .end: "end"
        case .stored: "stored"
        case .invalid: "invalid"
        default: String(rawValue)
        }
    }
}
