import Foundation
import PopStreamCore

/// A scenario file that cannot be used, with the place of the problem (`anomalies[1].value: ...`).
struct ScenarioError: Error, Equatable, CustomStringConvertible, Sendable {
    let message: String
    var description: String { message }
}

/// Reads and checks a scenario file: JSON, known fields only, types, ranges, areas of the registry.
enum ScenarioParser {
    static let topFields: Set<String> = ["name", "description", "anomalies"]
    static let anomalyFields: Set<String> = ["id", "area", "indicator", "value", "share", "start", "end", "note"]

    /// The scenario in `data`, checked against `registry`.
    static func parse(_ data: Data, registry: AreaRegistry) throws(ScenarioError) -> SimulationScenario {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw ScenarioError(message: "not valid JSON")
        }
        guard let object = root as? [String: Any] else { throw ScenarioError(message: "expected a JSON object") }
        try checkFields(object, allowed: topFields, at: "")
        var scenario = SimulationScenario()
        scenario.name = try optionalString(object["name"], at: "name")
        _ = try optionalString(object["description"], at: "description")
        guard let list = object["anomalies"] else { throw ScenarioError(message: "anomalies: missing") }
        guard let anomalies = list as? [Any] else { throw ScenarioError(message: "anomalies: expected an array") }
        for (index, element) in anomalies.enumerated() {
            scenario.anomalies.append(try anomaly(element, at: "anomalies[\(index)]", registry: registry))
        }
        var shares: [EventKind: Double] = [:]
        for anomaly in scenario.anomalies { shares[anomaly.kind, default: 0] += anomaly.share }
        for (kind, total) in shares.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where total > 1 {
            throw ScenarioError(message: "anomalies: the shares of \(kind.rawValue) add up to more than 1")
        }
        return scenario
    }

    private static func anomaly(_ element: Any, at path: String, registry: AreaRegistry) throws(ScenarioError) -> SimulationScenario.Anomaly {
        guard let object = element as? [String: Any] else { throw ScenarioError(message: "\(path): expected an object") }
        try checkFields(object, allowed: anomalyFields, at: path + ".")
        guard let area = try optionalString(object["area"], at: path + ".area") else {
            throw ScenarioError(message: "\(path).area: missing")
        }
        guard registry.contains(area) else {
            throw ScenarioError(message: "\(path).area: \"\(area)\" is not in the area registry")
        }
        guard let indicatorName = try optionalString(object["indicator"], at: path + ".indicator") else {
            throw ScenarioError(message: "\(path).indicator: missing")
        }
        guard let indicator = IndicatorID(rawValue: indicatorName), EventRates.adjustable.contains(indicator) else {
            let names = EventRates.adjustable.map(\.rawValue).joined(separator: ", ")
            throw ScenarioError(message: "\(path).indicator: \"\(indicatorName)\" is not one of \(names)")
        }
        guard let value = try optionalNumber(object["value"], at: path + ".value") else {
            throw ScenarioError(message: "\(path).value: missing")
        }
        if indicator == .sexRatioAtBirth {
            guard (1...1000).contains(value) else {
                throw ScenarioError(message: "\(path).value: a sex ratio must be between 1 and 1000 boys per 100 girls")
            }
        } else if !(0...100).contains(value) {
            throw ScenarioError(message: "\(path).value: a percentage must be between 0 and 100")
        }
        var anomaly = SimulationScenario.Anomaly(
            id: try optionalString(object["id"], at: path + ".id") ?? "\(indicator.rawValue)@\(area)",
            area: area, indicator: indicator, value: value)
        _ = try optionalString(object["note"], at: path + ".note")
        if let share = try optionalNumber(object["share"], at: path + ".share") {
            guard (0...1).contains(share) else { throw ScenarioError(message: "\(path).share: must be between 0 and 1") }
            anomaly.share = share
        }
        if let start = try optionalNumber(object["start"], at: path + ".start") {
            guard start >= 0 else { throw ScenarioError(message: "\(path).start: must be 0 or more seconds") }
            anomaly.start = start
        }
        if let end = try optionalNumber(object["end"], at: path + ".end") {
            guard end > anomaly.start else { throw ScenarioError(message: "\(path).end: must be after start") }
            anomaly.end = end
        }
        return anomaly
    }

    private static func checkFields(_ object: [String: Any], allowed: Set<String>, at prefix: String) throws(ScenarioError) {
        if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
            let expected = allowed.sorted().joined(separator: ", ")
            throw ScenarioError(message: "\(prefix)\(unknown): unknown field (expected \(expected))")
        }
    }

    private static func optionalString(_ value: Any?, at path: String) throws(ScenarioError) -> String? {
        guard let value, !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw ScenarioError(message: "\(path): expected a string") }
        return text
    }

    private static func optionalNumber(_ value: Any?, at path: String) throws(ScenarioError) -> Double? {
        guard let value, !(value is NSNull) else { return nil }
        guard let number = value as? NSNumber, !isBoolean(number) else {
            throw ScenarioError(message: "\(path): expected a number")
        }
        let double = number.doubleValue
        guard double.isFinite else { throw ScenarioError(message: "\(path): expected a finite number") }
        return double
    }

    /// JSON `true`/`false` also arrive as `NSNumber`; tell them apart from numbers.
    private static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }
}
