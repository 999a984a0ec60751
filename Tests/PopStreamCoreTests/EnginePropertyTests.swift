import Foundation
import Testing
@testable import PopStreamCore

/// Random event streams (all four kinds, shuffled, duplicated, stale, revised across areas, provinces
/// and years, retracted), applied through serialised unit states as the store does: the counters must
/// equal a naive recomputation from each unit's highest revision.
///
/// Reproduce a failure with `POPSTREAM_PROPERTY_SEED=<seed printed in the failure>`.
@Suite struct EnginePropertyTests {
    static let streams = 1_200

    @Test func countersEqualNaiveRecomputationWhateverTheOrder() throws {
        let base = ProcessInfo.processInfo.environment["POPSTREAM_PROPERTY_SEED"].flatMap { UInt64($0) }
        let seeds: [UInt64] = base.map { [$0] } ?? (0..<UInt64(Self.streams)).map { 0x5EED_0000 + $0 }
        let engine = IndicatorEngine(registry: Fixtures.registry)
        var failures = 0
        for seed in seeds where failures < 3 {
            var random = SeededGenerator(seed: seed)
            let stream = RandomStream(random: &random)
            let events = stream.deliveries(random: &random)
            let (counters, outcomes) = try Self.applyThroughBytes(events, engine: engine, random: &random)
            let expected = NaiveRecount.counters(finalEvents: stream.finalEvents)
            let actual = counters.filter { !$0.value.isZero }
            if actual != expected {
                failures += 1
                let key = Set(actual.keys).union(expected.keys).sorted().first { actual[$0] != expected[$0] }
                Issue.record("seed \(seed): counters differ, first at \(key.map(String.init(describing:)) ?? "?"): engine \(key.flatMap { actual[$0] }.map(String.init(describing:)) ?? "none"), naive \(key.flatMap { expected[$0] }.map(String.init(describing:)) ?? "none")")
            }
            // A second delivery of the same event is never applied.
            var seen: Set<String> = []
            for (event, outcome) in zip(events, outcomes) where !seen.insert(event.envelope.eventId).inserted {
                if outcome == .applied { Issue.record("seed \(seed): redelivered \(event.envelope.eventId) applied"); failures += 1 }
            }
            // The in-memory EngineState, in batches, agrees.
            if seed % 10 == 0 {
                var state = EngineState(engine: engine)
                var start = 0
                while start < events.count {
                    let end = min(events.count, start + Int.random(in: 1...20, using: &random))
                    try state.apply(batch: Array(events[start..<end]))
                    start = end
                }
                if state.counters.filter({ !$0.value.isZero }) != expected {
                    Issue.record("seed \(seed): EngineState counters differ"); failures += 1
                }
            }
            // Leaf rows (as the store keeps them), rolled up when read, agree too.
            if seed % 10 == 1 {
                let rolledUp = try Self.leafRollup(events, engine: engine)
                if rolledUp != expected.filter({ $0.value.units > 0 }) {
                    Issue.record("seed \(seed): leaf rows rolled up differ"); failures += 1
                }
            }
        }
    }

    /// Applies events into one leaf-grain batch and rolls its rows up for every area and period.
    static func leafRollup(_ events: [HealthEvent], engine: IndicatorEngine) throws -> [AggregateKey: CounterDelta] {
        var units: [UnitKey: UnitState] = [:]
        var batch = engine.makeBatch(grain: .leaf)
        for event in events {
            let result = engine.apply(event, current: units[event.unitKey])
            try batch.add(result)
            if result.stateChanged, let state = result.state { units[event.unitKey] = state }
        }
        var leaves: [(key: LeafKey, lanes: [Int64])] = []
        batch.forEachLeafDelta { key, lanes in leaves.append((key, lanes)) }
        return try LeafRollup(engine: engine).rollUp(leaves, matching: .all)
    }

    /// Applies events in random batch sizes, keeping unit states only as bytes between events.
    static func applyThroughBytes(_ events: [HealthEvent], engine: IndicatorEngine,
                                  random: inout SeededGenerator) throws -> ([AggregateKey: CounterDelta], [ApplyOutcome]) {
        var store: [UnitKey: [UInt8]] = [:]
        var counters: [AggregateKey: CounterDelta] = [:]
        var outcomes: [ApplyOutcome] = []
        var batch = engine.makeBatch()
        var untilFlush = Int.random(in: 1...30, using: &random)
        for event in events {
            let key = event.unitKey
            let current = try store[key].map { try UnitState(serialized: $0) }
            let result = engine.apply(event, current: current)
            outcomes.append(result.outcome)
            if result.stateChanged, let state = result.state {
                let bytes = state.serialized()
                #expect(try UnitState(serialized: bytes) == state)
                if outcomes.count % 16 == 1 {
                    #expect(try JSONEncoderForTests.decode(UnitState.self, JSONEncoderForTests.encode(state)) == state)
                }
                store[key] = bytes
            }
            try batch.add(result)
            untilFlush -= 1
            if untilFlush == 0 {
                batch.forEachDelta { key, delta in counters[key, default: .zero] += delta }
                batch.removeAll()
                untilFlush = Int.random(in: 1...30, using: &random)
            }
        }
        batch.forEachDelta { key, delta in counters[key, default: .zero] += delta }
        return (counters, outcomes)
    }
}

/// One random stream: units of all kinds, each with a few revisions (unique, increasing with gaps).
struct RandomStream {
    /// Every published event, per unit in revision order.
    var published: [[HealthEvent]] = []

    init(random: inout SeededGenerator) {
        let units = Int.random(in: 1...16, using: &random)
        for unit in 0..<units {
            let kind = EventKind.allCases.randomElement(using: &random) ?? .newbornScreening
            let subject = "s\(unit)"
            let elderlyYear = Int.random(in: 2024...2026, using: &random)
            var revision = 0
            var events: [HealthEvent] = []
            for _ in 0..<Int.random(in: 1...5, using: &random) {
                revision += Int.random(in: 1...3, using: &random)
                let area = Fixtures.communes.randomElement(using: &random) ?? "01101"
                let retract = Int.random(in: 0..<6, using: &random) == 0
                var event = retract
                    ? Fixtures.retraction(kind, subject: subject, revision: revision, area: area,
                                          reportingYear: kind == .elderlyRecord ? elderlyYear : nil)
                    : Self.randomEvent(kind, subject: subject, revision: revision, area: area, elderlyYear: elderlyYear, random: &random)
                event.envelope.eventId = "\(subject)@\(revision)"
                events.append(event)
            }
            published.append(events)
        }
    }

    /// The events as delivered: shuffled, some delivered two or three times.
    func deliveries(random: inout SeededGenerator) -> [HealthEvent] {
        var all: [HealthEvent] = []
        for event in published.joined() {
            all.append(event)
            while Int.random(in: 0..<4, using: &random) == 0 { all.append(event) }
        }
        all.shuffle(using: &random)
        return all
    }

    /// The highest revision of every unit.
    var finalEvents: [HealthEvent] { published.compactMap { $0.max { $0.envelope.revision < $1.envelope.revision } } }

    static func randomDate(_ random: inout SeededGenerator) -> LocalDate {
        Fixtures.date(Int.random(in: 2024...2026, using: &random), Int.random(in: 1...12, using: &random),
                      Int.random(in: 1...28, using: &random))
    }

    static func randomEvent(_ kind: EventKind, subject: String, revision: Int, area: String, elderlyYear: Int,
                            random: inout SeededGenerator) -> HealthEvent {
        let envelope = Fixtures.envelope(kind, subject: subject, revision: revision, area: area,
                                         reportingYear: kind == .elderlyRecord ? elderlyYear : nil)
        switch kind {
        case .prenatalScreening:
            var screenings = PrenatalScreeningResults()
            for condition in PrenatalCondition.allCases {
                screenings[condition] = PrenatalResult.allCases.randomElement(using: &random)
            }
            return HealthEvent(envelope: envelope, body: .prenatal(PrenatalScreening(registeredOn: randomDate(&random), screenings: screenings)))
        case .newbornScreening:
            var screenings = NewbornScreeningResults()
            for condition in NewbornCondition.allCases {
                screenings[condition] = Int.random(in: 0..<3, using: &random) == 0 ? .notScreened
                    : (Int.random(in: 0..<5, using: &random) == 0 ? .positive : .negative)
            }
            return HealthEvent(envelope: envelope, body: .newborn(NewbornScreening(
                birthDate: randomDate(&random), sex: NewbornSex.allCases.randomElement(using: &random) ?? .male, screenings: screenings)))
        case .premaritalCheckup:
            let registered = randomDate(&random)
            let partners = [PartnerSex.male, .female].map { sex in
                PremaritalCheckup.Partner(sex: sex, birthDate: Fixtures.date(registered.year - Int.random(in: 15...30, using: &random),
                                                                             Int.random(in: 1...12, using: &random), 15),
                                          checkup: PremaritalCheckupLevel.allCases.randomElement(using: &random) ?? .none)
            }
            return HealthEvent(envelope: envelope, body: .premarital(PremaritalCheckup(
                registeredOn: registered, partners: partners, consanguineous: Bool.random(using: &random))))
        case .elderlyRecord:
            return HealthEvent(envelope: envelope, body: .elderly(ElderlyRecord(
                reportingYear: elderlyYear, birthDate: Fixtures.date(1940, 1, 1), sex: .male,
                hasHealthInsurance: Bool.random(using: &random), hasHealthRecord: Bool.random(using: &random),
                checkupsThisYear: Int.random(in: 0...2, using: &random), careSetting: .community)))
        }
    }
}

/// The contract's definitions, written out independently of the engine.
enum NaiveRecount {
    static func counters(finalEvents: [HealthEvent]) -> [AggregateKey: CounterDelta] {
        var result: [AggregateKey: CounterDelta] = [:]
        for event in finalEvents where !event.envelope.retracted {
            guard let body = event.body else { continue }
            var areas: [String] = []
            var code: String? = event.envelope.areaCode
            while let current = code {
                areas.append(current)
                code = Fixtures.areas.first { $0.code == current }?.parentCode
            }
            let values: [(IndicatorID, Int, Int)]
            let periods: [String]
            func monthly(_ date: LocalDate) -> [String] {
                let month = date.month < 10 ? "0\(date.month)" : "\(date.month)"
                return ["\(date.year)", "\(date.year)-Q\((date.month + 2) / 3)", "\(date.year)-\(month)"]
            }
            func one(_ flag: Bool) -> Int { flag ? 1 : 0 }
            switch body {
            case .prenatal(let p):
                let results = PrenatalCondition.allCases.map { p.screenings[$0] ?? .notScreened }
                let screened = results.filter { $0 != .notScreened }.count
                values = [(.prenatalScreeningCoverage, one(screened == 4), 1),
                          (.prenatalHighRiskRate, one(results.contains(.highRisk)), one(screened >= 1))]
                periods = monthly(p.registeredOn)
            case .newborn(let n):
                let results = NewbornCondition.allCases.map { n.screenings[$0] ?? .notScreened }
                let screened = results.filter { $0 != .notScreened }.count
                values = [(.newbornScreeningCoverage, one(screened == 5), 1),
                          (.newbornPositiveRate, one(results.contains(.positive)), one(screened >= 1)),
                          (.sexRatioAtBirth, one(n.sex == .male), one(n.sex == .female))]
                periods = monthly(n.birthDate)
            case .premarital(let m):
                let child = m.partners.contains { $0.birthDate.age(on: m.registeredOn) < ($0.sex == .male ? 20 : 18) }
                values = [(.premaritalCheckupCoverage, m.partners.filter { $0.checkup == .counselingAndExamination }.count, m.partners.count),
                          (.childMarriageRate, one(child), 1), (.childMarriageCount, one(child), 1),
                          (.consanguineousMarriageRate, one(m.consanguineous), 1),
                          (.consanguineousMarriageCount, one(m.consanguineous), 1)]
                periods = monthly(m.registeredOn)
            case .elderly(let e):
                let checked = e.checkupsThisYear >= 1
                values = [(.elderlyInsuranceCoverage, one(e.hasHealthInsurance), 1),
                          (.elderlyHealthManagementCoverage, one(e.hasHealthRecord), 1),
                          (.elderlyAnnualCheckupCoverage, one(checked), 1),
                          (.elderlyFullCareCoverage, one(e.hasHealthInsurance && e.hasHealthRecord && checked), 1)]
                periods = ["\(e.reportingYear)"]
            }
            for area in areas {
                for text in periods {
                    guard let period = Period(text) else { continue }
                    for (indicator, numerator, denominator) in values {
                        result[AggregateKey(indicator: indicator, area: area, period: period), default: .zero]
                            += CounterDelta(numerator: Int64(numerator), denominator: Int64(denominator), units: 1)
                    }
                }
            }
        }
        return result
    }
}
