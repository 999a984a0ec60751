/// A change to one aggregate, added to whatever the store already holds.
///
/// Deltas are additive: two writers adding to the same key both count, whatever their order.
/// Negative values remove a unit's previous contribution.
public struct CounterRowDelta: Hashable, Sendable {
    /// The aggregate to change.
    public var key: CounterKey
    /// Added to the stored numerator.
    public var numerator: Int64
    /// Added to the stored denominator.
    public var denominator: Int64
    /// Added to the stored count of live units in the row: a row exists while it is above 0, even when
    /// its numerator and denominator are 0 (the domain's `CounterDelta.units`).
    public var units: Int64

    /// Creates a delta for `key`.
    public init(key: CounterKey, numerator: Int64, denominator: Int64, units: Int64 = 0) {
        self.key = key
        self.numerator = numerator
        self.denominator = denominator
        self.units = units
    }
}
