/// The rules of targets (contract section 6; docs/indicators.md, "Targets file"), in one place.
///
/// Every way of making targets goes through them: the initializers of `IndicatorTarget` and `TargetPlan`
/// call them, and the targets file parser builds its values with those initializers, so a target written in
/// code is refused exactly like the same target read from a file (the same `TargetsError` message). Checks
/// that need the area registry (known areas, one target per indicator and area) are in `TargetSet`.
enum TargetRules {
    /// Lowest and highest accepted year of a baseline or milestone.
    static let years = 1...9999

    /// The rules of one target, in this order: at least one milestone; years in 1...9999 and finite values;
    /// milestone years strictly increasing and after the baseline year; then the comparator's rules.
    /// Errors name the indicator (the plan is added by the caller that knows it).
    static func check(indicator: IndicatorID, comparator: TargetComparator, baseline: TargetPoint?,
                      milestones: [TargetPoint]) throws(TargetsError) {
        func fail(_ message: String) -> TargetsError { TargetsError(indicator: indicator.rawValue, message: message) }
        guard let first = milestones.first else { throw fail("\"milestones\" must not be empty") }
        let labelled = (baseline.map { [("baseline", $0)] } ?? [])
            + milestones.enumerated().map { ("milestones[\($0.offset)]", $0.element) }
        for (what, point) in labelled {
            guard years.contains(point.year) else { throw fail("\(what): invalid year \(point.year)") }
            guard point.value.isFinite else { throw fail("\(what): invalid value") }
        }
        for index in milestones.indices.dropFirst() where milestones[index].year <= milestones[index - 1].year {
            throw fail("milestone years must increase (\(milestones[index - 1].year) then \(milestones[index].year))")
        }
        if let baseline, baseline.year >= first.year {
            throw fail("the baseline year \(baseline.year) must precede the first milestone year \(first.year)")
        }
        if comparator == .reduceByPercent {
            try checkReduction(indicator: indicator, baseline: baseline, milestones: milestones, fail: fail)
        } else {
            for point in (baseline.map { [$0] } ?? []) + milestones {
                try checkValue(point, indicator: indicator, fail: fail)
            }
        }
    }

    /// `reduce_by_pct`: a rate or count indicator, a baseline (a valid value of the indicator), and
    /// milestone values that are reductions between 0 and 100 percent.
    private static func checkReduction(indicator: IndicatorID, baseline: TargetPoint?, milestones: [TargetPoint],
                                       fail: (String) -> TargetsError) throws(TargetsError) {
        guard indicator.allowsReduction else {
            throw fail("reduce_by_pct applies only to rate and count indicators (ids ending in _rate or _count)")
        }
        guard let baseline else { throw fail("reduce_by_pct requires a \"baseline\"") }
        try checkValue(baseline, indicator: indicator, fail: fail)
        if let bad = milestones.first(where: { !(0...100).contains($0.value) }) {
            throw fail("a reduction must be between 0 and 100 percent (\(bad.year): \(bad.value))")
        }
    }

    /// A value in the indicator's unit: not negative; at most 100 for a percentage.
    private static func checkValue(_ point: TargetPoint, indicator: IndicatorID,
                                   fail: (String) -> TargetsError) throws(TargetsError) {
        if point.value < 0 { throw fail("negative value \(point.value) in \(point.year)") }
        if indicator.measure == .proportion, point.value > 100 {
            throw fail("a percentage above 100 (\(point.value) in \(point.year))")
        }
    }

    /// The rules of a plan's own fields: a non-empty id and area, each indicator targeted at most once.
    static func checkPlan(id: String, area: String, targets: [IndicatorTarget]) throws(TargetsError) {
        guard !id.isEmpty else { throw TargetsError(message: "missing or empty \"id\"") }
        guard !area.isEmpty else { throw TargetsError(plan: id, message: "missing or empty \"area\" (an area code)") }
        var seen: Set<IndicatorID> = []
        for target in targets where !seen.insert(target.indicator).inserted {
            throw TargetsError(plan: id, indicator: target.indicator.rawValue, message: "targeted twice in the plan")
        }
    }
}
