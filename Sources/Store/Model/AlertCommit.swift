/// Alert transitions of one evaluation, committed in one transaction fenced by the evaluator lease.
public struct AlertCommit: Sendable {
    /// The lease the evaluator holds; the commit is refused with ``StoreError/fenced(_:)`` when the
    /// stored epoch of `lease.scope` is no longer `lease.epoch`.
    public var lease: EvaluatorLease
    /// Alert states to upsert (the last one wins if an id repeats).
    public var states: [AlertStateRecord]
    /// Alert messages to enqueue in the outbox.
    public var outbox: [OutboxMessage]
    /// Ids of the change sets this evaluation covered, removed in the same transaction.
    public var consumedChanges: [Int64]

    /// Creates an alert commit.
    public init(lease: EvaluatorLease, states: [AlertStateRecord], outbox: [OutboxMessage], consumedChanges: [Int64] = []) {
        self.lease = lease
        self.states = states
        self.outbox = outbox
        self.consumedChanges = consumedChanges
    }
}
