import Testing
@testable import PopStreamCore

/// The targets file may set the minimum denominators (contract section 6: "configurable"); every evaluator built
/// on its targets uses them, so workers, reports and the API agree.
@Suite struct MinimumDenominatorsTests {
    let registry = Fixtures.registry

    /// A plan with newborn screening coverage >= 70 on `VN`, and the file's `minimumDenominators`.
    func targets(_ minimums: String) throws(TargetsError) -> TargetSet {
        try TargetSet(json: #"""
            { "plans": [ { "id": "p", "area": "VN", "targets": [ { "indicator": "newborn_screening_coverage",
                "comparator": ">=", "milestones": [ { "year": 2025, "value": 70 } ] } ] } ],
              "minimumDenominators": \#(minimums) }
            """#, registry: registry)
    }

    @Test func theFileOverridesTheDefaults() throws {
        let set = try targets(#"{ "sex_ratio_at_birth": 500, "newborn_screening_coverage": 10 }"#)
        #expect(set.catalog.minimumDenominator(for: .sexRatioAtBirth) == 500)
        #expect(set.catalog.minimumDenominator(for: .newbornScreeningCoverage) == 10)
        #expect(set.catalog.minimumDenominator(for: .prenatalScreeningCoverage) == IndicatorCatalog.defaultMinimum)
        // Without the field, or with null: the contract's defaults.
        #expect(try TargetSet(json: #"{ "plans": [] }"#, registry: registry).catalog == .standard)
        #expect(try targets("null").catalog == .standard && targets("{}").catalog == .standard)
    }

    @Test func evaluatorsUseTheTargetsMinimums() throws {
        let key = AggregateKey(indicator: .newbornScreeningCoverage, area: "VN", period: .year(2025))
        let counters = CounterDelta(numerator: 15, denominator: 20, units: 20)
        let standard = IndicatorEvaluator(registry: registry, targets: try targets("{}"))
        #expect(standard.evaluate(key, counters: counters).status == .insufficientData)
        let lowered = IndicatorEvaluator(registry: registry, targets: try targets(#"{ "newborn_screening_coverage": 10 }"#))
        #expect(lowered.evaluate(key, counters: counters).status == .ok)
    }

    @Test(arguments: [
        (#"{ "no_such_indicator": 10 }"#, "unknown indicator"),
        (#"{ "child_marriage_count": 10 }"#, "a count has no minimum denominator"),
        (#"{ "sex_ratio_at_birth": 0 }"#, "whole number"),
        (#"{ "sex_ratio_at_birth": 2.5 }"#, "whole number"),
        (#"{ "sex_ratio_at_birth": "500" }"#, "whole number"),
        (#"[ 500 ]"#, "must be an object"),
    ])
    func badValuesAreRefused(minimums: String, message: String) {
        let error = #expect(throws: TargetsError.self) { try targets(minimums) }
        #expect(error?.description.contains(message) == true, "\(String(describing: error))")
    }
}
