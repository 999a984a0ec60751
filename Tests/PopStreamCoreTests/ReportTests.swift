import Foundation
import Testing
@testable import PopStreamCore

@Suite struct ReportTests {
    let targetsJSON = #"""
    { "plans": [ { "id": "p", "area": "VN", "targets": [
      { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2025, "value": 70 } ] },
      { "indicator": "sex_ratio_at_birth", "comparator": "<", "milestones": [ { "year": 2025, "value": 110 } ] },
      { "indicator": "child_marriage_count", "comparator": "reduce_by_pct", "baseline": { "year": 2020, "value": 10 },
        "milestones": [ { "year": 2025, "value": 50 } ] } ] } ] }
    """#

    func evaluator() throws -> IndicatorEvaluator {
        IndicatorEvaluator(registry: Fixtures.registry, targets: try TargetSet(json: targetsJSON, registry: Fixtures.registry))
    }

    func key(_ indicator: IndicatorID, _ area: String, _ period: String) -> AggregateKey {
        AggregateKey(indicator: indicator, area: area, period: Period(period) ?? .year(1))
    }

    @Test func proportionRowWithEveryKey() throws {
        let row = try evaluator().evaluate(key(.newbornScreeningCoverage, "011", "2025"),
                                           counters: CounterDelta(numerator: 614, denominator: 1000, units: 1000))
        #expect(row.status == .breach) // upper 64.37 < 70
        #expect(row.areaName == "Huyện Một Một" && row.level == "district")
        let object = try JSONEncoderForTests.object(JSONEncoderForTests.encode(row))
        #expect(Set(object.keys) == ["indicator", "area", "areaName", "level", "period", "numerator", "denominator",
                                     "value", "lower", "upper", "unit", "target", "status"])
        #expect(object["period"] as? String == "2025")
        #expect(object["unit"] as? String == "%")
        #expect(object["status"] as? String == "breach")
        #expect((object["target"] as? [String: Any])?["comparator"] as? String == ">=")
        #expect(try JSONEncoderForTests.decode(IndicatorRow.self, JSONEncoderForTests.encode(row)) == row)
    }

    @Test func nullsForZeroDenominatorAndCounts() throws {
        let evaluator = try evaluator()
        let empty = evaluator.evaluate(key(.sexRatioAtBirth, "VN", "2025-03"), counters: CounterDelta(numerator: 0, denominator: 0, units: 2))
        let emptyObject = try JSONEncoderForTests.object(JSONEncoderForTests.encode(empty))
        #expect(emptyObject["value"] is NSNull && emptyObject["lower"] is NSNull && emptyObject["upper"] is NSNull)
        #expect(empty.status == .insufficientData)

        let count = evaluator.evaluate(key(.childMarriageCount, "01", "2025"), counters: CounterDelta(numerator: 6, denominator: 40, units: 40))
        #expect(count.value == 6 && count.numerator == 6 && count.denominator == nil && count.lower == nil)
        #expect(count.target == EffectiveTarget(comparator: .atMost, value: 5) && count.status == .breach)
        #expect(count.unit == .count)
        let object = try JSONEncoderForTests.object(JSONEncoderForTests.encode(count))
        #expect(object["denominator"] is NSNull)
        let quarterly = evaluator.evaluate(key(.childMarriageCount, "01", "2025-Q2"), counters: CounterDelta(numerator: 6, denominator: 40, units: 40))
        #expect(quarterly.target == nil && quarterly.status == .noTarget)
    }

    @Test func sexRatioStatusThroughTheMappedInterval() throws {
        // 560 boys, 440 girls: ratio 127.3, interval of p = 0.56 is [0.529, 0.591] -> [112.3, 144.2] >= 110: breach.
        let row = try evaluator().evaluate(key(.sexRatioAtBirth, "VN", "2025"), counters: CounterDelta(numerator: 560, denominator: 440, units: 1000))
        #expect(row.status == .breach && row.unit == .boysPer100Girls)
        #expect((row.lower ?? 0) > 110)
    }

    @Test func rowsFromEngineCounters() throws {
        var state = EngineState(engine: IndicatorEngine(registry: Fixtures.registry))
        try state.apply(batch: [Fixtures.newborn("a", sex: .undetermined), Fixtures.elderly("e")])
        let rows = try evaluator().rows(state.counters)
        // newborn: 4 areas x 3 periods x 3 indicators; elderly: 4 areas x 1 period x 4 indicators.
        #expect(rows.count == 36 + 16)
        let sexRatio = try #require(rows.first { $0.indicator == .sexRatioAtBirth && $0.area == "VN" && $0.period == .year(2025) })
        #expect(sexRatio.numerator == 0 && sexRatio.denominator == 0 && sexRatio.value == nil)
    }

    /// The worked examples of docs/indicators.md, end to end.
    @Test func documentedWorkedExamples() throws {
        let json = #"""
        { "plans": [
          { "id": "nation", "area": "VN", "targets": [
            { "indicator": "sex_ratio_at_birth", "comparator": "<", "milestones": [ { "year": 2025, "value": 110 } ] },
            { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2025, "value": 70 } ] } ] },
          { "id": "dien-bien-2018", "area": "01", "targets": [
            { "indicator": "child_marriage_rate", "comparator": "reduce_by_pct", "baseline": { "year": 2017, "value": 23.3 },
              "milestones": [ { "year": 2030, "value": 50 } ] } ] } ] }
        """#
        let evaluator = IndicatorEvaluator(registry: Fixtures.registry, targets: try TargetSet(json: json, registry: Fixtures.registry))
        let coverage = evaluator.evaluate(key(.newbornScreeningCoverage, "011", "2025"), counters: CounterDelta(numerator: 614, denominator: 1000, units: 1000))
        #expect(coverage.status == .breach)
        let nearly = evaluator.evaluate(key(.newbornScreeningCoverage, "011", "2025"), counters: CounterDelta(numerator: 680, denominator: 1000, units: 1000))
        #expect(nearly.status == .atRisk)
        let ratio = evaluator.evaluate(key(.sexRatioAtBirth, "VN", "2025"), counters: CounterDelta(numerator: 530, denominator: 470, units: 1000))
        #expect(ratio.status == .atRisk)
        #expect(abs((ratio.lower ?? 0) - 99.60490567971905) < 1e-9)
        let child = evaluator.evaluate(key(.childMarriageRate, "01101", "2024"), counters: CounterDelta(numerator: 45, denominator: 220, units: 220))
        #expect(child.target?.comparator == .atMost)
        #expect(abs((child.target?.value ?? 0) - 17.02692307692308) < 1e-9)
        #expect(child.status == .atRisk)
        let worse = evaluator.evaluate(key(.childMarriageRate, "01101", "2024-Q3"), counters: CounterDelta(numerator: 60, denominator: 220, units: 220))
        #expect(worse.status == .breach)
    }
}
