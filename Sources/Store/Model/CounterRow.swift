/// The stored value of one aggregate.
public struct CounterRow: Hashable, Sendable {
    /// The aggregate.
    public var key: CounterKey
    /// The exact numerator: the sum of every committed delta.
    public var numerator: Int64
    /// The exact denominator: the sum of every committed delta.
    public var denominator: Int64
    /// Live units counted in the row (see ``CounterRowDelta/units``).
    public var units: Int64

    /// Creates a row.
    public init(key: CounterKey, numerator: Int64, denominator: Int64, units: Int64 = 0) {
        self.key = key
        self.numerator = numerator
        self.denominator = denominator
        self.units = units
    }
}
