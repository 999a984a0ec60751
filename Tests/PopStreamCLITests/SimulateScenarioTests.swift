import Foundation
@testable import PopStreamCLI
import PopStreamCore
import Testing

@Suite("simulate: scenario anomalies reach their status through the engine", .timeLimit(.minutes(3)))
struct SimulateScenarioTests {
    /// The bundled map's figures after `messages`, applied in order through the in-memory engine.
    private static func figures(_ messages: [SimulatedMessage]) throws -> [AggregateKey: CounterDelta] {
        var state = EngineState(engine: IndicatorEngine(registry: BundledAreas.defaultRegistry))
        try state.apply(batch: try SimulateFixtures.decoded(messages))
        return state.counters
    }

    private static func evaluator() throws -> IndicatorEvaluator {
        let registry = BundledAreas.defaultRegistry
        let targets = try #require(try BundledTargets.targets(named: BundledTargets.twoLevel2025Name, registry: registry))
        return IndicatorEvaluator(registry: registry, targets: targets)
    }

    @Test("the shipped example: each anomaly is at_risk or breach after one minute at the default rate")
    func exampleScenarioFires() throws {
        let scenario = try SimulateFixtures.exampleScenario()
        #expect(scenario.anomalies.count == 3)
        // One minute at the default 100 events/s.
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(seed: 1, scenario: scenario), count: 6_000)
        let figures = try Self.figures(messages)
        let evaluator = try Self.evaluator()
        let expectations: [(IndicatorID, String, Set<IndicatorStatus>)] = [
            (.sexRatioAtBirth, "19", [.atRisk, .breach]),
            (.newbornScreeningCoverage, "01843", [.breach]),
            (.childMarriageRate, "03160", [.breach]),
        ]
        for (indicator, area, statuses) in expectations {
            let key = AggregateKey(indicator: indicator, area: area, period: .year(2026))
            let counters = try #require(figures[key], "no figures for \(key)")
            let row = evaluator.evaluate(key, counters: counters)
            #expect(statuses.contains(row.status), "\(key): \(row.status), value \(row.value ?? -1), n \(row.denominator ?? 0)")
        }
        // The sex ratio follows the anomaly's value closely (quota, not coin).
        let births = try #require(figures[AggregateKey(indicator: .sexRatioAtBirth, area: "19", period: .year(2026))])
        let ratio = 100 * Double(births.numerator) / Double(births.denominator)
        #expect(abs(ratio - 118) < 3, "ratio \(ratio)")
        #expect(births.numerator + births.denominator >= 400)
    }

    @Test("seeds differ, the anomalies fire all the same", arguments: [2, 3, 4] as [UInt64])
    func exampleScenarioFiresForAnySeed(seed: UInt64) throws {
        let messages = SimulateFixtures.messages(
            SimulateFixtures.settings(seed: seed, scenario: try SimulateFixtures.exampleScenario()), count: 6_000)
        let figures = try Self.figures(messages)
        let evaluator = try Self.evaluator()
        for (indicator, area) in [(IndicatorID.sexRatioAtBirth, "19"), (.newbornScreeningCoverage, "01843"), (.childMarriageRate, "03160")] {
            let key = AggregateKey(indicator: indicator, area: area, period: .year(2026))
            let row = evaluator.evaluate(key, counters: figures[key] ?? .zero)
            #expect(row.status == .atRisk || row.status == .breach, "\(key): \(row.status)")
        }
    }

    @Test("without a scenario the same areas are fine; an anomaly's window bounds it")
    func baselineAndWindow() throws {
        let evaluator = try Self.evaluator()
        let plain = try Self.figures(SimulateFixtures.messages(SimulateFixtures.settings(seed: 1), count: 6_000))
        for (indicator, area) in [(IndicatorID.newbornScreeningCoverage, "01843"), (.childMarriageRate, "03160")] {
            let key = AggregateKey(indicator: indicator, area: area, period: .year(2026))
            let row = evaluator.evaluate(key, counters: plain[key] ?? .zero)
            #expect(row.status != .breach && row.status != .atRisk, "\(key): \(row.status)")
        }
        let national = AggregateKey(indicator: .newbornScreeningCoverage, area: "VN", period: .year(2026))
        #expect(evaluator.evaluate(national, counters: plain[national] ?? .zero).status == .ok)

        // An anomaly that ends after 10 s of 60: only the first sixth of the run is affected.
        let windowed = SimulationScenario(anomalies: [
            .init(id: "w", area: "01843", indicator: .newbornScreeningCoverage, value: 0, share: 0.2, start: 0, end: 10),
        ])
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(seed: 1, scenario: windowed), count: 6_000)
        let events = try SimulateFixtures.decoded(messages)
        var inside = 0, before = 0, after = 0
        for (message, event) in zip(messages, events) where message.category == .newUnit && event.envelope.areaCode == "01843" {
            guard case .newborn(let body)? = event.body else { continue }
            let full = body.screenings.values.allSatisfy { $0 != .notScreened }
            if message.offset < 10 { inside += 1; if full { before += 1 } } else if full { after += 1 }
        }
        #expect(inside > 30)
        #expect(before == 0, "coverage 0% while active")
        #expect(after > 0, "baseline coverage after the end")
    }

    @Test("scenario files: unknown fields, bad types, ranges and areas are refused with the place named")
    func parserErrors() throws {
        let registry = BundledAreas.defaultRegistry
        func error(_ json: String) -> String? {
            do {
                _ = try ScenarioParser.parse(Data(json.utf8), registry: registry)
                return nil
            } catch {
                return error.message
            }
        }
        let good = #"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":118}]}"#
        #expect(error(good) == nil)
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":118,"colour":"red"}]}"#)
            == "anomalies[0].colour: unknown field (expected area, end, id, indicator, note, share, start, value)")
        #expect(error(#"{"anomalys":[]}"#)?.hasPrefix("anomalys: unknown field") == true)
        #expect(error(#"{"anomalies":[{"area":"99999","indicator":"sex_ratio_at_birth","value":118}]}"#)
            == #"anomalies[0].area: "99999" is not in the area registry"#)
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"sex_ratio","value":118}]}"#)?
            .hasPrefix(#"anomalies[0].indicator: "sex_ratio" is not one of"#) == true)
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":"118"}]}"#)
            == "anomalies[0].value: expected a number")
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":true}]}"#)
            == "anomalies[0].value: expected a number")
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"newborn_screening_coverage","value":140}]}"#)
            == "anomalies[0].value: a percentage must be between 0 and 100")
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":118,"start":30,"end":10}]}"#)
            == "anomalies[0].end: must be after start")
        #expect(error(#"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":118,"share":0.7},{"area":"11","indicator":"newborn_positive_rate","value":5,"share":0.5}]}"#)
            == "anomalies: the shares of newborn-screening add up to more than 1")
        #expect(error("[1]") == "expected a JSON object")
        #expect(error("{") == "not valid JSON")
        #expect(error("{}") == "anomalies: missing")
    }
}
