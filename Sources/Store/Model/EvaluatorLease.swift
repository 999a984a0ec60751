import Foundation

/// The right to evaluate alerts for one scope (an event kind), held by one process at a time.
///
/// Alert states and outbox messages are committed only under the current lease's epoch
/// (``AlertCommit/lease``): a holder that lost the lease (expired, taken over) is fenced.
public struct EvaluatorLease: Hashable, Sendable {
    /// What the lease covers, e.g. `newborn-screening`.
    public var scope: String
    /// Who holds it (a process-unique name).
    public var holder: String
    /// Increases at every change of holder.
    public var epoch: Int64
    /// When the lease lapses unless renewed.
    public var expiresAt: Date

    /// Creates a lease value.
    public init(scope: String, holder: String, epoch: Int64, expiresAt: Date) {
        self.scope = scope
        self.holder = holder
        self.epoch = epoch
        self.expiresAt = expiresAt
    }
}
