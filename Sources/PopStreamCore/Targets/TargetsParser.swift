/// Reads the targets file format of contract section 6 into plans.
///
/// It checks only the file's shape (objects, arrays, field presence and types, known indicator and
/// comparator names, integer years); every rule on the values is applied by the initializers of
/// `IndicatorTarget` and `TargetPlan` (see `TargetRules`), and the registry checks by `TargetSet`, exactly as
/// for targets built in code.
struct TargetsParser {
    func plans(from json: [UInt8]) throws(TargetsError) -> [TargetPlan] {
        guard let root = try TargetsJSONValue.parse(json).object else {
            throw TargetsError(message: "the file must be a JSON object with a \"plans\" array")
        }
        guard let plans = root["plans"]?.array else { throw TargetsError(message: "missing \"plans\" array") }
        return try plans.enumerated().map { (index, value) throws(TargetsError) in try plan(value, index: index) }
    }

    /// The file's optional `"minimumDenominators"` object: indicator id -> the smallest denominator (for
    /// `sex_ratio_at_birth`, male + female births) at which a row gets a status other than `insufficient_data`.
    func minimumDenominators(from json: [UInt8]) throws(TargetsError) -> [IndicatorID: Int] {
        guard let value = try TargetsJSONValue.parse(json).object?["minimumDenominators"] else { return [:] }
        if case .null = value { return [:] }
        guard let fields = value.object else {
            throw TargetsError(message: "\"minimumDenominators\" must be an object: indicator id -> integer")
        }
        var result: [IndicatorID: Int] = [:]
        for (name, value) in fields {
            func fail(_ message: String) -> TargetsError { TargetsError(indicator: name, message: "minimumDenominators: " + message) }
            guard let indicator = IndicatorID(rawValue: name) else { throw fail("unknown indicator") }
            guard indicator.measure != .count else { throw fail("a count has no minimum denominator") }
            guard let number = value.number, number.rounded() == number, number >= 1, number <= 1_000_000_000 else {
                throw fail("must be a whole number from 1 to 1000000000")
            }
            result[indicator] = Int(number)
        }
        return result
    }

    private func plan(_ value: TargetsJSONValue, index: Int) throws(TargetsError) -> TargetPlan {
        let placeholder = "plans[\(index)]"
        guard let fields = value.object else { throw TargetsError(plan: placeholder, message: "a plan must be an object") }
        guard let id = fields["id"]?.string else {
            throw TargetsError(plan: placeholder, message: "missing or empty \"id\"")
        }
        let label = id.isEmpty ? placeholder : id
        let title: String
        switch fields["title"] {
        case nil, .null?: title = ""
        case .string(let text)?: title = text
        default: throw TargetsError(plan: label, message: "\"title\" must be a string")
        }
        guard let area = fields["area"]?.string else {
            throw TargetsError(plan: label, message: "missing or empty \"area\" (an area code)")
        }
        guard let targets = fields["targets"]?.array else { throw TargetsError(plan: label, message: "missing \"targets\" array") }
        var parsed: [IndicatorTarget] = []
        do throws(TargetsError) {
            for (position, target) in targets.enumerated() { parsed.append(try self.target(target, position: position)) }
            return try TargetPlan(id: id, title: title, area: area, targets: parsed)
        } catch {
            throw error.inPlan(label)
        }
    }

    private func target(_ value: TargetsJSONValue, position: Int) throws(TargetsError) -> IndicatorTarget {
        guard let fields = value.object else { throw TargetsError(message: "targets[\(position)] must be an object") }
        guard let name = fields["indicator"]?.string else {
            throw TargetsError(message: "targets[\(position)]: missing \"indicator\"")
        }
        func fail(_ message: String) -> TargetsError { TargetsError(indicator: name, message: message) }
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
        guard let milestoneValues = fields["milestones"]?.array else { throw fail("missing \"milestones\" (a non-empty array)") }
        var milestones: [TargetPoint] = []
        for (index, value) in milestoneValues.enumerated() {
            milestones.append(try point(value, what: "milestones[\(index)]", fail: fail))
        }
        return try IndicatorTarget(indicator: indicator, comparator: comparator, baseline: baseline, milestones: milestones)
    }

    private func point(_ value: TargetsJSONValue, what: String,
                       fail: (String) -> TargetsError) throws(TargetsError) -> TargetPoint {
        guard let fields = value.object else { throw fail("\(what) must be an object {\"year\", \"value\"}") }
        guard let number = fields["year"]?.number else { throw fail("\(what): missing \"year\"") }
        guard let year = Int(exactly: number) else { throw fail("\(what): invalid year \(number)") }
        guard let value = fields["value"]?.number else { throw fail("\(what): missing \"value\"") }
        return TargetPoint(year: year, value: value)
    }
}
