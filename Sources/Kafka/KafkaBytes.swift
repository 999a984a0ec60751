/// Bytes of a consumed message (value or key), read in place from librdkafka's buffer: no copy is made
/// unless the caller asks for one (`Array(bytes)`, `string`).
///
/// Keeps the batch's memory alive while it exists.
public struct KafkaBytes: RandomAccessCollection, Sendable {
    private let buffer: RDKafkaMessageBuffer
    private let index: Int
    private let isKey: Bool

    init(buffer: RDKafkaMessageBuffer, index: Int, isKey: Bool) {
        self.buffer = buffer
        self.index = index
        self.isKey = isKey
    }

    @inline(__always)
    private var raw: UnsafeRawBufferPointer {
        isKey ? (buffer.key(at: index) ?? UnsafeRawBufferPointer(start: nil, count: 0)) : buffer.value(at: index)
    }

    public var startIndex: Int { 0 }
    public var endIndex: Int { raw.count }
    public subscript(position: Int) -> UInt8 { raw[position] }

    /// Calls `body` with the bytes in place. The pointer must not escape `body`.
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try withExtendedLifetime(buffer) { () throws(E) -> R in try body(raw) }
    }

    /// The bytes decoded as UTF-8 (invalid sequences replaced).
    public var string: String {
        withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}
