import Testing
@testable import PopStreamCore

@Suite struct TargetsTests {
    let registry = Fixtures.registry

    func file(_ targets: String, area: String = "VN", id: String = "p1") -> String {
        #"{ "plans": [ { "id": "\#(id)", "title": "t", "area": "\#(area)", "targets": [ \#(targets) ] } ] }"#
    }

    func error(_ json: String) -> TargetsError? {
        do {
            _ = try TargetSet(json: json, registry: registry)
            return nil
        } catch {
            return error
        }
    }

    @Test func rejectsInvalidFilesWithClearMessages() throws {
        let good = #""milestones": [ { "year": 2030, "value": 90 } ]"#
        let cases: [(String, String?, String)] = [
            ("nope", nil, "not valid JSON"),
            (#"{ "plan": [] }"#, nil, "missing \"plans\""),
            (file(#"{ "indicator": "nope", "comparator": ">=", \#(good) }"#), "nope", "unknown indicator"),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=", \#(good) }"#, area: "77"), nil, "unknown area 77"),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">", \#(good) }"#), "newborn_screening_coverage", "invalid comparator"),
            (file(#"{ "indicator": "newborn_screening_coverage", \#(good) }"#), "newborn_screening_coverage", "missing \"comparator\""),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=" }"#), "newborn_screening_coverage", "missing \"milestones\""),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2030 } ] }"#),
             "newborn_screening_coverage", "milestones[0]: missing \"value\""),
            (file(#"{ "indicator": "child_marriage_rate", "comparator": "reduce_by_pct", \#(good) }"#),
             "child_marriage_rate", "requires a \"baseline\""),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": "reduce_by_pct", "baseline": { "year": 2017, "value": 10 }, \#(good) }"#),
             "newborn_screening_coverage", "reduce_by_pct applies only"),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2030, "value": 90 }, { "year": 2030, "value": 95 } ] }"#),
             "newborn_screening_coverage", "must increase"),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=", "baseline": { "year": 2030, "value": 10 }, \#(good) }"#),
             "newborn_screening_coverage", "must precede"),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2030, "value": 120 } ] }"#),
             "newborn_screening_coverage", "above 100"),
            (file(#"{ "indicator": "newborn_screening_coverage", "comparator": ">=", \#(good) }, { "indicator": "newborn_screening_coverage", "comparator": ">=", \#(good) }"#),
             "newborn_screening_coverage", "targeted twice"),
            (#"{ "plans": [ { "title": "t", "area": "VN", "targets": [] } ] }"#, nil, "missing or empty \"id\""),
        ]
        for (json, indicator, fragment) in cases {
            let failure = try #require(error(json), "accepted: \(json)")
            #expect(failure.indicator == indicator, "\(failure)")
            #expect(failure.description.contains(fragment), "\(failure) should mention \(fragment)")
        }
        let twoPlans = #"""
        { "plans": [
          { "id": "a", "area": "01", "targets": [ { "indicator": "sex_ratio_at_birth", "comparator": "<", "milestones": [ { "year": 2030, "value": 109 } ] } ] },
          { "id": "b", "area": "01", "targets": [ { "indicator": "sex_ratio_at_birth", "comparator": "<", "milestones": [ { "year": 2030, "value": 108 } ] } ] } ] }
        """#
        let clash = try #require(error(twoPlans))
        #expect(clash.plan == "b" && clash.indicator == "sex_ratio_at_birth" && clash.message.contains("plan a"))
    }

    @Test func interpolationEdges() throws {
        let target = try IndicatorTarget(indicator: .newbornScreeningCoverage, comparator: .atLeast,
                                     baseline: TargetPoint(year: 2017, value: 10),
                                     milestones: [TargetPoint(year: 2025, value: 70), TargetPoint(year: 2030, value: 90)])
        #expect(target.effective(year: 2010).value == 10)         // before the baseline: its value
        #expect(target.effective(year: 2017).value == 10)         // exactly on the baseline
        #expect(target.effective(year: 2021).value == 40)         // halfway 2017..2025
        #expect(target.effective(year: 2025).value == 70)         // exactly on a milestone
        #expect(abs(target.effective(year: 2027).value - 78) < 1e-12)
        #expect(target.effective(year: 2030).value == 90)
        #expect(target.effective(year: 2040).value == 90)         // after the last
        #expect(target.effective(year: 2040).comparator == .atLeast)
        let noBaseline = try IndicatorTarget(indicator: .sexRatioAtBirth, comparator: .below, baseline: nil,
                                         milestones: [TargetPoint(year: 2025, value: 110), TargetPoint(year: 2030, value: 109)])
        #expect(noBaseline.effective(year: 2020) == EffectiveTarget(comparator: .below, value: 110))
        #expect(abs(noBaseline.effective(year: 2028).value - 109.4) < 1e-12)
    }

    @Test func reduceByPercentStartsAtZeroPercentOnTheBaselineYear() throws {
        let target = try IndicatorTarget(indicator: .childMarriageRate, comparator: .reduceByPercent,
                                     baseline: TargetPoint(year: 2017, value: 23.3),
                                     milestones: [TargetPoint(year: 2030, value: 50)])
        #expect(target.effective(year: 2015) == EffectiveTarget(comparator: .atMost, value: 23.3))
        #expect(target.effective(year: 2017) == EffectiveTarget(comparator: .atMost, value: 23.3))
        #expect(abs(target.effective(year: 2030).value - 11.65) < 1e-12)
        #expect(abs(target.effective(year: 2035).value - 11.65) < 1e-12)
        // 2024: 7/13 of the way to 50%.
        #expect(abs(target.effective(year: 2024).value - 23.3 * (1 - 50.0 * 7 / 13 / 100)) < 1e-12)
        let zero = try IndicatorTarget(indicator: .childMarriageCount, comparator: .reduceByPercent,
                                   baseline: TargetPoint(year: 2020, value: 0), milestones: [TargetPoint(year: 2025, value: 100)])
        #expect(zero.effective(year: 2022) == EffectiveTarget(comparator: .atMost, value: 0))
    }

    @Test func nearestAncestorWins() throws {
        let json = #"""
        { "plans": [
          { "id": "nation", "area": "VN", "targets": [
            { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2030, "value": 90 } ] },
            { "indicator": "child_marriage_count", "comparator": "<=", "milestones": [ { "year": 2025, "value": 5 } ] } ] },
          { "id": "province", "area": "01", "targets": [
            { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2030, "value": 95 } ] } ] },
          { "id": "district", "area": "011", "targets": [
            { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2030, "value": 99 } ] } ] } ] }
        """#
        let targets = try TargetSet(json: json, registry: registry)
        func value(_ area: String, _ period: String = "2030", _ indicator: IndicatorID = .newbornScreeningCoverage) -> Double? {
            targets.effectiveTarget(for: AggregateKey(indicator: indicator, area: area, period: Period(period) ?? .year(1)))?.value
        }
        #expect(value("01101") == 99)
        #expect(value("011") == 99)
        #expect(value("01201") == 95)
        #expect(value("01") == 95)
        #expect(value("02101") == 90)
        #expect(value("VN") == 90)
        #expect(targets.target(for: .newbornScreeningCoverage, area: "01102")?.plan == "district")
        #expect(value("02101", "2025", .childMarriageCount) == 5)
        #expect(value("02101", "2025-Q1", .childMarriageCount) == nil)
        #expect(value("02101", "2025-03", .childMarriageCount) == nil)
        #expect(value("02101", "2025", .sexRatioAtBirth) == nil)
    }
}

@Suite struct BundledTargetsTests {
    /// The areas the bundled plans name, as the two bundled maps have them.
    static let threeLevel: [Area] = [
        Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil),
        Area(code: "06", name: "Tỉnh Bắc Kạn", level: "province", parentCode: "VN"),
        Area(code: "058", name: "Thành Phố Bắc Kạn", level: "district", parentCode: "06"),
        Area(code: "01840", name: "Phường Đức Xuân", level: "commune", parentCode: "058"),
        Area(code: "11", name: "Tỉnh Điện Biên", level: "province", parentCode: "VN"),
    ]
    static let twoLevel: [Area] = [
        Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil),
        Area(code: "19", name: "Tỉnh Thái Nguyên", level: "province", parentCode: "VN"),
        Area(code: "01840", name: "Phường Đức Xuân", level: "commune", parentCode: "19"),
        Area(code: "01843", name: "Phường Bắc Kạn", level: "commune", parentCode: "19"),
        Area(code: "01849", name: "Xã Phong Quang", level: "commune", parentCode: "19"),
        Area(code: "01969", name: "Xã Phủ Thông", level: "commune", parentCode: "19"),
        Area(code: "11", name: "Tỉnh Điện Biên", level: "province", parentCode: "VN"),
    ]

    @Test func bothSetsLoadAgainstTheirMaps() throws {
        let three = try #require(try BundledTargets.targets(named: "three-level-2025-03", registry: AreaRegistry(areas: Self.threeLevel)))
        let two = try #require(try BundledTargets.targets(named: "two-level-2025-07", registry: AreaRegistry(areas: Self.twoLevel)))
        #expect(BundledTargets.names == ["two-level-2025-07", "three-level-2025-03"])
        #expect(BundledTargets.json(named: "nope") == nil)
        func target(_ set: TargetSet, _ indicator: IndicatorID, _ area: String, _ year: Int) -> EffectiveTarget? {
            set.effectiveTarget(for: AggregateKey(indicator: indicator, area: area, period: .year(year)))
        }
        // Bắc Kạn city's own figures on the city (three-level) and on its three new communes (two-level).
        #expect(target(three, .newbornScreeningCoverage, "01840", 2025)?.value == 70)
        #expect(target(two, .newbornScreeningCoverage, "01849", 2030)?.value == 95)
        // A commune outside the city falls back to the national goal.
        #expect(target(two, .newbornScreeningCoverage, "01969", 2030)?.value == 90)
        #expect(target(three, .newbornScreeningCoverage, "06", 2025)?.value == 70)
        // Điện Biên: child marriage 23.3% reduced by 50% in 2030.
        let child = try #require(target(two, .childMarriageRate, "11", 2030))
        #expect(child.comparator == .atMost && abs(child.value - 11.65) < 1e-12)
        #expect(target(two, .sexRatioAtBirth, "11", 2030) == EffectiveTarget(comparator: .below, value: 109))
        #expect(target(two, .childMarriageRate, "VN", 2030) == nil)
    }
}
