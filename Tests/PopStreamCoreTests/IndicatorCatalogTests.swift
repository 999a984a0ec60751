import Testing
@testable import PopStreamCore

@Suite struct IndicatorCatalogTests {
    @Test func fourteenIndicatorsWithContractIds() {
        #expect(IndicatorID.allCases.count == 14)
        #expect(IndicatorID(rawValue: "newborn_screening_coverage") == .newbornScreeningCoverage)
        #expect(IndicatorID.newbornScreeningCoverage.name.vi
            == "Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất")
        for indicator in IndicatorID.allCases {
            #expect(!indicator.name.vi.isEmpty && !indicator.name.en.isEmpty)
        }
    }

    @Test func slotsMatchTheKindLists() {
        var total = 0
        for kind in EventKind.allCases {
            let list = IndicatorID.indicators(of: kind)
            total += list.count
            for (position, indicator) in list.enumerated() {
                #expect(indicator.slot == position)
                #expect(indicator.kind == kind)
            }
        }
        #expect(total == 14)
    }

    @Test func unitsAndMeasures() {
        #expect(IndicatorID.sexRatioAtBirth.unit.rawValue == "boys per 100 girls")
        #expect(IndicatorID.childMarriageCount.unit.rawValue == "count")
        #expect(IndicatorID.elderlyFullCareCoverage.unit.rawValue == "%")
        #expect(IndicatorID.allCases.filter { $0.measure == .count } == [.childMarriageCount, .consanguineousMarriageCount])
        #expect(IndicatorID.allCases.allSatisfy { ($0.definition.denominator == nil) == ($0.measure == .count) })
    }

    @Test func minimumsAreConfigurable() {
        let standard = IndicatorCatalog.standard
        #expect(standard.minimumDenominator(for: .newbornScreeningCoverage) == 30)
        #expect(standard.minimumDenominator(for: .sexRatioAtBirth) == 200)
        #expect(standard.minimumDenominator(for: .childMarriageCount) == nil)
        let custom = IndicatorCatalog(minimumOverrides: [.sexRatioAtBirth: 500, .childMarriageCount: 10])
        #expect(custom.minimumDenominator(for: .sexRatioAtBirth) == 500)
        #expect(custom.minimumDenominator(for: .childMarriageCount) == nil)
    }
}

@Suite struct HashingTests {
    @Test func ordinalsFollowAllCasesAndCasesHashApart() {
        for (position, indicator) in IndicatorID.allCases.enumerated() {
            #expect(indicator.ordinal == position)
        }
        // The custom witnesses hash small codes: distinct cases must hash differently (equal codes would
        // still be correct but make every look-up collide).
        #expect(Set(IndicatorID.allCases.map(\.hashValue)).count == 14)
        #expect(Set(EventKind.allCases.map(\.hashValue)).count == 4)
        let key = UnitKey(kind: .elderlyRecord, subjectId: "x", reportingYear: 2025)
        #expect([key: 1][UnitKey(kind: .elderlyRecord, subjectId: "x", reportingYear: 2025)] == 1)
        #expect([key: 1][UnitKey(kind: .newbornScreening, subjectId: "x", reportingYear: 2025)] == nil)
    }
}
