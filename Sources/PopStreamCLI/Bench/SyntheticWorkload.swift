import PopStreamCore

/// Registries the size of a country: the three-level shape (VN > 63 provinces > 10 districts each >
/// 16 communes each, 10,774 areas, chains of 4) and the two-level shape in force since July 2025
/// (VN > 34 provinces > 100 communes each, 3,435 areas, chains of 3).
struct SyntheticRegistry {
    let registry: AreaRegistry
    let communes: [String]
    let depth: Int

    static func threeLevel() throws -> SyntheticRegistry {
        var areas = [Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil)]
        var communes: [String] = []
        for province in 1...63 {
            let provinceCode = String(format: "%02d", province)
            areas.append(Area(code: provinceCode, name: "Tỉnh \(province)", level: "province", parentCode: "VN"))
            for district in 1...10 {
                let districtCode = String(format: "%03d", province * 10 + district)
                areas.append(Area(code: districtCode, name: "Huyện \(districtCode)", level: "district", parentCode: provinceCode))
                for commune in 1...16 {
                    let code = String(format: "%05d", (province * 10 + district) * 16 + commune)
                    areas.append(Area(code: code, name: "Xã \(code)", level: "commune", parentCode: districtCode))
                    communes.append(code)
                }
            }
        }
        return SyntheticRegistry(registry: try AreaRegistry(areas: areas), communes: communes, depth: 4)
    }

    static func twoLevel() throws -> SyntheticRegistry {
        var areas = [Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil)]
        var communes: [String] = []
        for province in 1...34 {
            let provinceCode = String(format: "%02d", province)
            areas.append(Area(code: provinceCode, name: "Tỉnh \(province)", level: "province", parentCode: "VN"))
            for commune in 1...100 {
                let code = String(format: "%05d", province * 100 + commune)
                areas.append(Area(code: code, name: "Xã \(code)", level: "commune", parentCode: provinceCode))
                communes.append(code)
            }
        }
        return SyntheticRegistry(registry: try AreaRegistry(areas: areas), communes: communes, depth: 3)
    }
}

/// A realistic stream: mostly new units (first revision), some corrections (a fifth of them moving area
/// or date), retractions, redeliveries (duplicates) and late old revisions (stale).
struct WorkloadGenerator {
    var random: SplitMix64
    let kinds: [EventKind]
    let communes: [String]
    var published: [HealthEvent] = []
    var units = 0

    init(seed: UInt64, kinds: [EventKind], communes: [String]) {
        self.random = SplitMix64(seed: seed)
        self.kinds = kinds
        self.communes = communes
    }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    mutating func events(count: Int) -> [HealthEvent] {
        var result: [HealthEvent] = []
        result.reserveCapacity(count)
        published.reserveCapacity(count)
        for _ in 0..<count {
            let roll = below(100)
            if published.isEmpty || roll < 70 {
                units += 1
                let kind = kinds[below(kinds.count)]
                emit(makeEvent(kind: kind, subject: "S\(units)", revision: 1, retracted: false, previous: nil), into: &result)
            } else if roll < 88 {
                let previous = published[published.count - 1 - below(min(published.count, 50_000))]
                let envelope = previous.envelope
                let revision = envelope.revision + 1 + below(2)
                emit(makeEvent(kind: envelope.kind, subject: envelope.subjectId, revision: revision, retracted: roll >= 85,
                               previous: previous), into: &result)
            } else if roll < 96 {
                result.append(published[published.count - 1 - below(min(published.count, 10_000))])
            } else {
                var late = published[published.count - 1 - below(min(published.count, 10_000))]
                late.envelope.eventId += "-late"
                late.envelope.revision = max(1, late.envelope.revision - 1)
                result.append(late)
            }
        }
        return result
    }

    mutating func emit(_ event: HealthEvent, into result: inout [HealthEvent]) {
        result.append(event)
        published.append(event)
    }

    mutating func makeEvent(kind: EventKind, subject: String, revision: Int, retracted: Bool, previous: HealthEvent?) -> HealthEvent {
        let moves = previous == nil || below(5) == 0
        let area = moves ? communes[below(communes.count)] : (previous?.envelope.areaCode ?? communes[0])
        let reportingYear = previous?.envelope.reportingYear ?? (kind == .elderlyRecord ? 2024 + below(2) : nil)
        let envelope = EventEnvelope(eventId: "\(subject)#\(revision)", kind: kind, subjectId: subject, revision: revision,
                                     recordedAt: 1_790_000_000, facilityCode: "BV\(below(50))", areaCode: area,
                                     retracted: retracted, reportingYear: reportingYear)
        if retracted { return HealthEvent(envelope: envelope, body: nil) }
        // The twelve months from July 2025: all on the two-level map in force since then.
        let month = 1 + below(12)
        let date = LocalDate(year: month >= 7 ? 2025 : 2026, month: month, day: 1 + below(28)) ?? LocalDate(year: 2025, month: 7, day: 1)
        guard let date else { return HealthEvent(envelope: envelope, body: nil) }
        switch kind {
        case .prenatalScreening:
            var screenings = PrenatalScreeningResults()
            for condition in PrenatalCondition.allCases {
                screenings[condition] = below(10) < 6 ? .lowRisk : (below(20) == 0 ? .highRisk : .notScreened)
            }
            return HealthEvent(envelope: envelope, body: .prenatal(PrenatalScreening(registeredOn: date, screenings: screenings)))
        case .newbornScreening:
            var screenings = NewbornScreeningResults()
            for condition in NewbornCondition.allCases {
                screenings[condition] = below(10) < 7 ? .negative : (below(50) == 0 ? .positive : .notScreened)
            }
            let sex: NewbornSex = below(1000) < 2 ? .undetermined : (below(1000) < 530 ? .male : .female)
            return HealthEvent(envelope: envelope, body: .newborn(NewbornScreening(birthDate: date, sex: sex, screenings: screenings)))
        case .premaritalCheckup:
            let levels = PremaritalCheckupLevel.allCases
            let partners = [PartnerSex.male, .female].map { sex in
                PremaritalCheckup.Partner(sex: sex, birthDate: LocalDate(year: 1990 + below(20), month: 1 + below(12), day: 1 + below(28)) ?? date,
                                          checkup: levels[below(levels.count)])
            }
            return HealthEvent(envelope: envelope, body: .premarital(PremaritalCheckup(
                registeredOn: date, partners: partners, consanguineous: below(300) == 0)))
        case .elderlyRecord:
            return HealthEvent(envelope: envelope, body: .elderly(ElderlyRecord(
                reportingYear: reportingYear ?? 2025, birthDate: LocalDate(year: 1930 + below(30), month: 6, day: 1) ?? date,
                sex: below(2) == 0 ? .male : .female, hasHealthInsurance: below(10) < 9, hasHealthRecord: below(10) < 7,
                checkupsThisYear: below(3), careSetting: .home)))
        }
    }
}
