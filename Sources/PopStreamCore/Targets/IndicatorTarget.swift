/// A year and a value: a baseline or a milestone of a target.
public struct TargetPoint: Hashable, Sendable, Codable {
    /// The calendar year.
    public let year: Int
    /// The value in the indicator's unit (a percent reduction for `reduce_by_pct` milestones).
    public let value: Double

    /// A point.
    public init(year: Int, value: Double) {
        self.year = year
        self.value = value
    }
}

/// One indicator's target in a plan: comparator, optional baseline, milestones in increasing years.
///
/// Valid by construction: the initializer applies the same rules as the targets file (see `TargetRules`).
public struct IndicatorTarget: Hashable, Sendable {
    /// The targeted indicator.
    public let indicator: IndicatorID
    /// The comparator as written.
    public let comparator: TargetComparator
    /// Required for `reduce_by_pct`; otherwise, when present, the first point of the interpolation.
    public let baseline: TargetPoint?
    /// At least one, years strictly increasing (after the baseline year).
    public let milestones: [TargetPoint]

    /// A target, checked like one read from a targets file.
    ///
    /// - Throws: `TargetsError` naming the indicator (not the plan) and the rule broken: no milestones, a year
    ///   outside 1...9999, milestone years not increasing or not after the baseline year, a negative value,
    ///   a percentage above 100, `reduce_by_pct` on an indicator that is not a rate or a count, without a
    ///   baseline, or with a reduction outside 0...100 percent. The message is the one a file gets.
    public init(indicator: IndicatorID, comparator: TargetComparator, baseline: TargetPoint?,
                milestones: [TargetPoint]) throws(TargetsError) {
        try TargetRules.check(indicator: indicator, comparator: comparator, baseline: baseline, milestones: milestones)
        self.indicator = indicator
        self.comparator = comparator
        self.baseline = baseline
        self.milestones = milestones
    }

    /// The interpolation points: the baseline (at 0% for `reduce_by_pct`) then the milestones.
    var points: [TargetPoint] {
        guard let baseline else { return milestones }
        let first = comparator == .reduceByPercent ? TargetPoint(year: baseline.year, value: 0) : baseline
        return [first] + milestones
    }

    /// The target in force in `year`: the point's value on a point year, linear interpolation between the
    /// two points around it, the first point's value before the first, the last's after the last.
    /// `reduce_by_pct` becomes `<=` `baseline * (1 - pct / 100)` with the interpolated pct.
    public func effective(year: Int) -> EffectiveTarget {
        let value = Self.interpolate(points, at: year)
        switch comparator {
        case .atLeast: return EffectiveTarget(comparator: .atLeast, value: value)
        case .below: return EffectiveTarget(comparator: .below, value: value)
        case .atMost: return EffectiveTarget(comparator: .atMost, value: value)
        case .reduceByPercent:
            let base = baseline?.value ?? 0
            return EffectiveTarget(comparator: .atMost, value: base * (1 - value / 100))
        }
    }

    static func interpolate(_ points: [TargetPoint], at year: Int) -> Double {
        guard let first = points.first, let last = points.last else { return 0 }
        if year <= first.year { return first.value }
        if year >= last.year { return last.value }
        for index in 1..<points.count where year <= points[index].year {
            let before = points[index - 1]
            let after = points[index]
            if year == after.year { return after.value }
            let fraction = Double(year - before.year) / Double(after.year - before.year)
            return before.value + (after.value - before.value) * fraction
        }
        return last.value
    }
}
