/// A ``BatchCommit`` with repeated keys merged and every part sorted in key order.
///
/// Sorting gives every writer the same lock order (no deadlocks between instances that touch
/// overlapping rows); merging keeps one row per key, which a multi-row upsert requires.
struct NormalizedBatch: Sendable {
    var counters: [LeafCounterDelta]
    var units: [UnitStateWrite]
    var partitions: [PartitionCommit]

    init(_ batch: BatchCommit) {
        // Sorted, then equal neighbours merged (summed): no hashing.
        var counters: [LeafCounterDelta] = []
        counters.reserveCapacity(batch.leafCounters.count)
        for delta in batch.leafCounters.sorted(by: { $0.key < $1.key }) {
            if let last = counters.last, last.key == delta.key {
                counters[counters.count - 1].add(delta.lanes)
            } else {
                counters.append(delta)
            }
        }
        self.counters = counters.filter { !$0.isZero }
        units = Self.lastOfEach(batch.unitStates) { $0.state.key }
        partitions = Self.lastOfEach(batch.partitions) { OwnerKey($0) }
    }

    /// `items` sorted by key, keeping the last item of each key (ties broken by position, so that
    /// "last" does not depend on the sort's stability). Keys are taken once and the positions sorted,
    /// so that the sort moves integers, not items.
    private static func lastOfEach<T, Key: Comparable>(_ items: [T], key: (T) -> Key) -> [T] {
        let keys = items.map(key)
        let order = keys.indices.sorted { keys[$0] < keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
        var result: [T] = []
        result.reserveCapacity(items.count)
        var lastKey: Key?
        for position in order {
            if let lastKey, lastKey == keys[position] {
                result[result.count - 1] = items[position]
            } else {
                result.append(items[position])
            }
            lastKey = keys[position]
        }
        return result
    }

    /// The distinct series of the counters, sorted.
    var series: [LeafSeries] { Array(Set(counters.map(\.key.series))).sorted() }
}

/// The primary key of a partition's owner row.
struct OwnerKey: Hashable, Comparable {
    var group: String
    var partition: TopicPartition

    init(group: String, partition: TopicPartition) {
        self.group = group
        self.partition = partition
    }

    init(_ commit: PartitionCommit) {
        self.init(group: commit.group, partition: commit.partition)
    }

    static func < (lhs: OwnerKey, rhs: OwnerKey) -> Bool {
        (lhs.group, lhs.partition.topic, lhs.partition.partition) < (rhs.group, rhs.partition.topic, rhs.partition.partition)
    }
}

/// An ``AlertCommit`` with repeated alert ids merged (the last state wins) and states sorted by id.
struct NormalizedAlerts: Sendable {
    var lease: EvaluatorLease
    var states: [AlertStateRecord]
    var outbox: [OutboxMessage]
    var consumedChanges: [Int64]

    init(_ commit: AlertCommit) {
        consumedChanges = Array(Set(commit.consumedChanges)).sorted()
        lease = commit.lease
        var byId: [String: AlertStateRecord] = [:]
        for state in commit.states { byId[state.alertId] = state }
        states = byId.values.sorted { $0.alertId < $1.alertId }
        outbox = commit.outbox
    }
}
