import Foundation
import PopStreamCore

/// The small deployment the report and API tests read: a registry, targets, and events with known figures.
///
/// Figures (all 2025 unless said):
/// - newborns: commune 01101 (district 011), born 2025-03-10: 40 births, 30 screened for all 5 conditions,
///   2 positive, 22 boys and 18 girls; commune 01201 (district 012), born 2025-06-15: 10 births, all screened,
///   5 boys; commune 02101 (province 02), born 2024-11-20: 6 births, all screened, 3 boys.
/// - premarital: commune 01102, registered 2025-05-20: 4 couples, one with a 17-year-old man (child marriage),
///   3 couples with both partners counseled and examined.
/// - elderly: commune 01101, 2025: 3 person-years, all insured with a record, 2 with a checkup.
///
/// Targets: on VN newborn screening `>=` (baseline 2017: 10, 2025: 70, 2030: 90), sex ratio `<` 110,
/// child marriage count `reduce_by_pct` (baseline 2020: 10, 2025: 50%, so `<=` 5); on district 011 newborn
/// screening `>=` 80.
enum ReportFixtures {
    /// The map id the figures are stored under: the registry file's name without its extension.
    static let mapName = "report-map"

    static let areasCSV = """
        code,name,level,parentCode
        VN,Việt Nam,national,
        01,Tỉnh Một,province,VN
        02,Tỉnh Hai,province,VN
        011,Huyện Một Một,district,01
        012,Huyện Một Hai,district,01
        021,Huyện Hai Một,district,02
        01101,Xã A,commune,011
        01102,Xã B,commune,011
        01201,Xã C,commune,012
        02101,Xã D,commune,021

        """

    static let targetsJSON = """
        { "plans": [
          { "id": "vn", "area": "VN", "targets": [
            { "indicator": "newborn_screening_coverage", "comparator": ">=", "baseline": { "year": 2017, "value": 10 },
              "milestones": [ { "year": 2025, "value": 70 }, { "year": 2030, "value": 90 } ] },
            { "indicator": "sex_ratio_at_birth", "comparator": "<", "milestones": [ { "year": 2025, "value": 110 } ] },
            { "indicator": "child_marriage_count", "comparator": "reduce_by_pct", "baseline": { "year": 2020, "value": 10 },
              "milestones": [ { "year": 2025, "value": 50 } ] } ] },
          { "id": "district-011", "area": "011", "targets": [
            { "indicator": "newborn_screening_coverage", "comparator": ">=", "milestones": [ { "year": 2025, "value": 80 } ] } ] } ] }
        """

    static func registry() throws -> AreaRegistry { try AreaRegistry(csv: areasCSV) }

    static func targets(_ registry: AreaRegistry) throws -> TargetSet { try TargetSet(json: targetsJSON, registry: registry) }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> LocalDate {
        guard let date = LocalDate(year: year, month: month, day: day) else { fatalError("bad fixture date") }
        return date
    }

    static func envelope(_ kind: EventKind, _ subject: String, area: String, reportingYear: Int? = nil) -> EventEnvelope {
        EventEnvelope(eventId: subject + "#1", kind: kind, subjectId: subject, revision: 1, recordedAt: 1_741_600_000,
                      facilityCode: "F1", areaCode: area, reportingYear: reportingYear)
    }

    static func newborn(_ subject: String, area: String, born: LocalDate, male: Bool, screened: Bool, positive: Bool) -> HealthEvent {
        var screenings = NewbornScreeningResults()
        for (index, condition) in NewbornCondition.allCases.enumerated() {
            screenings[condition] = !screened && index >= 3 ? .notScreened : (positive && index == 0 ? .positive : .negative)
        }
        return HealthEvent(envelope: envelope(.newbornScreening, subject, area: area),
                           body: .newborn(NewbornScreening(birthDate: born, sex: male ? .male : .female, screenings: screenings)))
    }

    static func couple(_ subject: String, area: String, childMarriage: Bool, examined: Bool) -> HealthEvent {
        let level: PremaritalCheckupLevel = examined ? .counselingAndExamination : .none
        let partners = [
            PremaritalCheckup.Partner(sex: .male, birthDate: childMarriage ? date(2008, 1, 1) : date(1998, 1, 1), checkup: level),
            PremaritalCheckup.Partner(sex: .female, birthDate: date(2000, 1, 1), checkup: level),
        ]
        return HealthEvent(envelope: envelope(.premaritalCheckup, subject, area: area),
                           body: .premarital(PremaritalCheckup(registeredOn: date(2025, 5, 20), partners: partners, consanguineous: false)))
    }

    static func elderly(_ subject: String, area: String, checkups: Int) -> HealthEvent {
        HealthEvent(envelope: envelope(.elderlyRecord, subject, area: area, reportingYear: 2025),
                    body: .elderly(ElderlyRecord(reportingYear: 2025, birthDate: date(1950, 5, 5), sex: .female, hasHealthInsurance: true,
                                                 hasHealthRecord: true, checkupsThisYear: checkups, careSetting: .home)))
    }

    /// Every event of the fixture.
    static var events: [HealthEvent] {
        var events: [HealthEvent] = []
        for index in 0..<40 {
            events.append(newborn("NB-A-\(index)", area: "01101", born: date(2025, 3, 10), male: index < 22, screened: index < 30,
                                  positive: index < 2))
        }
        for index in 0..<10 {
            events.append(newborn("NB-C-\(index)", area: "01201", born: date(2025, 6, 15), male: index < 5, screened: true, positive: false))
        }
        for index in 0..<6 {
            events.append(newborn("NB-D-\(index)", area: "02101", born: date(2024, 11, 20), male: index < 3, screened: true, positive: false))
        }
        for index in 0..<4 {
            events.append(couple("PM-B-\(index)", area: "01102", childMarriage: index == 0, examined: index < 3))
        }
        for index in 0..<3 {
            events.append(elderly("EL-A-\(index)", area: "01101", checkups: index < 2 ? 1 : 0))
        }
        return events
    }

    /// The 95% Wilson score interval of k successes in n, in percent, computed here independently of the product.
    static func wilson(_ k: Double, _ n: Double) -> (lower: Double, upper: Double) {
        let z = 1.959963984540054
        let p = k / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / denominator
        return (100 * (centre - half), 100 * (centre + half))
    }
}
