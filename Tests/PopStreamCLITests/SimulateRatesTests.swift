import Foundation
@testable import PopStreamCLI
import PopStreamCore
import Testing

@Suite("simulate: rates by population, kind mix and seasonality", .timeLimit(.minutes(3)))
struct SimulateRatesTests {
    @Test("area weights: reference figures where known, the default commune size elsewhere")
    func areaWeights() {
        let registry = BundledAreas.defaultRegistry
        let weights = AreaWeights(registry: registry, table: .twoLevel2025)
        #expect(weights.leaves.count == 359)
        #expect(abs(weights.weight(of: "11", registry: registry) - 567_000) < 0.001)
        #expect(weights.weight(of: "01843", registry: registry) == 23_404)
        #expect(weights.weight(of: "01", registry: registry) == 126 * 12_600)
        // Thái Nguyên: its 7 communes with figures, 85 others at the default size.
        #expect(abs(weights.weight(of: "19", registry: registry) - (83_318 + 85 * 12_600)) < 0.001)
        // Every commune of Điện Biên has the same share of the province's figure.
        let dienBien = weights.leaves(under: "11", registry: registry)
        #expect(dienBien.codes.count == 45)
        #expect(abs((dienBien.cumulative.last ?? 0) - 567_000) < 0.001)

        let uniform = AreaWeights(registry: registry, table: .uniform)
        #expect(Set(uniform.weights) == [1])
    }

    @Test("new units fall in provinces and communes in proportion to population")
    func ratesFollowPopulation() throws {
        let registry = BundledAreas.defaultRegistry
        let weights = AreaWeights(registry: registry, table: .twoLevel2025)
        let total = weights.weights.reduce(0, +)
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(seed: 3, badShare: 0), count: 60_000)
        let fresh = try SimulateFixtures.decoded(messages.filter { $0.category == .newUnit })
        var perProvince: [String: Int] = [:]
        var perCommune: [String: Int] = [:]
        for event in fresh {
            perProvince[SimulateFixtures.province(of: event.envelope.areaCode), default: 0] += 1
            perCommune[event.envelope.areaCode, default: 0] += 1
        }
        for province in ["01", "11", "19", "51"] {
            let probability = weights.weight(of: province, registry: registry) / total
            #expect(SimulateFixtures.withinBinomial(perProvince[province] ?? 0, trials: fresh.count, probability: probability),
                    "province \(province): \(perProvince[province] ?? 0) of \(fresh.count), expected share \(probability)")
        }
        // A large commune with a figure (Phường Bắc Kạn, 23,404) against a small one (Xã Vĩnh Thông, 7,302)
        // and a default one: each count within five standard deviations of its expectation.
        for commune in ["01843", "01981", "03160"] {
            let probability = weights.weight(of: commune, registry: registry) / total
            #expect(SimulateFixtures.withinBinomial(perCommune[commune] ?? 0, trials: fresh.count, probability: probability),
                    "commune \(commune): \(perCommune[commune] ?? 0), expected \(probability * Double(fresh.count))")
        }
        #expect((perCommune["01843"] ?? 0) > 2 * (perCommune["01981"] ?? 0))
    }

    @Test("kinds follow the traffic mix; --kinds limits them")
    func kindMix() {
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(seed: 9, badShare: 0), count: 30_000)
        let fresh = messages.filter { $0.category == .newUnit }
        let totalWeight = TrafficMix.kindWeights.values.reduce(0, +)
        for kind in EventKind.allCases {
            let probability = (TrafficMix.kindWeights[kind] ?? 0) / totalWeight
            let count = fresh.filter { $0.kind == kind }.count
            #expect(SimulateFixtures.withinBinomial(count, trials: fresh.count, probability: probability), "\(kind): \(count)")
        }
        let births = SimulateFixtures.messages(SimulateFixtures.settings(kinds: [.newbornScreening]), count: 2_000)
        #expect(births.allSatisfy { $0.kind == .newbornScreening })
    }

    @Test("births follow the seasonal curve over the year to date; pregnancy registrations are flat")
    func seasonality() throws {
        let messages = SimulateFixtures.messages(
            SimulateFixtures.settings(seed: 21, kinds: [.newbornScreening, .prenatalScreening], badShare: 0), count: 60_000)
        let fresh = try SimulateFixtures.decoded(messages.filter { $0.category == .newUnit })
        var births = Array(repeating: 0, count: 12)
        var pregnancies = Array(repeating: 0, count: 12)
        for event in fresh {
            switch event.body {
            case .newborn(let body): births[body.birthDate.month - 1] += 1
            case .prenatal(let body): pregnancies[body.registeredOn.month - 1] += 1
            default: break
            }
        }
        // Days of each month up to the clock's date (29 November 2026).
        let days = (1...12).map { month in month < 11 ? LocalDate.daysInMonth(year: 2026, month: month) : (month == 11 ? 29 : 0) }
        func expectedShares(_ curve: [Double]) -> [Double] {
            let weights = zip(curve, days).map { $0 * Double($1) }
            let total = weights.reduce(0, +)
            return weights.map { $0 / total }
        }
        let birthShares = expectedShares(Seasonality.births)
        let flatShares = expectedShares(Seasonality.flat)
        let birthTotal = births.reduce(0, +)
        let pregnancyTotal = pregnancies.reduce(0, +)
        for month in 0..<12 {
            #expect(SimulateFixtures.withinBinomial(births[month], trials: birthTotal, probability: birthShares[month]),
                    "births in month \(month + 1): \(births[month])")
            #expect(SimulateFixtures.withinBinomial(pregnancies[month], trials: pregnancyTotal, probability: flatShares[month]),
                    "pregnancies in month \(month + 1): \(pregnancies[month])")
        }
        #expect(births[11] == 0)
        // The season itself, per day: September and October well above February and March.
        let peak = Double(births[8] + births[9]) / 61
        let trough = Double(births[1] + births[2]) / 59
        #expect(peak > trough * 1.15, "peak \(peak)/day, trough \(trough)/day")
    }
}
