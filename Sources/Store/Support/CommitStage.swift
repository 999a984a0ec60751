/// The parts of a commit, in the order they are written. Tests inject failures between them.
enum CommitStage: String, Sendable, CaseIterable {
    /// Partition owners checked and their offsets stored (window commits).
    case partitions
    /// Leaf counter deltas added (window commits).
    case counters
    /// Unit states upserted (window commits).
    case units
    /// Alert states upserted (alert commits).
    case alerts
    /// Outbox messages enqueued (alert commits).
    case outbox
}
