/// A unit state to store in a batch, with an optional optimistic check of what was stored before.
///
/// The engine reads a unit's state, computes the new contribution and the counter deltas from it,
/// then writes the new state. If another writer changed the unit in between (a zombie consumer
/// that lost its partition, say), the deltas would be computed from a stale base. With
/// `expectedRevision` set, ``StateStore/commitBatch(_:)`` refuses the whole batch in that case
/// and throws ``StoreError/conflict(_:)``: the caller re-reads and recomputes.
public struct UnitStateWrite: Hashable, Sendable {
    /// The new state.
    public var state: UnitStateRecord
    /// The revision the engine based its deltas on: `0` when it saw no stored state,
    /// `nil` to write unconditionally.
    public var expectedRevision: Int64?

    /// Creates a write.
    public init(state: UnitStateRecord, expectedRevision: Int64?) {
        self.state = state
        self.expectedRevision = expectedRevision
    }
}
