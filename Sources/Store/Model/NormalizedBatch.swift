/// A ``BatchCommit`` with repeated keys merged and every part sorted in key order.
///
/// Sorting gives every writer the same lock order (no deadlocks between instances that touch
/// overlapping rows); merging keeps one row per key, which a multi-row upsert requires.
struct NormalizedBatch: Sendable {
    var counters: [LeafCounterDelta]
    var units: [UnitStateWrite]
    var partitions: [PartitionCommit]

    init(_ batch: BatchCommit) {
        var sums: [LeafCounterKey: LeafCounterDelta] = [:]
        sums.reserveCapacity(batch.leafCounters.count)
        for delta in batch.leafCounters {
            if var sum = sums[delta.key] {
                sum.add(delta.lanes)
                sums[delta.key] = sum
            } else {
                sums[delta.key] = delta
            }
        }
        counters = sums.values.filter { !$0.isZero }.sorted { $0.key < $1.key }

        var unitsByKey: [UnitRecordKey: UnitStateWrite] = [:]
        unitsByKey.reserveCapacity(batch.unitStates.count)
        for write in batch.unitStates { unitsByKey[write.state.key] = write }
        units = unitsByKey.values.sorted { $0.state.key < $1.state.key }

        var partitionsByKey: [OwnerKey: PartitionCommit] = [:]
        for commit in batch.partitions { partitionsByKey[OwnerKey(group: commit.group, partition: commit.partition)] = commit }
        partitions = partitionsByKey.values.sorted { OwnerKey(group: $0.group, partition: $0.partition) < OwnerKey(group: $1.group, partition: $1.partition) }
    }

    /// The distinct series of the counters, sorted.
    var series: [LeafSeries] { Array(Set(counters.map(\.key.series))).sorted() }
}

/// The primary key of a partition's owner row.
struct OwnerKey: Hashable, Comparable {
    var group: String
    var partition: TopicPartition

    static func < (lhs: OwnerKey, rhs: OwnerKey) -> Bool {
        (lhs.group, lhs.partition.topic, lhs.partition.partition) < (rhs.group, rhs.partition.topic, rhs.partition.partition)
    }
}

/// An ``AlertCommit`` with repeated alert ids merged (the last state wins) and states sorted by id.
struct NormalizedAlerts: Sendable {
    var lease: EvaluatorLease
    var states: [AlertStateRecord]
    var outbox: [OutboxMessage]

    init(_ commit: AlertCommit) {
        lease = commit.lease
        var byId: [String: AlertStateRecord] = [:]
        for state in commit.states { byId[state.alertId] = state }
        states = byId.values.sorted { $0.alertId < $1.alertId }
        outbox = commit.outbox
    }
}
