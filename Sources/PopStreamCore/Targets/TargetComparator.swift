/// A comparator as written in a targets file (contract section 6).
public enum TargetComparator: String, CaseIterable, Hashable, Sendable, Codable {
    /// At least the target value.
    case atLeast = ">="
    /// Strictly below the target value.
    case below = "<"
    /// At most the target value.
    case atMost = "<="
    /// Milestone values are percent reductions from the baseline value; evaluated as `<=`
    /// `baseline * (1 - pct / 100)`.
    case reduceByPercent = "reduce_by_pct"
}

/// A comparator as evaluated and reported (`reduce_by_pct` shows as `<=`).
public enum EffectiveComparator: String, CaseIterable, Hashable, Sendable, Codable {
    case atLeast = ">="
    case below = "<"
    case atMost = "<="
}

/// The target in force for one period: what a report's `target` field shows.
public struct EffectiveTarget: Hashable, Sendable, Codable {
    /// `>=`, `<` or `<=`.
    public let comparator: EffectiveComparator
    /// In the indicator's unit (%, boys per 100 girls, or a count).
    public let value: Double

    /// An effective target.
    public init(comparator: EffectiveComparator, value: Double) {
        self.comparator = comparator
        self.value = value
    }
}
