import Foundation
import PopStreamCore
import Store

/// The worker's write pattern over a store that already holds millions of units: newborn events whose
/// subjects are new births, or corrections, retractions and late old revisions of units drawn at
/// random among the stored ones, plus redelivered events (duplicates).
///
/// The recent events a redelivery repeats are kept as recipes (numbers and a seed), not as events: a
/// copy of the workload (one per poll batch in the pipelined benchmark) then copies a few kilobytes of
/// integers instead of thousands of events and their strings, work a worker does not do.
struct StoredUnitsWorkload {
    /// Subjects `prefix + 0 ..< storedUnits` are stored before the timed windows.
    let prefix: String
    /// New subjects are `newPrefix + 1, 2, ...`.
    let newPrefix: String
    let storedUnits: Int
    let communes: [String]
    private var random: SplitMix64
    private var newSubjects = 0
    private var revision = 2
    private var recent: [Recipe] = []

    /// Everything that makes one event again, identical: its subject, revision and flags, and the seed of
    /// its random fields.
    private struct Recipe {
        var subject: Int
        var isNew: Bool
        var revision: Int
        var retracted = false
        var late = false
        var seed: UInt64
    }

    init(prefix: String, storedUnits: Int, communes: [String], seed: UInt64, newPrefix: String? = nil) {
        self.prefix = prefix
        self.newPrefix = newPrefix ?? prefix + "new-"
        self.storedUnits = storedUnits
        self.communes = communes
        self.random = SplitMix64(seed: seed)
    }

    private mutating func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }

    /// A newborn event of `subject` at `revision`, born in `month` of `year` in a random commune.
    mutating func birth(subject: String, revision: Int, year: Int = 2025, month: Int? = nil, retracted: Bool = false) -> HealthEvent {
        Self.birth(subject: subject, revision: revision, year: year, month: month, retracted: retracted, communes: communes,
                   random: &random)
    }

    private static func birth(subject: String, revision: Int, year: Int = 2025, month: Int? = nil, retracted: Bool = false,
                              communes: [String], random: inout SplitMix64) -> HealthEvent {
        func below(_ bound: Int) -> Int { Int(random.next() % UInt64(bound)) }
        let area = communes[below(communes.count)]
        let envelope = EventEnvelope(eventId: "\(subject)#\(revision)", kind: .newbornScreening, subjectId: subject, revision: revision,
                                     recordedAt: 1_740_000_000, facilityCode: "BV\(below(50))", areaCode: area,
                                     retracted: retracted, reportingYear: nil)
        if retracted { return HealthEvent(envelope: envelope, body: nil) }
        // Most records arrive within weeks of the birth: 90% in the last two months, the rest late.
        let anchorMonth = month ?? (below(10) < 9 ? 11 + below(2) : 1 + below(12))
        let date = LocalDate(year: year, month: anchorMonth, day: 1 + below(28)) ?? LocalDate(year: year, month: 1, day: 1)
        var screenings = NewbornScreeningResults()
        for condition in NewbornCondition.allCases {
            screenings[condition] = below(10) < 8 ? .negative : (below(50) == 0 ? .positive : .notScreened)
        }
        let sex: NewbornSex = below(1000) < 2 ? .undetermined : (below(1000) < 530 ? .male : .female)
        guard let date else { return HealthEvent(envelope: envelope, body: nil) }
        return HealthEvent(envelope: envelope, body: .newborn(NewbornScreening(birthDate: date, sex: sex, screenings: screenings)))
    }

    /// The event `recipe` describes (the same one each time).
    private func event(_ recipe: Recipe) -> HealthEvent {
        var random = SplitMix64(seed: recipe.seed)
        var event = Self.birth(subject: (recipe.isNew ? newPrefix : prefix) + String(recipe.subject), revision: recipe.revision,
                               retracted: recipe.retracted, communes: communes, random: &random)
        if recipe.late { event.envelope.eventId += "-late" }
        return event
    }

    /// The stored states of subjects `range` (revision 1), as the engine makes them.
    mutating func storedStates(_ range: Range<Int>, engine: IndicatorEngine) -> [UnitStateWrite] {
        range.compactMap { index in
            let event = birth(subject: prefix + String(index), revision: 1)
            guard let state = engine.apply(event, current: nil).state else { return nil }
            let record = UnitStateRecord(key: UnitRecordKey(kind: EventKind.newbornScreening.rawValue, unitKey: event.unitKey.storageKey),
                                         revision: 1, payload: Data(state.serialized()))
            return UnitStateWrite(state: record, expectedRevision: nil)
        }
    }

    /// The next `count` events: 55% new births, 25% corrections and 5% retractions of random stored
    /// units, 10% redeliveries of recent events, 5% late revision-1 events of stored units (stale).
    mutating func events(count: Int) -> [HealthEvent] {
        var result: [HealthEvent] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let roll = below(100)
            let recipe: Recipe
            if roll < 55 || storedUnits == 0 {
                newSubjects += 1
                recipe = Recipe(subject: newSubjects, isNew: true, revision: 1, seed: random.next())
            } else if roll < 85 {
                revision += 1
                recipe = Recipe(subject: below(storedUnits), isNew: false, revision: revision, retracted: roll >= 80, seed: random.next())
            } else if roll < 95, !recent.isEmpty {
                recipe = recent[below(recent.count)]
            } else {
                recipe = Recipe(subject: below(storedUnits), isNew: false, revision: 1, late: true, seed: random.next())
            }
            if recent.count < 5_000 { recent.append(recipe) } else { recent[below(recent.count)] = recipe }
            result.append(event(recipe))
        }
        return result
    }
}
