/// Reads and validates the targets file format of contract section 6 into plans.
struct TargetsParser {
    let registry: AreaRegistry

    func plans(from json: [UInt8]) throws(TargetsError) -> [TargetPlan] {
        guard let root = try TargetsJSONValue.parse(json).object else {
            throw TargetsError(message: "the file must be a JSON object with a \"plans\" array")
        }
        guard let plans = root["plans"]?.array else { throw TargetsError(message: "missing \"plans\" array") }
        return try plans.enumerated().map { (index, value) throws(TargetsError) in try plan(value, index: index) }
    }

    private func plan(_ value: TargetsJSONValue, index: Int) throws(TargetsError) -> TargetPlan {
        guard let fields = value.object else { throw TargetsError(plan: "plans[\(index)]", message: "a plan must be an object") }
        guard let id = fields["id"]?.string, !id.isEmpty else {
            throw TargetsError(plan: "plans[\(index)]", message: "missing or empty \"id\"")
        }
        let title: String
        switch fields["title"] {
        case nil, .null?: title = ""
        case .string(let text)?: title = text
        default: throw TargetsError(plan: id, message: "\"title\" must be a string")
        }
        guard let area = fields["area"]?.string, !area.isEmpty else {
            throw TargetsError(plan: id, message: "missing \"area\" (an area code)")
        }
        guard registry.contains(area) else { throw TargetsError(plan: id, message: "unknown area \(area) (not in the area registry)") }
        guard let targets = fields["targets"]?.array else { throw TargetsError(plan: id, message: "missing \"targets\" array") }
        var seen: Set<IndicatorID> = []
        var parsed: [IndicatorTarget] = []
        for (position, target) in targets.enumerated() {
            let result = try self.target(target, plan: id, position: position)
            guard seen.insert(result.indicator).inserted else {
                throw TargetsError(plan: id, indicator: result.indicator.rawValue, message: "targeted twice in the plan")
            }
            parsed.append(result)
        }
        return TargetPlan(id: id, title: title, area: area, targets: parsed)
    }

    private func target(_ value: TargetsJSONValue, plan: String, position: Int) throws(TargetsError) -> IndicatorTarget {
        guard let fields = value.object else {
            throw TargetsError(plan: plan, message: "targets[\(position)] must be an object")
        }
        guard let name = fields["indicator"]?.string else {
            throw TargetsError(plan: plan, message: "targets[\(position)]: missing \"indicator\"")
        }
        func fail(_ message: String) -> TargetsError { TargetsError(plan: plan, indicator: name, message: message) }
        guard let indicator = IndicatorID(rawValue: name) else { throw fail("unknown indicator") }
        guard let comparatorText = fields["comparator"]?.string else { throw fail("missing \"comparator\"") }
        guard let comparator = TargetComparator(rawValue: comparatorText) else {
            throw fail("invalid comparator \"\(comparatorText)\" (expected >=, <, <= or reduce_by_pct)")
        }
        var baseline: TargetPoint?
        switch fields["baseline"] {
        case nil, .null?: baseline = nil
        case let value?: baseline = try point(value, what: "baseline", fail: fail)
        }
        guard let milestoneValues = fields["milestones"]?.array, !milestoneValues.isEmpty else {
            throw fail("missing \"milestones\" (a non-empty array)")
        }
        var milestones: [TargetPoint] = []
        for (index, value) in milestoneValues.enumerated() {
            milestones.append(try point(value, what: "milestones[\(index)]", fail: fail))
        }
        for index in milestones.indices.dropFirst() where milestones[index].year <= milestones[index - 1].year {
            throw fail("milestone years must increase (\(milestones[index - 1].year) then \(milestones[index].year))")
        }
        if let baseline, let first = milestones.first, baseline.year >= first.year {
            throw fail("the baseline year \(baseline.year) must precede the first milestone year \(first.year)")
        }
        if comparator == .reduceByPercent {
            guard indicator.allowsReduction else {
                throw fail("reduce_by_pct applies only to the child and consanguineous marriage rates and counts")
            }
            guard let baseline else { throw fail("reduce_by_pct requires a \"baseline\"") }
            guard baseline.value >= 0 else { throw fail("the baseline value must not be negative") }
            if let bad = milestones.first(where: { !(0...100).contains($0.value) }) {
                throw fail("a reduction must be between 0 and 100 percent (\(bad.year): \(bad.value))")
            }
        } else {
            for point in (baseline.map { [$0] } ?? []) + milestones {
                if point.value < 0 { throw fail("negative value \(point.value) in \(point.year)") }
                if indicator.measure == .proportion, point.value > 100 {
                    throw fail("a percentage above 100 (\(point.value) in \(point.year))")
                }
            }
        }
        return IndicatorTarget(indicator: indicator, comparator: comparator, baseline: baseline, milestones: milestones)
    }

    private func point(_ value: TargetsJSONValue, what: String,
                       fail: (String) -> TargetsError) throws(TargetsError) -> TargetPoint {
        guard let fields = value.object else { throw fail("\(what) must be an object {\"year\", \"value\"}") }
        guard let year = fields["year"]?.number else { throw fail("\(what): missing \"year\"") }
        guard year == year.rounded(), (1...9999).contains(year) else { throw fail("\(what): invalid year \(year)") }
        guard let number = fields["value"]?.number else { throw fail("\(what): missing \"value\"") }
        guard number.isFinite else { throw fail("\(what): invalid value") }
        return TargetPoint(year: Int(year), value: number)
    }
}
