import Testing
@testable import PopStreamCore

/// Which indicators take `reduce_by_pct`, and the same checks (and messages) for targets built in code
/// and read from a file.
@Suite struct TargetsValidationTests {
    let registry = Fixtures.registry

    /// A target's fields, to build it in code or write it as JSON.
    struct Spec: CustomStringConvertible {
        var indicator: IndicatorID
        var comparator: TargetComparator
        var baseline: TargetPoint?
        var milestones: [TargetPoint]

        init(_ indicator: IndicatorID, _ comparator: TargetComparator, baseline: TargetPoint? = nil,
             _ milestones: [TargetPoint]) {
            self.indicator = indicator
            self.comparator = comparator
            self.baseline = baseline
            self.milestones = milestones
        }

        static func point(_ point: TargetPoint) -> String { #"{ "year": \#(point.year), "value": \#(point.value) }"# }

        var json: String {
            var fields = [#""indicator": "\#(indicator.rawValue)""#, #""comparator": "\#(comparator.rawValue)""#]
            if let baseline { fields.append(#""baseline": \#(Self.point(baseline))"#) }
            fields.append(#""milestones": [ \#(milestones.map(Self.point).joined(separator: ", ")) ]"#)
            return "{ " + fields.joined(separator: ", ") + " }"
        }

        func build() throws(TargetsError) -> IndicatorTarget {
            try IndicatorTarget(indicator: indicator, comparator: comparator, baseline: baseline, milestones: milestones)
        }

        var description: String { json }
    }

    static func file(_ targets: [String], area: String = "VN", id: String = "p1") -> String {
        #"{ "plans": [ { "id": "\#(id)", "title": "t", "area": "\#(area)", "targets": [ \#(targets.joined(separator: ", ")) ] } ] }"#
    }

    func fileError(_ json: String) -> TargetsError? {
        do {
            _ = try TargetSet(json: json, registry: registry)
            return nil
        } catch {
            return error
        }
    }

    /// The error `build` throws (`nil` when it succeeds or throws something other than a `TargetsError`).
    func codeError(_ build: () throws -> Void) -> TargetsError? {
        do {
            try build()
            return nil
        } catch {
            return error as? TargetsError
        }
    }

    static let reduction = [TargetPoint(year: 2030, value: 50)]
    static let baseline = TargetPoint(year: 2017, value: 20)

    // MARK: reduce_by_pct: rate and count indicators only (contract section 6)

    static let reducible: [IndicatorID] = [.prenatalHighRiskRate, .newbornPositiveRate, .childMarriageRate,
                                           .childMarriageCount, .consanguineousMarriageRate, .consanguineousMarriageCount]

    @Test func reducibleAreTheRatesAndTheCounts() {
        #expect(IndicatorID.allCases.filter(\.allowsReduction) == Self.reducible)
        for indicator in IndicatorID.allCases {
            let id = indicator.rawValue
            #expect(indicator.allowsReduction == (id.hasSuffix("_rate") || id.hasSuffix("_count")), "\(id)")
        }
    }

    @Test(arguments: reducible)
    func reduceByPercentAcceptedOnRatesAndCounts(indicator: IndicatorID) throws {
        let spec = Spec(indicator, .reduceByPercent, baseline: Self.baseline, Self.reduction)
        let targets = try TargetSet(json: Self.file([spec.json]), registry: registry)
        let effective = targets.effectiveTarget(for: AggregateKey(indicator: indicator, area: "01101", period: .year(2030)))
        #expect(effective == EffectiveTarget(comparator: .atMost, value: 10))
        #expect(try spec.build().effective(year: 2030) == EffectiveTarget(comparator: .atMost, value: 10))
    }

    @Test(arguments: IndicatorID.allCases.filter { !reducible.contains($0) })
    func reduceByPercentRefusedOnCoveragesAndTheSexRatio(indicator: IndicatorID) throws {
        let spec = Spec(indicator, .reduceByPercent, baseline: Self.baseline, Self.reduction)
        let expected = TargetsError(plan: "p1", indicator: indicator.rawValue,
                                    message: "reduce_by_pct applies only to rate and count indicators (ids ending in _rate or _count)")
        #expect(fileError(Self.file([spec.json])) == expected)
        #expect(codeError { _ = try spec.build() } == TargetsError(indicator: indicator.rawValue, message: expected.message))
    }

    // MARK: one set of rules for files and code

    static let invalidTargets: [(Spec, String)] = [
        (Spec(.newbornScreeningCoverage, .atLeast, []), #""milestones" must not be empty"#),
        (Spec(.newbornScreeningCoverage, .atLeast, [TargetPoint(year: 0, value: 90)]), "milestones[0]: invalid year 0"),
        (Spec(.newbornScreeningCoverage, .atLeast, baseline: TargetPoint(year: 10_000, value: 5), [TargetPoint(year: 2030, value: 90)]),
         "baseline: invalid year 10000"),
        (Spec(.newbornScreeningCoverage, .atLeast, [TargetPoint(year: 2030, value: 90), TargetPoint(year: 2025, value: 70)]),
         "milestone years must increase (2030 then 2025)"),
        (Spec(.newbornScreeningCoverage, .atLeast, baseline: TargetPoint(year: 2030, value: 10), [TargetPoint(year: 2030, value: 90)]),
         "the baseline year 2030 must precede the first milestone year 2030"),
        (Spec(.childMarriageCount, .atMost, [TargetPoint(year: 2030, value: -1)]), "negative value -1.0 in 2030"),
        (Spec(.elderlyInsuranceCoverage, .atLeast, [TargetPoint(year: 2030, value: 100.5)]), "a percentage above 100 (100.5 in 2030)"),
        (Spec(.childMarriageRate, .reduceByPercent, Self.reduction), #"reduce_by_pct requires a "baseline""#),
        (Spec(.childMarriageRate, .reduceByPercent, baseline: Self.baseline, [TargetPoint(year: 2030, value: 120)]),
         "a reduction must be between 0 and 100 percent (2030: 120.0)"),
        (Spec(.newbornPositiveRate, .reduceByPercent, baseline: TargetPoint(year: 2017, value: 130), Self.reduction),
         "a percentage above 100 (130.0 in 2017)"),
        (Spec(.consanguineousMarriageCount, .reduceByPercent, baseline: TargetPoint(year: 2017, value: -3), Self.reduction),
         "negative value -3.0 in 2017"),
        (Spec(.sexRatioAtBirth, .reduceByPercent, baseline: TargetPoint(year: 2017, value: 112), Self.reduction),
         "reduce_by_pct applies only to rate and count indicators (ids ending in _rate or _count)"),
    ]

    @Test(arguments: invalidTargets)
    func anInvalidTargetIsRefusedAlikeInCodeAndInAFile(spec: Spec, message: String) {
        let fromFile = fileError(Self.file([spec.json]))
        let fromCode = codeError { _ = try spec.build() }
        #expect(fromFile == TargetsError(plan: "p1", indicator: spec.indicator.rawValue, message: message))
        #expect(fromCode == TargetsError(indicator: spec.indicator.rawValue, message: message))
    }

    @Test func aPlanTargetingAnIndicatorTwiceIsRefusedAlike() throws {
        let spec = Spec(.newbornScreeningCoverage, .atLeast, [TargetPoint(year: 2030, value: 90)])
        let target = try spec.build()
        let expected = TargetsError(plan: "p1", indicator: "newborn_screening_coverage", message: "targeted twice in the plan")
        #expect(fileError(Self.file([spec.json, spec.json])) == expected)
        #expect(codeError { _ = try TargetPlan(id: "p1", title: "t", area: "VN", targets: [target, target]) } == expected)
    }

    @Test func emptyPlanFieldsAreRefusedAlike() {
        #expect(codeError { _ = try TargetPlan(id: "", title: "t", area: "VN", targets: []) }
                == TargetsError(message: #"missing or empty "id""#))
        #expect(fileError(Self.file([], id: "")) == TargetsError(plan: "plans[0]", message: #"missing or empty "id""#))
        let emptyArea = TargetsError(plan: "p1", message: #"missing or empty "area" (an area code)"#)
        #expect(codeError { _ = try TargetPlan(id: "p1", title: "t", area: "", targets: []) } == emptyArea)
        #expect(fileError(Self.file([], area: "")) == emptyArea)
    }

    @Test func registryChecksAreTheSameForPlansBuiltInCode() throws {
        let target = try Spec(.sexRatioAtBirth, .below, [TargetPoint(year: 2030, value: 109)]).build()
        let unknown = TargetsError(plan: "p1", message: "unknown area 77 (not in the area registry)")
        #expect(fileError(Self.file([Spec(.sexRatioAtBirth, .below, [TargetPoint(year: 2030, value: 109)]).json], area: "77"))
                == unknown)
        #expect(codeError { _ = try TargetSet(plans: [TargetPlan(id: "p1", title: "t", area: "77", targets: [target])],
                                             registry: registry) } == unknown)
        let plans = [try TargetPlan(id: "a", title: "", area: "01", targets: [target]),
                     try TargetPlan(id: "b", title: "", area: "01", targets: [target])]
        #expect(codeError { _ = try TargetSet(plans: plans, registry: registry) }
                == TargetsError(plan: "b", indicator: "sex_ratio_at_birth", message: "area 01 already has a target for it in plan a"))
    }

    @Test func fileOnlyShapeErrorsStillNameThePlan() {
        #expect(fileError(Self.file([#"{ "indicator": "child_marriage_rate", "comparator": "<=", "milestones": [ { "year": 2030.5, "value": 1 } ] }"#]))
                == TargetsError(plan: "p1", indicator: "child_marriage_rate", message: "milestones[0]: invalid year 2030.5"))
        #expect(fileError(Self.file(["42"])) == TargetsError(plan: "p1", message: "targets[0] must be an object"))
    }

    @Test(arguments: BundledTargets.names)
    func bundledTargetsPassTheRulesAgainstTheirOwnBundledMap(name: String) throws {
        let registry = try #require(BundledAreas.registry(named: name))
        let targets = try #require(try BundledTargets.targets(named: name, registry: registry))
        #expect(targets.plans.count == (name == BundledTargets.twoLevel2025Name ? 5 : 3))
        for plan in targets.plans { #expect(registry.contains(plan.area), "\(plan.id)") }
    }
}
