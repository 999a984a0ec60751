import Foundation

/// The leaf counter rows one committed window changed, for one kind on one area map: the change feed
/// that alert evaluation reads (``StateStore/pendingChanges(kind:limit:)``) so that it re-evaluates
/// exactly what moved, whichever instance committed it.
///
/// Every ``StateStore/commitBatch(_:)`` that changes leaf counters records one set per (kind, map) in
/// the same transaction; the evaluator removes the sets it has evaluated in its fenced
/// ``StateStore/commitAlerts(_:)`` (``AlertCommit/consumedChanges``). Sets are removed, not read past a
/// cursor, so a window that commits late (PostgreSQL ids are not given in commit order) is never
/// skipped.
public struct LeafChangeSet: Hashable, Sendable {
    /// The set's id in the store.
    public var id: Int64
    /// The changed rows.
    public var keys: [LeafCounterKey]

    /// A change set read from the store.
    public init(id: Int64, keys: [LeafCounterKey]) {
        self.id = id
        self.keys = keys
    }
}

/// The stored form of a change set's (area, period) pairs: per pair, the area's UTF-8 length (2 bytes,
/// little endian), its bytes, and the period (4 bytes, little endian).
enum LeafChangeCodec {
    static func encode(_ pairs: [(area: String, period: Int32)]) -> Data {
        var data = Data()
        data.reserveCapacity(pairs.count * 12)
        for (area, period) in pairs {
            let bytes = Array(area.utf8.prefix(Int(UInt16.max)))
            withUnsafeBytes(of: UInt16(bytes.count).littleEndian) { data.append(contentsOf: $0) }
            data.append(contentsOf: bytes)
            withUnsafeBytes(of: period.littleEndian) { data.append(contentsOf: $0) }
        }
        return data
    }

    static func decode(_ data: Data, kind: String, map: String) throws -> [LeafCounterKey] {
        let bytes = [UInt8](data)
        var keys: [LeafCounterKey] = []
        var index = 0
        func integer(_ width: Int) throws -> UInt32 {
            guard index + width <= bytes.count else {
                throw StoreError.storageFailure("a stored leaf change set is truncated", retryable: false)
            }
            var value: UInt32 = 0
            for offset in 0..<width { value |= UInt32(bytes[index + offset]) << (8 * offset) }
            index += width
            return value
        }
        while index < bytes.count {
            let length = Int(try integer(2))
            guard index + length <= bytes.count else {
                throw StoreError.storageFailure("a stored leaf change set is truncated", retryable: false)
            }
            let area = String(decoding: bytes[index..<(index + length)], as: UTF8.self)
            index += length
            let period = Int32(bitPattern: try integer(4))
            keys.append(LeafCounterKey(kind: kind, map: map, area: area, period: period))
        }
        return keys
    }

    /// The sets one window records: its changed rows grouped by (kind, map).
    static func sets(of deltas: [LeafCounterDelta]) -> [(kind: String, map: String, payload: Data)] {
        var grouped: [LeafSeriesScope: [(area: String, period: Int32)]] = [:]
        for delta in deltas {
            grouped[LeafSeriesScope(kind: delta.key.kind, map: delta.key.map), default: []].append((delta.key.area, delta.key.period))
        }
        return grouped.sorted { ($0.key.kind, $0.key.map) < ($1.key.kind, $1.key.map) }
            .map { (kind: $0.key.kind, map: $0.key.map, payload: encode($0.value)) }
    }
}

/// A kind on an area map.
struct LeafSeriesScope: Hashable {
    var kind: String
    var map: String
}
