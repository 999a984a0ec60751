/// Everything one commit window changes, committed in one transaction by
/// ``StateStore/commitBatch(_:)``: all of it or none of it.
///
/// A window may cover many poll batches and several partitions: its offsets are the last offset of
/// each partition in the window (+ 1), fenced by the partition's owner epoch.
public struct BatchCommit: Sendable {
    /// Additive changes to leaf counters. Several deltas for one key are summed.
    public var leafCounters: [LeafCounterDelta]
    /// Unit states to upsert; at most one per unit (the last one wins if a key repeats).
    public var unitStates: [UnitStateWrite]
    /// The progress on each partition (the last one wins if a partition repeats).
    public var partitions: [PartitionCommit]

    /// Creates a batch; every part defaults to empty.
    public init(leafCounters: [LeafCounterDelta] = [], unitStates: [UnitStateWrite] = [], partitions: [PartitionCommit] = []) {
        self.leafCounters = leafCounters
        self.unitStates = unitStates
        self.partitions = partitions
    }

    /// Whether the batch changes nothing.
    public var isEmpty: Bool { leafCounters.isEmpty && unitStates.isEmpty && partitions.isEmpty }
}
