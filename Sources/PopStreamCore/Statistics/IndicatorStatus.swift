/// The status of an (indicator, area, period) against its effective target (contract section 6).
public enum IndicatorStatus: String, CaseIterable, Hashable, Sendable, Codable {
    case ok
    case atRisk = "at_risk"
    case breach
    case insufficientData = "insufficient_data"
    case noTarget = "no_target"
}

/// The status rules of contract section 6.
public enum StatusRule {
    /// The status of a row.
    ///
    /// In order: no target -> `no_target`; a proportion or ratio whose denominator (for the sex ratio:
    /// male + female births) is below `minimum`, or whose value is undefined -> `insufficient_data`;
    /// counts: `breach` when the count exceeds the allowed value (or, for `<`, reaches it), else `ok`;
    /// proportions and ratio with target T:
    /// - `>=`: `breach` when upper < T, `at_risk` when value < T, else `ok`;
    /// - `<`: `breach` when lower >= T, `at_risk` when value >= T, else `ok`;
    /// - `<=`: `breach` when lower > T, `at_risk` when value > T, else `ok`.
    public static func status(indicator: IndicatorID, numerator: Int64, denominator: Int64,
                              estimate: IndicatorEstimate, target: EffectiveTarget?, minimum: Int?) -> IndicatorStatus {
        guard let target else { return .noTarget }
        let comparator = target.comparator
        let threshold = target.value
        if indicator.measure == .count {
            let count = Double(numerator)
            switch comparator {
            case .atLeast: return count < threshold ? .breach : .ok
            case .below: return count >= threshold ? .breach : .ok
            case .atMost: return count > threshold ? .breach : .ok
            }
        }
        let size = indicator == .sexRatioAtBirth ? numerator + denominator : denominator
        if let minimum, size < Int64(minimum) { return .insufficientData }
        guard let value = estimate.value, let lower = estimate.lower, let upper = estimate.upper else {
            return .insufficientData
        }
        switch comparator {
        case .atLeast:
            if upper < threshold { return .breach }
            return value < threshold ? .atRisk : .ok
        case .below:
            if lower >= threshold { return .breach }
            return value >= threshold ? .atRisk : .ok
        case .atMost:
            if lower > threshold { return .breach }
            return value > threshold ? .atRisk : .ok
        }
    }
}
