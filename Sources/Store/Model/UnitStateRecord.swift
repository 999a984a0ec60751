import Foundation

/// What the store remembers about one unit: the revision applied last and the domain engine's
/// serialized state (its contribution and the ids needed to recognise duplicates), needed to remove
/// the contribution when a later revision or a retraction arrives.
public struct UnitStateRecord: Hashable, Sendable {
    /// The unit.
    public var key: UnitRecordKey
    /// The highest revision applied to this unit.
    public var revision: Int64
    /// Opaque bytes produced by the domain engine. The store never looks inside.
    public var payload: Data

    /// Creates a unit state.
    public init(key: UnitRecordKey, revision: Int64, payload: Data) {
        self.key = key
        self.revision = revision
        self.payload = payload
    }
}
