/// Compression codec for produced message sets (`compression.codec`).
public enum KafkaCompression: String, Sendable, Equatable {
    case none
    case gzip
    case snappy
    case lz4
    case zstd
}
