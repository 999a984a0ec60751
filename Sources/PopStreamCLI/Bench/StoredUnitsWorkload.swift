import Foundation
import PopStreamCore
import Store

/// The worker's write pattern over a store that already holds millions of units: newborn events whose
/// subjects are new births, or corrections, retractions and late old revisions of units drawn at
/// random among the stored ones, plus redelivered events (duplicates).
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
    private var recent: [HealthEvent] = []

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
        let area = communes[below(communes.count)]
        let envelope = EventEnvelope(eventId: "\(subject)#\(revision)", kind: .newbornScreening, subjectId: subject, revision: revision,
                                     recordedAt: 1_740_000_000, facilityCode: "BV\(below(50))", areaCode: area,
                                     retracted: retracted, reportingYear: nil)
        if retracted { return HealthEvent(envelope: envelope, body: nil) }
        // Most records arrive within weeks of the birth: 90% in the last two months, the rest late.
        let anchorMonth = month ?? (below(10) < 9 ? 11 + below(2) : 1 + below(12))
        let date = LocalDate(year: year, month: anchorMonth, day: 1 + below(28)) ?? LocalDate(year: year, month: 1, day: 1)
        var screenings: [NewbornCondition: NewbornResult] = [:]
        for condition in NewbornCondition.allCases {
            screenings[condition] = below(10) < 8 ? .negative : (below(50) == 0 ? .positive : .notScreened)
        }
        let sex: NewbornSex = below(1000) < 2 ? .undetermined : (below(1000) < 530 ? .male : .female)
        guard let date else { return HealthEvent(envelope: envelope, body: nil) }
        return HealthEvent(envelope: envelope, body: .newborn(NewbornScreening(birthDate: date, sex: sex, screenings: screenings)))
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
            let event: HealthEvent
            if roll < 55 || storedUnits == 0 {
                newSubjects += 1
                event = birth(subject: newPrefix + String(newSubjects), revision: 1)
            } else if roll < 85 {
                revision += 1
                event = birth(subject: prefix + String(below(storedUnits)), revision: revision, retracted: roll >= 80)
            } else if roll < 95, !recent.isEmpty {
                event = recent[below(recent.count)]
            } else {
                var late = birth(subject: prefix + String(below(storedUnits)), revision: 1)
                late.envelope.eventId += "-late"
                event = late
            }
            if recent.count < 5_000 { recent.append(event) } else { recent[below(recent.count)] = event }
            result.append(event)
        }
        return result
    }
}
