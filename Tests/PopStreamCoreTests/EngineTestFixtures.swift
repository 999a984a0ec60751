@testable import PopStreamCore

/// Registries and events built as Swift values for the core tests (no JSON, no files).
enum Fixtures {
    /// VN > provinces 01, 02 > districts 011, 012, 021 > communes.
    static let areas: [Area] = [
        Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil),
        Area(code: "01", name: "Tỉnh Một", level: "province", parentCode: "VN"),
        Area(code: "02", name: "Tỉnh Hai", level: "province", parentCode: "VN"),
        Area(code: "011", name: "Huyện Một Một", level: "district", parentCode: "01"),
        Area(code: "012", name: "Huyện Một Hai", level: "district", parentCode: "01"),
        Area(code: "021", name: "Huyện Hai Một", level: "district", parentCode: "02"),
        Area(code: "01101", name: "Xã A", level: "commune", parentCode: "011"),
        Area(code: "01102", name: "Xã B", level: "commune", parentCode: "011"),
        Area(code: "01201", name: "Xã C", level: "commune", parentCode: "012"),
        Area(code: "02101", name: "Xã D", level: "commune", parentCode: "021"),
        Area(code: "02102", name: "Phường E", level: "commune", parentCode: "021"),
    ]
    static let communes = ["01101", "01102", "01201", "02101", "02102"]

    static let registry: AreaRegistry = {
        do { return try AreaRegistry(areas: areas) } catch { fatalError("fixture registry: \(error)") }
    }()

    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        guard let date = LocalDate(year: year, month: month, day: day) else { fatalError("bad fixture date") }
        return date
    }

    static func envelope(_ kind: EventKind, subject: String, revision: Int, area: String, eventId: String? = nil,
                         retracted: Bool = false, reportingYear: Int? = nil) -> EventEnvelope {
        EventEnvelope(eventId: eventId ?? "\(subject)#\(revision)", kind: kind, subjectId: subject, revision: revision,
                      recordedAt: 1_740_000_000, facilityCode: "F1", areaCode: area, retracted: retracted,
                      reportingYear: reportingYear)
    }

    static func newborn(_ subject: String, revision: Int = 1, area: String = "01101", born: LocalDate? = nil,
                        sex: NewbornSex = .male, screened: Int = 5, positive: Bool = false,
                        eventId: String? = nil) -> HealthEvent {
        var screenings = NewbornScreeningResults()
        for (index, condition) in NewbornCondition.allCases.enumerated() {
            screenings[condition] = index < screened ? (positive && index == 0 ? .positive : .negative) : .notScreened
        }
        return HealthEvent(envelope: envelope(.newbornScreening, subject: subject, revision: revision, area: area, eventId: eventId),
                           body: .newborn(NewbornScreening(birthDate: born ?? date(2025, 3, 4), sex: sex, screenings: screenings)))
    }

    static func prenatal(_ subject: String, revision: Int = 1, area: String = "01101", registered: LocalDate? = nil,
                         screened: Int = 4, highRisk: Bool = false) -> HealthEvent {
        var screenings = PrenatalScreeningResults()
        for (index, condition) in PrenatalCondition.allCases.enumerated() {
            screenings[condition] = index < screened ? (highRisk && index == 0 ? .highRisk : .lowRisk) : .notScreened
        }
        return HealthEvent(envelope: envelope(.prenatalScreening, subject: subject, revision: revision, area: area),
                           body: .prenatal(PrenatalScreening(registeredOn: registered ?? date(2025, 1, 10), screenings: screenings)))
    }

    static func premarital(_ subject: String, revision: Int = 1, area: String = "01101", registered: LocalDate? = nil,
                           maleBorn: LocalDate? = nil, femaleBorn: LocalDate? = nil,
                           checkups: (PremaritalCheckupLevel, PremaritalCheckupLevel) = (.counselingAndExamination, .none),
                           consanguineous: Bool = false) -> HealthEvent {
        let partners = [
            PremaritalCheckup.Partner(sex: .male, birthDate: maleBorn ?? date(1995, 1, 1), checkup: checkups.0),
            PremaritalCheckup.Partner(sex: .female, birthDate: femaleBorn ?? date(1997, 1, 1), checkup: checkups.1),
        ]
        return HealthEvent(envelope: envelope(.premaritalCheckup, subject: subject, revision: revision, area: area),
                           body: .premarital(PremaritalCheckup(registeredOn: registered ?? date(2025, 6, 1),
                                                               partners: partners, consanguineous: consanguineous)))
    }

    static func elderly(_ subject: String, year: Int = 2025, revision: Int = 1, area: String = "01101",
                        insured: Bool = true, record: Bool = true, checkups: Int = 1) -> HealthEvent {
        HealthEvent(envelope: envelope(.elderlyRecord, subject: subject, revision: revision, area: area, reportingYear: year),
                    body: .elderly(ElderlyRecord(reportingYear: year, birthDate: date(1950, 5, 5), sex: .female,
                                                 hasHealthInsurance: insured, hasHealthRecord: record,
                                                 checkupsThisYear: checkups, careSetting: .home)))
    }

    static func retraction(_ kind: EventKind, subject: String, revision: Int, area: String = "01101",
                           reportingYear: Int? = nil) -> HealthEvent {
        HealthEvent(envelope: envelope(kind, subject: subject, revision: revision, area: area, retracted: true,
                                       reportingYear: reportingYear), body: nil)
    }
}

/// SplitMix64: a small, seedable, reproducible generator for the property tests.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
