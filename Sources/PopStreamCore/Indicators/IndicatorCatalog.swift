/// Per-indicator settings that deployments may change: the minimum denominators below which a row's
/// status is `insufficient_data` (contract section 6).
public struct IndicatorCatalog: Sendable, Equatable {
    /// The default minimum for proportions (30 units in the denominator).
    public static let defaultMinimum = 30
    /// The default minimum for `sex_ratio_at_birth` (200 male + female births).
    public static let defaultSexRatioMinimum = 200

    /// Overrides by indicator; indicators absent here use the defaults.
    public var minimumOverrides: [IndicatorID: Int]

    /// The contract's defaults, optionally overridden per indicator.
    public init(minimumOverrides: [IndicatorID: Int] = [:]) {
        self.minimumOverrides = minimumOverrides
    }

    /// The contract's defaults.
    public static let standard = IndicatorCatalog()

    /// The minimum denominator of `indicator`, or `nil` for counts (no minimum).
    ///
    /// For `sex_ratio_at_birth` the minimum applies to male + female births (numerator + denominator).
    public func minimumDenominator(for indicator: IndicatorID) -> Int? {
        if indicator.measure == .count { return nil }
        if let override = minimumOverrides[indicator] { return override }
        return indicator == .sexRatioAtBirth ? Self.defaultSexRatioMinimum : Self.defaultMinimum
    }
}
