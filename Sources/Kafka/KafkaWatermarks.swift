/// The low and high watermark of a partition: the oldest offset still kept and the offset after the newest.
public struct KafkaWatermarks: Sendable, Equatable {
    public var low: Int64
    public var high: Int64

    public init(low: Int64, high: Int64) {
        self.low = low
        self.high = high
    }

    /// Messages currently in the partition.
    public var count: Int64 { high - low }
}
