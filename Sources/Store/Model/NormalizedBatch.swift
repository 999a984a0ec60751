/// A ``BatchCommit`` with repeated keys merged and every part sorted in key order.
///
/// Sorting gives every writer the same lock order (no deadlocks between instances that touch
/// overlapping rows); merging keeps one row per key, which a multi-row upsert requires.
struct NormalizedBatch: Sendable {
    var counters: [CounterRowDelta]
    var units: [UnitStateWrite]
    var offsets: [ConsumerOffset]
    var alerts: [AlertStateRecord]
    var outbox: [OutboxMessage]

    init(_ batch: BatchCommit) {
        var sums: [CounterKey: (Int64, Int64, Int64)] = [:]
        sums.reserveCapacity(batch.counterDeltas.count)
        for delta in batch.counterDeltas {
            let old = sums[delta.key] ?? (0, 0, 0)
            sums[delta.key] = (old.0 &+ delta.numerator, old.1 &+ delta.denominator, old.2 &+ delta.units)
        }
        counters = sums
            .filter { $0.value != (0, 0, 0) }
            .map { CounterRowDelta(key: $0.key, numerator: $0.value.0, denominator: $0.value.1, units: $0.value.2) }
            .sorted { $0.key < $1.key }

        var unitsByKey: [UnitRecordKey: UnitStateWrite] = [:]
        unitsByKey.reserveCapacity(batch.unitStates.count)
        for write in batch.unitStates { unitsByKey[write.state.key] = write }
        units = unitsByKey.values.sorted { $0.state.key < $1.state.key }

        var offsetsByKey: [OffsetKey: ConsumerOffset] = [:]
        for offset in batch.offsets { offsetsByKey[OffsetKey(offset)] = offset }
        offsets = offsetsByKey.values.sorted { OffsetKey($0) < OffsetKey($1) }

        var alertsById: [String: AlertStateRecord] = [:]
        for alert in batch.alertStates { alertsById[alert.alertId] = alert }
        alerts = alertsById.values.sorted { $0.alertId < $1.alertId }

        outbox = batch.outbox
    }
}

/// The primary key of a stored offset.
struct OffsetKey: Hashable, Comparable {
    var group: String
    var partition: TopicPartition

    init(_ offset: ConsumerOffset) {
        group = offset.group
        partition = offset.partition
    }

    static func < (lhs: OffsetKey, rhs: OffsetKey) -> Bool {
        (lhs.group, lhs.partition.topic, lhs.partition.partition)
            < (rhs.group, rhs.partition.topic, rhs.partition.partition)
    }
}
