import Testing
@testable import PopStreamCore

/// Maps with first days, the placement of events on them, and the carry-over between them.
@Suite("Area maps")
struct AreaMapsTests {
    static let maps = BundledAreas.mapSet
    static let old = BundledAreas.threeLevel2025Name
    static let new = BundledAreas.twoLevel2025Name

    static func date(_ text: String) throws -> LocalDate { try #require(LocalDate(text)) }

    @Test("the map in force on a date: the three-level map until 30 June 2025 (and before its first day), then the two-level one")
    func mapOnDate() throws {
        #expect(Self.maps.ids == [Self.old, Self.new])
        #expect(Self.maps.map(on: try Self.date("2019-01-01")).id == Self.old)
        #expect(Self.maps.map(on: try Self.date("2025-06-30")).id == Self.old)
        #expect(Self.maps.map(on: try Self.date("2025-07-01")).id == Self.new)
        #expect(Self.maps.current(today: try Self.date("2026-11-29")).id == Self.new)
    }

    @Test("the days a map is in force: the earliest from any day to the eve of the next one's first day, the latest from its own")
    func daysInForce() throws {
        let eve = try Self.date("2025-06-30"), reform = try Self.date("2025-07-01")
        let old = try #require(Self.maps.days(of: Self.old))
        #expect(old.first == nil && old.last == eve)
        let new = try #require(Self.maps.days(of: Self.new))
        #expect(new.first == reform && new.last == nil)
        #expect(Self.maps.days(of: "nowhere") == nil)
    }

    @Test("a set refuses duplicate ids and first days, and crosswalks naming codes that are not lowest-level areas")
    func setChecks() throws {
        let registry = BundledAreas.twoLevel2025
        let day = try Self.date("2025-07-01")
        #expect(throws: AreaMapSetError("map a is given twice")) {
            try AreaMapSet(maps: [AreaMap(id: "a", firstDay: day, registry: registry), AreaMap(id: "a", firstDay: .earliest, registry: registry)])
        }
        #expect(throws: AreaMapSetError("maps a and b have the same first day 2025-07-01")) {
            try AreaMapSet(maps: [AreaMap(id: "a", firstDay: day, registry: registry), AreaMap(id: "b", firstDay: day, registry: registry)])
        }
        let bad = AreaCrosswalk(entries: [.init(oldCode: "063", newCode: "01969", part: .full)])
        #expect(throws: AreaMapSetError("crosswalk \(Self.old) -> \(Self.new): 063 is not a lowest-level area of \(Self.old)")) {
            try AreaMapSet(maps: Self.maps.maps, links: [.init(from: Self.old, to: Self.new, crosswalk: bad)])
        }
        #expect(throws: AreaMapSetError("no area map")) { try AreaMapSet(maps: []) }
    }

    @Test("every old lowest-level area and every new commune is in the bundled crosswalk")
    func crosswalkCoversBothMaps() {
        let carry = MapCarryOver(from: Self.old, to: Self.new, in: Self.maps)
        let back = MapCarryOver(from: Self.new, to: Self.old, in: Self.maps)
        for area in BundledAreas.threeLevel2025.areas where BundledAreas.threeLevel2025.isLowestLevel(area.code) {
            #expect(carry?.placement(of: area.code) != nil, "\(area.code)")
        }
        for area in BundledAreas.twoLevel2025.areas where BundledAreas.twoLevel2025.isLowestLevel(area.code) {
            #expect(back?.placement(of: area.code) != nil, "\(area.code)")
        }
    }

    @Test("forwards: a whole old commune is exact; a split one goes to the new commune that kept its code, else the first listed")
    func forwardPlacement() throws {
        let carry = try #require(MapCarryOver(from: Self.old, to: Self.new, in: Self.maps))
        let whole = try #require(carry.placement(of: "01975"))   // Vi Hương, whole into Phủ Thông
        #expect(whole.destination == "01969" && whole.exact && whole.approximates.isEmpty)
        // Lý Sơn district (no communes) became the special zone 21548.
        #expect(carry.placement(of: "536")?.destination == "21548")
        let crosswalk = BundledAreas.crosswalk2025
        let split = try #require(Set(crosswalk.entries.filter { $0.part == .partial }.map(\.oldCode)).sorted().first)
        let destinations = crosswalk.entries(forOldCode: split).map(\.newCode)
        let placement = try #require(carry.placement(of: split))
        #expect(!placement.exact)
        #expect(placement.destination == (destinations.contains(split) ? split : destinations[0]))
        // Every destination is approximate; the province that holds them all is not.
        #expect(Set(destinations).isSubset(of: Set(placement.approximates)))
        let province = try #require(BundledAreas.twoLevel2025.parent(of: destinations[0])?.code)
        #expect(!placement.approximates.contains(province))
    }

    @Test("backwards: a new commune made of several old units goes to the one whose code it kept, approximately")
    func backwardPlacement() throws {
        let back = try #require(MapCarryOver(from: Self.new, to: Self.old, in: Self.maps))
        let phuThong = try #require(back.placement(of: "01969"))
        #expect(phuThong.destination == "01969" && !phuThong.exact)
        // All four old units were in Bạch Thông: the district is exact, the communes are not.
        #expect(phuThong.approximates.sorted() == ["01969", "01975", "01990", "01993"])
        let phongQuang = try #require(back.placement(of: "01849"))   // old 01849 (Bắc Kạn city) + 01984 (Bạch Thông)
        #expect(Set(phongQuang.approximates).isSuperset(of: ["058", "063", "01849", "01984"]))
        #expect(!phongQuang.approximates.contains("06"))
    }

    @Test("the cover of an old district: the new communes it went into; exact only when they hold nothing else")
    func coverOfAnOldDistrict() throws {
        let carry = try #require(MapCarryOver(from: Self.old, to: Self.new, in: Self.maps))
        let registry = BundledAreas.threeLevel2025
        func leaves(_ code: String) -> Set<String> {
            Set(registry.children(of: code).map(\.code))
        }
        let bachThong = carry.cover(of: leaves("063"))
        #expect(bachThong.areas == ["01849", "01969", "01981", "02008", "02014"])
        #expect(!bachThong.exact)
        #expect(carry.cover(of: leaves("058")).areas == ["01840", "01843", "01849"])
        // Lý Sơn alone is the whole special zone.
        #expect(carry.cover(of: ["536"]) == (areas: ["21548"], exact: true))
    }

    @Test("events are placed on the map of their anchor date; areaMap names one explicitly")
    func placementInTheDecoder() throws {
        let decoder = EventDecoder(maps: Self.maps)
        let june = EventJSON.newborn.with("areaCode", string: "01978").with("birthDate", string: "2025-06-30")
        #expect(try decoder.decode(june.description, kind: .newbornScreening).envelope.areaMap == Self.old)
        // 01978 (Sĩ Bình) no longer exists in July 2025.
        #expect(throws: EventRejection(.unknownArea, "areaCode: \"01978\" is not in the area map \(Self.new)")) {
            try decoder.decode(june.with("birthDate", string: "2025-07-01").description, kind: .newbornScreening)
        }
        let backfilled = june.with("birthDate", string: "2025-07-01").with("areaMap", string: Self.old)
        #expect(try decoder.decode(backfilled.description, kind: .newbornScreening).envelope.areaMap == Self.old)
        #expect(throws: EventRejection(.unknownArea, "areaMap: \"v9\" is not an area map of this deployment (maps: \(Self.old), \(Self.new))")) {
            try decoder.decode(june.with("areaMap", string: "v9").description, kind: .newbornScreening)
        }
        #expect(throws: EventRejection(.unknownArea, "areaCode: \"063\" is a district area, not a lowest-level area of the area map \(Self.old)")) {
            try decoder.decode(june.with("areaCode", string: "063").description, kind: .newbornScreening)
        }
    }

    @Test("an elderly record is placed by the local date of recordedAt; a retraction on any map that has its code")
    func elderlyAndRetractions() throws {
        let decoder = EventDecoder(maps: Self.maps)
        let elderly = EventJSON.elderly.with("areaCode", string: "01978").with("reportingYear", "2025")
        // 2025-06-30T20:00:00Z is 1 July in Vietnam: the two-level map, where 01978 does not exist.
        #expect(throws: EventRejection.self) {
            try decoder.decode(elderly.with("recordedAt", string: "2025-06-30T20:00:00Z").description, kind: .elderlyRecord)
        }
        #expect(try decoder.decode(elderly.with("recordedAt", string: "2025-06-30T16:00:00Z").description, kind: .elderlyRecord)
            .envelope.areaMap == Self.old)
        let retraction = #"{"eventId":"r-1","schemaVersion":1,"kind":"newborn-screening","subjectId":"s-1","revision":2,"recordedAt":"2026-03-01T08:00:00+07:00","facilityCode":"BV-01","areaCode":"01978","retracted":true}"#
        #expect(try decoder.decode(retraction, kind: .newbornScreening).envelope.areaMap == Self.old)
    }

    @Test("a unit state keeps its contribution's map; a version-2 state reads with no map")
    func unitStateKeepsTheMap() throws {
        let contribution = try #require(Contribution(kind: .newbornScreening, areaCode: "01969", map: Self.old, year: 2024, month: 5,
                                                     counts: [(1, 1), (0, 1), (1, 0)]))
        let state = UnitState(revision: 3, appliedEvents: [EventIdDigest("e-3")], retracted: false, contribution: contribution)
        #expect(try UnitState(serialized: state.serialized()) == state)
        var version2 = state.serialized()
        version2[0] = 2
        version2.removeLast(1 + Self.old.utf8.count)
        let read = try UnitState(serialized: version2)
        #expect(read.contribution?.map == "")
        #expect(read.contribution?.placed(on: Self.old) == contribution)
    }
}
