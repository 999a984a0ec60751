import PopStreamCore
import Testing

/// The bundled targets must load against the bundled area map of the same name, and resolve to the
/// plans' figures where the plans set them (nearest ancestor wins).
@Suite struct BundledDefaultsTests {
    func targets(_ name: String) throws -> (AreaRegistry, TargetSet) {
        let registry = try #require(BundledAreas.registry(named: name))
        let targets = try #require(try BundledTargets.targets(named: name, registry: registry))
        return (registry, targets)
    }

    func effective(_ targets: TargetSet, _ indicator: IndicatorID, _ area: String, _ year: Int) -> EffectiveTarget? {
        targets.effectiveTarget(for: AggregateKey(indicator: indicator, area: area, period: .year(year)))
    }

    @Test(arguments: BundledTargets.names)
    func everyBundledTargetSetLoadsAgainstItsMap(name: String) throws {
        let (registry, targets) = try targets(name)
        // Every commune of every bundled map inherits at least the national sex-ratio target.
        for area in registry.areas where area.level == "commune" {
            #expect(effective(targets, .sexRatioAtBirth, area.code, 2030)?.value == 109, "\(area.code)")
        }
    }

    @Test("a map of the operator's own gets the national plan when it has VN, and nothing else")
    func operatorsOwnMapGetsTheNationalPlan() throws {
        let own = try AreaRegistry(csv: "code,name,level,parentCode\nVN,Việt Nam,national,\n19,Tỉnh A,province,VN\n01840,Xã B,commune,19\n")
        let national = try BundledTargets.national(registry: own)
        #expect(national.plans.map(\.id) == ["vn-resolution-21"])
        #expect(effective(national, .sexRatioAtBirth, "01840", 2025) == EffectiveTarget(comparator: .below, value: 110))
        // 01840 has Bắc Kạn city's own newborn target on the bundled three-level map; not on a map of one's own.
        #expect(effective(national, .newbornScreeningCoverage, "01840", 2025) == EffectiveTarget(comparator: .atLeast, value: 70))
        #expect(effective(national, .newbornScreeningCoverage, "01840", 2030) == EffectiveTarget(comparator: .atLeast, value: 90))
        let rootless = try AreaRegistry(csv: "code,name,level,parentCode\nX,Somewhere,region,\nX1,Place,commune,X\n")
        #expect(try BundledTargets.national(registry: rootless).plans.isEmpty)
    }

    @Test func threeLevelMapCarriesTheBacKanCityPlanOnItsWards() throws {
        let (registry, targets) = try targets(BundledTargets.threeLevel2025Name)
        #expect(registry.area("01840")?.parentCode == "058")
        // Bắc Kạn city: newborns 70% in 2025, 95% in 2030 (the national goal would be 90%).
        #expect(effective(targets, .newbornScreeningCoverage, "01840", 2025) == EffectiveTarget(comparator: .atLeast, value: 70))
        #expect(effective(targets, .newbornScreeningCoverage, "01840", 2030) == EffectiveTarget(comparator: .atLeast, value: 95))
        // A Bạch Thông commune has no plan of its own: the national goal applies.
        #expect(effective(targets, .newbornScreeningCoverage, "01969", 2030) == EffectiveTarget(comparator: .atLeast, value: 90))
    }

    @Test func twoLevelMapCarriesTheCityPlanOnItsSuccessorCommunes() throws {
        let (registry, targets) = try targets(BundledTargets.twoLevel2025Name)
        #expect(registry.area("058") == nil)
        for code in ["01840", "01843", "01849"] {
            #expect(effective(targets, .prenatalScreeningCoverage, code, 2030) == EffectiveTarget(comparator: .atLeast, value: 80))
        }
    }

    @Test(arguments: BundledTargets.names)
    func dienBienReducesChildMarriageByHalfFromItsBaseline(name: String) throws {
        let (registry, targets) = try targets(name)
        let commune = try #require(registry.children(of: "11").first { $0.level == "commune" }
            ?? registry.areas.first { registry.selfAndAncestors(of: $0.code).contains("11") && $0.level == "commune" })
        let target = try #require(effective(targets, .childMarriageRate, commune.code, 2030))
        #expect(target.comparator == .atMost)
        #expect(abs(target.value - 23.3 * 0.5) < 1e-9)
    }
}
