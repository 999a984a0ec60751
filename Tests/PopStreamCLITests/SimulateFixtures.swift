import Foundation
@testable import PopStreamCLI
import PopStreamCore

/// Shared settings and helpers of the simulator tests.
enum SimulateFixtures {
    /// 2026-11-29T12:00:00+07:00: the clock of every generator test (anchor dates from 1 January 2026).
    static let clock: Double = 1_795_928_400

    static func settings(seed: UInt64 = 42, rate: Double = 100, kinds: [EventKind] = EventKind.allCases,
                         badShare: Double = 0.01, scenario: SimulationScenario = .none) -> SimulationSettings {
        var settings = SimulationSettings(seed: seed, clock: clock, rate: rate)
        settings.kinds = kinds
        settings.badShare = badShare
        settings.scenario = scenario
        return settings
    }

    static func messages(_ settings: SimulationSettings, count: Int) -> [SimulatedMessage] {
        var generator = SimulationGenerator(settings: settings)
        return generator.messages(count: count)
    }

    /// The decoded good messages (bad ones skipped).
    static func decoded(_ messages: [SimulatedMessage], registry: AreaRegistry = BundledAreas.defaultRegistry) throws -> [HealthEvent] {
        let decoder = EventDecoder(registry: registry)
        var events: [HealthEvent] = []
        for message in messages {
            if case .bad = message.category { continue }
            events.append(try decoder.decode(message.value, kind: message.kind, key: Array(message.key.utf8)))
        }
        return events
    }

    /// The repository's root (for the shipped example scenario).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// The shipped example scenario, parsed against the default map.
    static func exampleScenario() throws -> SimulationScenario {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("deploy/scenarios/anomalies.json"))
        return try ScenarioParser.parse(data, registry: BundledAreas.defaultRegistry)
    }

    /// The province (child of the root) of a commune.
    static func province(of area: String, registry: AreaRegistry = BundledAreas.defaultRegistry) -> String {
        let chain = registry.selfAndAncestors(of: area)
        return chain.count >= 2 ? chain[chain.count - 2] : area
    }

    /// `|observed - expected| <= sigmas * sqrt(n p (1 - p))`: a binomial count within `sigmas` standard deviations.
    static func withinBinomial(_ observed: Int, trials: Int, probability: Double, sigmas: Double = 5) -> Bool {
        let expected = Double(trials) * probability
        let deviation = (Double(trials) * probability * (1 - probability)).squareRoot()
        return abs(Double(observed) - expected) <= sigmas * deviation
    }
}
