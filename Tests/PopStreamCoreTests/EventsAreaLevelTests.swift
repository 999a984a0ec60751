import Testing
@testable import PopStreamCore

/// `areaCode` must be an area at the lowest level of the registry (contract section 2): a code that exists
/// but has areas below it (`VN`, a province, a district) is `unknown_area` too, with a detail that says so.
@Suite struct EventsAreaLevelTests {
    static let threeLevel = EventDecoder(registry: BundledAreas.threeLevel2025)

    func rejected(_ event: EventJSON, by decoder: EventDecoder) -> EventRejection? {
        do {
            _ = try decoder.decode(event.bytes, kind: event.kind)
            return nil
        } catch {
            return error
        }
    }

    func notLowest(_ code: String, _ level: String) -> EventRejection {
        EventRejection(.unknownArea, "areaCode: \"\(code)\" is \(level) area, not a lowest-level area of the registry")
    }

    @Test(arguments: EventKind.allCases)
    func districtProvinceAndNationalAreRejectedInTheThreeLevelMap(kind: EventKind) {
        let event = EventJSON.valid(kind)
        #expect(rejected(event.with("areaCode", string: "058"), by: Self.threeLevel) == notLowest("058", "a district"))
        #expect(rejected(event.with("areaCode", string: "06"), by: Self.threeLevel) == notLowest("06", "a province"))
        #expect(rejected(event.with("areaCode", string: "VN"), by: Self.threeLevel) == notLowest("VN", "a national"))
        // 01840 is a ward of Bắc Kạn city (058) in this map.
        #expect(rejected(event, by: Self.threeLevel) == nil)
    }

    @Test(arguments: EventKind.allCases)
    func provinceAndNationalAreRejectedInTheDefaultMap(kind: EventKind) throws {
        let event = EventJSON.valid(kind)
        #expect(rejection(event.with("areaCode", string: "19")) == notLowest("19", "a province"))
        #expect(rejection(event.with("areaCode", string: "VN")) == notLowest("VN", "a national"))
        #expect(try decoded(event).envelope.areaCode == "01840")
    }

    @Test func unknownCodeKeepsItsDetail() {
        #expect(rejected(EventJSON.newborn.with("areaCode", string: "99999"), by: Self.threeLevel)
                == EventRejection(.unknownArea, "areaCode: \"99999\" is not in the area registry"))
    }

    @Test func anAreaWithoutChildrenIsTheLowestLevelWhateverItsLevelName() throws {
        // Lý Sơn (536) was a district with no communes in March 2025: residents' events name the district.
        #expect(BundledAreas.threeLevel2025.area("536")?.level == "district")
        #expect(rejected(EventJSON.newborn.with("areaCode", string: "536"), by: Self.threeLevel) == nil)
    }

    @Test func aRetractionNamingADistrictIsRejectedToo() {
        let retraction = EventJSON.newborn.with("retracted", "true").with("areaCode", string: "058")
        #expect(rejected(retraction, by: Self.threeLevel) == notLowest("058", "a district"))
    }

    @Test func sanityBeforeAreaLevelAndAreaLevelBeforeScope() {
        let implausible = EventJSON.prenatal.with("motherBirthYear", "1850").with("areaCode", string: "058")
        #expect(rejected(implausible, by: Self.threeLevel)?.reason == .schemaViolation)
        let young = EventJSON.elderly.with("birthDate", string: "1990-01-01").with("areaCode", string: "058")
        #expect(rejected(young, by: Self.threeLevel) == notLowest("058", "a district"))
    }

    @Test func levelNamesComeFromTheRegistryAndAreSanitised() throws {
        let registry = try AreaRegistry(areas: [
            Area(code: "R", name: "Root", level: "island\ngroup", parentCode: nil),
            Area(code: "L", name: "Leaf", level: "village", parentCode: "R"),
        ])
        let decoder = EventDecoder(registry: registry)
        #expect(rejected(EventJSON.newborn.with("areaCode", string: "R"), by: decoder)
                == notLowest("R", "an island?group"))
        #expect(rejected(EventJSON.newborn.with("areaCode", string: "L"), by: decoder) == nil)
    }

    @Test func registryLowestLevelCheck() {
        let registry = Fixtures.registry
        for code in Fixtures.communes { #expect(registry.isLowestLevel(code), "\(code)") }
        for code in ["VN", "01", "02", "011", "012", "021", "99999", ""] { #expect(!registry.isLowestLevel(code), "\(code)") }
    }
}
