import Foundation
@testable import PopStreamCLI
import PopStreamCore
import Testing

@Suite("simulate: the generator (determinism, stream mix, bad events)", .timeLimit(.minutes(3)))
struct SimulateGeneratorTests {
    @Test("the same seed gives the same messages byte for byte, however they are asked for; another seed differs")
    func determinism() {
        let settings = SimulateFixtures.settings(seed: 7, scenario: .none)
        let once = SimulateFixtures.messages(settings, count: 6_000)
        var chunked = SimulationGenerator(settings: settings)
        var again: [SimulatedMessage] = []
        var sizes = [1, 7, 500, 13, 2_000]
        while again.count < 6_000 {
            let size = min(sizes.removeFirst(), 6_000 - again.count)
            sizes.append(size == 0 ? 1 : size)
            again += chunked.messages(count: size)
        }
        #expect(once == again)
        #expect(once.map(\.value) == again.map(\.value))

        let other = SimulateFixtures.messages(SimulateFixtures.settings(seed: 8), count: 6_000)
        #expect(other.map(\.value) != once.map(\.value))
        let differing = zip(other, once).filter { $0.value != $1.value }.count
        #expect(differing > 5_900, "another seed must give other events, not a shifted copy")
    }

    @Test("messages are due at index / rate and recorded then; keys are the subject ids")
    func timingAndKeys() throws {
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(rate: 50, badShare: 0), count: 500)
        for (index, message) in messages.enumerated() {
            #expect(message.offset == Double(index) / 50)
            #expect(message.topic == message.kind.defaultTopic)
        }
        let events = try SimulateFixtures.decoded(messages)
        for (message, event) in zip(messages, events) {
            #expect(message.key == event.envelope.subjectId)
        }
        let fresh = zip(messages, events).filter { $0.0.category == .newUnit }
        for (message, event) in fresh {
            #expect(abs(event.envelope.recordedAt - (SimulateFixtures.clock + message.offset)) < 0.002)
        }
    }

    @Test("the share of bad events is close to --bad-share; each is rejected with its reason, every good one decodes")
    func badEvents() throws {
        let decoder = EventDecoder(registry: BundledAreas.defaultRegistry)
        for (share, count) in [(0.01, 20_000), (0.1, 10_000)] {
            let messages = SimulateFixtures.messages(SimulateFixtures.settings(seed: 11, badShare: share), count: count)
            var bad = 0
            var reasons: [DeadLetterReason: Int] = [:]
            for message in messages {
                let key = Array(message.key.utf8)
                if case .bad(let reason) = message.category {
                    bad += 1
                    reasons[reason, default: 0] += 1
                    do {
                        _ = try decoder.decode(message.value, kind: message.kind, key: key)
                        Issue.record("a bad event (\(reason.rawValue)) was accepted")
                    } catch {
                        #expect(error.reason == reason, "expected \(reason.rawValue), got \(error)")
                    }
                } else {
                    do {
                        _ = try decoder.decode(message.value, kind: message.kind, key: key)
                    } catch {
                        Issue.record("a good \(message.category) event was rejected: \(error)")
                    }
                }
            }
            // Each message is bad with probability `share`, independently: the count is binomial; five
            // standard deviations (about 0.0035 for 1% of 20,000) make a false failure practically impossible.
            #expect(SimulateFixtures.withinBinomial(bad, trials: count, probability: share),
                    "bad share \(Double(bad) / Double(count)) for --bad-share \(share)")
            if share == 0.1 {
                #expect(Set(reasons.keys) == Set(DeadLetterReason.allCases), "every reason occurs: \(reasons)")
            }
        }
    }

    @Test("the stream mixes new units, revisions (some moving area or month), retractions, duplicates and stale copies")
    func streamMix() throws {
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(seed: 5, badShare: 0), count: 20_000)
        var summary = SimulationSummary()
        messages.forEach { summary.count($0) }
        let good = messages.count
        #expect(SimulateFixtures.withinBinomial(summary.revisions, trials: good, probability: TrafficMix.revision))
        #expect(SimulateFixtures.withinBinomial(summary.retractions, trials: good, probability: TrafficMix.retraction))
        #expect(SimulateFixtures.withinBinomial(summary.duplicates, trials: good, probability: TrafficMix.duplicate))
        #expect(SimulateFixtures.withinBinomial(summary.staleCopies, trials: good, probability: TrafficMix.stale))
        #expect(summary.newUnits + summary.revisions + summary.retractions + summary.duplicates + summary.staleCopies == good)

        // What the engine makes of them: duplicates and stale copies change nothing, revisions apply.
        var state = EngineState(engine: IndicatorEngine(registry: BundledAreas.defaultRegistry))
        let events = try SimulateFixtures.decoded(messages)
        var outcomes: [ApplyOutcome: Int] = [:]
        var moved = 0
        var latest: [UnitKey: HealthEvent] = [:]
        for (message, event) in zip(messages, events) {
            let outcome = try state.apply(event)
            outcomes[outcome, default: 0] += 1
            if message.category == .duplicate { #expect(outcome == .duplicate) }
            if message.category == .stale { #expect(outcome == .stale || outcome == .duplicate) }
            if message.category == .revision || message.category == .retraction { #expect(outcome == .applied) }
            if message.category == .revision, let before = latest[event.unitKey],
               before.envelope.areaCode != event.envelope.areaCode
                || SimulationGenerator.anchorDate(of: before)?.month != SimulationGenerator.anchorDate(of: event)?.month {
                moved += 1
            }
            latest[event.unitKey] = event
        }
        #expect(outcomes[.stale, default: 0] > 0)
        #expect(Double(moved) > Double(summary.revisions) * 0.15, "about a quarter of revisions move: \(moved)")
        #expect(Double(moved) < Double(summary.revisions) * 0.35)
    }

    @Test("dates are in the clock's year up to its date, before recordedAt")
    func datesAroundNow() throws {
        let messages = SimulateFixtures.messages(SimulateFixtures.settings(badShare: 0), count: 5_000)
        let today = try #require(LocalDate(vietnamDateOf: SimulateFixtures.clock))
        for event in try SimulateFixtures.decoded(messages) where !event.envelope.retracted {
            if let date = SimulationGenerator.anchorDate(of: event) {
                #expect(date.year == 2026 && date <= today)
            }
            if case .elderly(let record)? = event.body { #expect(record.reportingYear == 2026) }
            #expect(event.envelope.recordedAt >= SimulateFixtures.clock)
        }
    }
}
