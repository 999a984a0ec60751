import Testing
@testable import PopStreamCore

@Suite struct StatisticsTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { a.map { abs($0 - b) <= tolerance } ?? false }

    @Test func wilsonPublishedValues() throws {
        let none = try #require(WilsonInterval(successes: 0, trials: 10))
        #expect(none.lower == 0)
        #expect(close(none.upper, 0.27753279986288))
        let all = try #require(WilsonInterval(successes: 10, trials: 10))
        #expect(all.upper == 1)
        #expect(close(all.lower, 1 - 0.27753279986288))
        // With the contract's z = 1.959963984540054 (closed form, cross-checked with python3).
        let half = try #require(WilsonInterval(successes: 50, trials: 100))
        #expect(close(half.lower, 0.4038315303659956))
        #expect(close(half.upper, 0.5961684696340044))
        // The often published [0.40382982859014, 0.59617017140985] is the same formula with z = 1.96.
        let rounded = try #require(WilsonInterval(successes: 50, trials: 100, z: 1.96))
        #expect(close(rounded.lower, 0.40382982859014))
        #expect(close(rounded.upper, 0.59617017140985))
        #expect(WilsonInterval(successes: 0, trials: 0) == nil)
        #expect(WilsonInterval(successes: 3, trials: 2) == nil)
    }

    @Test func proportionEstimateInPercent() {
        let estimate = IndicatorEstimate(indicator: .newbornScreeningCoverage, numerator: 614, denominator: 1000)
        #expect(close(estimate.value, 61.4))
        #expect(close(estimate.lower, 58.34448620601524))
        #expect(close(estimate.upper, 64.3682637005141))
        let empty = IndicatorEstimate(indicator: .newbornScreeningCoverage, numerator: 0, denominator: 0)
        #expect(empty.value == nil && empty.lower == nil && empty.upper == nil)
    }

    @Test func sexRatioMapsTheProportionInterval() {
        let estimate = IndicatorEstimate(indicator: .sexRatioAtBirth, numerator: 530, denominator: 470)
        #expect(close(estimate.value, 53000.0 / 470))
        #expect(close(estimate.lower, 99.60490567971905))
        #expect(close(estimate.upper, 127.66601275427561))
        #expect(IndicatorEstimate.ratio(fromProportion: 0.5) == 100)
        let noGirls = IndicatorEstimate.sexRatio(male: 12, female: 0)
        #expect(noGirls.value == nil && noGirls.lower == nil && noGirls.upper == nil)
        let noBoys = IndicatorEstimate.sexRatio(male: 0, female: 12)
        #expect(noBoys.value == 0 && noBoys.lower == 0 && (noBoys.upper ?? 0) > 0)
    }

    @Test func countEstimate() {
        let estimate = IndicatorEstimate(indicator: .childMarriageCount, numerator: 7, denominator: 300)
        #expect(estimate.value == 7 && estimate.lower == nil && estimate.upper == nil)
    }
}

@Suite struct StatusRuleTests {
    func status(_ comparator: EffectiveComparator, _ threshold: Double, value: Double, lower: Double, upper: Double,
                indicator: IndicatorID = .newbornScreeningCoverage, numerator: Int64 = 50, denominator: Int64 = 100) -> IndicatorStatus {
        StatusRule.status(indicator: indicator, numerator: numerator, denominator: denominator,
                          estimate: IndicatorEstimate(value: value, lower: lower, upper: upper),
                          target: EffectiveTarget(comparator: comparator, value: threshold),
                          minimum: IndicatorCatalog.standard.minimumDenominator(for: indicator))
    }

    @Test func atLeastBoundaries() {
        #expect(status(.atLeast, 70, value: 60, lower: 50, upper: 69.999) == .breach)
        #expect(status(.atLeast, 70, value: 60, lower: 50, upper: 70) == .atRisk)
        #expect(status(.atLeast, 70, value: 69.999, lower: 60, upper: 80) == .atRisk)
        #expect(status(.atLeast, 70, value: 70, lower: 60, upper: 80) == .ok)
    }

    @Test func belowBoundaries() {
        let ratio = IndicatorID.sexRatioAtBirth
        #expect(status(.below, 109, value: 115, lower: 109, upper: 120, indicator: ratio, numerator: 120, denominator: 100) == .breach)
        #expect(status(.below, 109, value: 115, lower: 108.999, upper: 120, indicator: ratio, numerator: 120, denominator: 100) == .atRisk)
        #expect(status(.below, 109, value: 109, lower: 100, upper: 120, indicator: ratio, numerator: 120, denominator: 100) == .atRisk)
        #expect(status(.below, 109, value: 108.999, lower: 100, upper: 120, indicator: ratio, numerator: 120, denominator: 100) == .ok)
    }

    @Test func atMostBoundaries() {
        #expect(status(.atMost, 10, value: 12, lower: 10.001, upper: 14) == .breach)
        #expect(status(.atMost, 10, value: 12, lower: 10, upper: 14) == .atRisk)
        #expect(status(.atMost, 10, value: 10, lower: 8, upper: 14) == .ok)
    }

    @Test func minimumsAndNoTarget() {
        #expect(status(.atLeast, 70, value: 10, lower: 1, upper: 20, numerator: 3, denominator: 29) == .insufficientData)
        #expect(status(.atLeast, 70, value: 10, lower: 1, upper: 20, numerator: 3, denominator: 30) == .breach)
        let ratio = IndicatorID.sexRatioAtBirth
        #expect(status(.below, 109, value: 200, lower: 150, upper: 250, indicator: ratio, numerator: 133, denominator: 66) == .insufficientData)
        #expect(status(.below, 109, value: 200, lower: 150, upper: 250, indicator: ratio, numerator: 134, denominator: 66) == .breach)
        let none = StatusRule.status(indicator: .newbornScreeningCoverage, numerator: 1, denominator: 1,
                                     estimate: IndicatorEstimate(value: 100, lower: 20, upper: 100), target: nil, minimum: 30)
        #expect(none == .noTarget)
    }

    @Test func countsHaveNoMinimum() {
        func count(_ value: Int64, allowed: Double) -> IndicatorStatus {
            StatusRule.status(indicator: .childMarriageCount, numerator: value, denominator: 3,
                              estimate: IndicatorEstimate(value: Double(value), lower: nil, upper: nil),
                              target: EffectiveTarget(comparator: .atMost, value: allowed), minimum: nil)
        }
        #expect(count(3, allowed: 2.5) == .breach)
        #expect(count(2, allowed: 2.5) == .ok)
        #expect(count(2, allowed: 2) == .ok)
        #expect(count(0, allowed: 0) == .ok)
        #expect(count(1, allowed: 0) == .breach)
    }
}
