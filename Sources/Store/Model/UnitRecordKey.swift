/// Identifies one tracked unit: a pregnancy, a birth, a couple or an elderly person-year.
public struct UnitRecordKey: Hashable, Sendable, Comparable {
    /// The event kind, e.g. `newborn-screening`.
    public var kind: String
    /// The unit's key within its kind (a pseudonymous subject id, or subject id and year).
    public var unitKey: String

    /// Creates a key.
    public init(kind: String, unitKey: String) {
        self.kind = kind
        self.unitKey = unitKey
    }

    /// Orders by kind, then unit key (the order rows are written in).
    public static func < (lhs: UnitRecordKey, rhs: UnitRecordKey) -> Bool {
        (lhs.kind, lhs.unitKey) < (rhs.kind, rhs.unitKey)
    }
}
