import Foundation
import Pipeline
import PopStreamCore
import Store

/// What the figures and alerts must be at the end of a scenario, and how to read what the workers made.
enum Expectations {
    /// Recomputed from scratch: the contribution of each unit's highest revision alone (nothing when it
    /// is a retraction), rolled up; rows with at least one live unit.
    static func figures(_ finalEvents: [UnitKey: HealthEvent], registry: AreaRegistry) throws -> [AggregateKey: CounterDelta] {
        let engine = IndicatorEngine(registry: registry)
        var totals: [AggregateKey: CounterDelta] = [:]
        for event in finalEvents.values where !event.envelope.retracted {
            let result = engine.apply(event, current: nil)
            for (key, delta) in try engine.deltas(of: result) { totals[key, default: .zero] += delta }
        }
        return totals.filter { $0.value.units > 0 }
    }

    /// The rolled-up figures the store holds for the map of `registry` named `map`.
    static func stored(_ store: any StateStore, registry: AreaRegistry, map: String) async throws -> [AggregateKey: CounterDelta] {
        try await FigureReader(store: store, engine: IndicatorEngine(registry: registry), map: map).counters(.all)
    }

    /// The differences between two figure sets, at most `limit` of them, for a failure message.
    static func differences(_ actual: [AggregateKey: CounterDelta], _ expected: [AggregateKey: CounterDelta], limit: Int = 10) -> [String] {
        var result: [String] = []
        for key in Set(actual.keys).union(expected.keys).sorted() where actual[key] != expected[key] {
            result.append("\(key): stored \(String(describing: actual[key])), expected \(String(describing: expected[key]))")
            if result.count == limit { break }
        }
        return result
    }

    /// One alert message read back.
    struct Alert: Decodable, Sendable {
        var alertId: String
        var sequence: Int
        var status: String
        var severity: String
    }

    /// Checks the alert topic against the final figures: the latest message of every alert id says
    /// what the final status of its (indicator, area, period) is, every firing row has one, and each id's
    /// sequences run 1, 2, ... without a gap (copies allowed). Returns the problems found.
    static func alertProblems(_ messages: [Alert], figures: [AggregateKey: CounterDelta], evaluator: IndicatorEvaluator,
                              kinds: Set<EventKind>) -> [String] {
        var problems: [String] = []
        var latest: [String: Alert] = [:]
        var sequences: [String: Set<Int>] = [:]
        for message in messages {
            sequences[message.alertId, default: []].insert(message.sequence)
            if message.sequence >= latest[message.alertId]?.sequence ?? 0 { latest[message.alertId] = message }
        }
        for (alertId, seen) in sequences where seen != Set(1...(seen.max() ?? 1)) {
            problems.append("\(alertId): sequences \(seen.sorted()) have a gap")
        }
        var firingIds: Set<String> = []
        for (key, counters) in figures where kinds.contains(key.indicator.kind) {
            let row = evaluator.evaluate(key, counters: counters)
            guard let severity = AlertSeverity(status: row.status) else { continue }
            firingIds.insert(key.alertId)
            guard let alert = latest[key.alertId] else {
                problems.append("\(key.alertId): \(row.status) but no alert")
                continue
            }
            if alert.status != "firing" || alert.severity != severity.rawValue {
                problems.append("\(key.alertId): \(row.status) but the last alert is \(alert.status)/\(alert.severity) #\(alert.sequence)")
            }
        }
        for (alertId, alert) in latest where !firingIds.contains(alertId) && alert.status != "resolved" {
            problems.append("\(alertId): no longer firing but the last alert is \(alert.status)/\(alert.severity) #\(alert.sequence)")
        }
        return problems
    }
}
