/// Everything one batch of events changes, committed in one transaction by
/// ``StateStore/commitBatch(_:)``: all of it or none of it.
public struct BatchCommit: Sendable {
    /// Additive changes to aggregates. Several deltas for one key are summed.
    public var counterDeltas: [CounterRowDelta]
    /// Unit states to upsert; at most one per unit (the last one wins if a key repeats).
    public var unitStates: [UnitStateWrite]
    /// The next offsets to consume, per partition (the last one wins if a partition repeats).
    public var offsets: [ConsumerOffset]
    /// Alert states to upsert (the last one wins if an id repeats).
    public var alertStates: [AlertStateRecord]
    /// Alert messages to enqueue in the outbox.
    public var outbox: [OutboxMessage]

    /// Creates a batch; every part defaults to empty.
    public init(
        counterDeltas: [CounterRowDelta] = [],
        unitStates: [UnitStateWrite] = [],
        offsets: [ConsumerOffset] = [],
        alertStates: [AlertStateRecord] = [],
        outbox: [OutboxMessage] = []
    ) {
        self.counterDeltas = counterDeltas
        self.unitStates = unitStates
        self.offsets = offsets
        self.alertStates = alertStates
        self.outbox = outbox
    }

    /// Whether the batch changes nothing.
    public var isEmpty: Bool {
        counterDeltas.isEmpty && unitStates.isEmpty && offsets.isEmpty && alertStates.isEmpty && outbox.isEmpty
    }
}
