import Testing
@testable import PopStreamCore

@Suite struct AreasBundledTests {
    func count(_ registry: AreaRegistry, level: String) -> Int { registry.areas.filter { $0.level == level }.count }

    @Test func threeLevelMapOfMarch2025() throws {
        let registry = BundledAreas.threeLevel2025
        #expect(registry.areas.count == 1 + 6 + 80 + 1_207)
        #expect(count(registry, level: "national") == 1)
        #expect(count(registry, level: "province") == 6)
        #expect(count(registry, level: "district") == 80)
        #expect(count(registry, level: "commune") == 1_207)
        #expect(registry.roots.map(\.code) == ["VN"])
        #expect(registry.area("058")?.name == "Thành Phố Bắc Kạn")
        #expect(registry.children(of: "063").count == 14)
        #expect(registry.selfAndAncestors(of: "01969") == ["01969", "063", "06", "VN"])
        #expect(registry.area("01969")?.name == "Thị trấn Phủ Thông")
        for code in ["01", "06", "11", "19", "51", "62"] { #expect(registry.area(code)?.level == "province") }
    }

    @Test func twoLevelMapOfJuly2025() throws {
        let registry = BundledAreas.twoLevel2025
        #expect(registry.areas.count == 1 + 4 + 359)
        #expect(count(registry, level: "province") == 4)
        #expect(count(registry, level: "commune") == 359)
        #expect(count(registry, level: "district") == 0)
        #expect(registry.roots.map(\.code) == ["VN"])
        #expect(registry.selfAndAncestors(of: "01969") == ["01969", "19", "VN"])
        #expect(registry.area("01969")?.name == "Xã Phủ Thông")
        #expect(!registry.contains("063") && !registry.contains("06"))
    }

    @Test func pickedByName() {
        #expect(BundledAreas.names == ["two-level-2025-07", "three-level-2025-03"])
        #expect(BundledAreas.registry(named: "two-level-2025-07")?.areas.count == 364)
        #expect(BundledAreas.registry(named: "three-level-2025-03")?.areas.count == 1_294)
        #expect(BundledAreas.registry(named: "areas.csv") == nil)
        #expect(BundledAreas.defaultRegistry.areas.count == 364)
        #expect(EventDecoder().registry.areas.count == 364)
    }

    @Test func crosswalk() {
        let crosswalk = BundledAreas.crosswalk2025
        #expect(crosswalk.entries.count == 1_482)
        #expect(crosswalk.entries.filter { $0.part == .partial }.count == 478)
        // Phủ Thông town and the communes Vi Hương, Tân Tú, Lục Bình became the new Phủ Thông commune.
        #expect(crosswalk.entries(forNewCode: "01969").count >= 4)
        #expect(crosswalk.entries(forOldCode: "01969").map(\.newCode) == ["01969"])
        let three = BundledAreas.threeLevel2025, two = BundledAreas.twoLevel2025
        for entry in crosswalk.entries {
            #expect(three.contains(entry.oldCode), "\(entry.oldCode)")
            #expect(two.contains(entry.newCode), "\(entry.newCode)")
        }
    }

    @Test func crosswalkCSVErrors() {
        #expect(throws: AreaRegistryError(line: 2, message: "part must be full or partial")) {
            try AreaCrosswalk(csv: "oldCode,newCode,part\n00001,00097,some\n")
        }
        #expect(throws: AreaRegistryError(line: 1, message: "expected the header oldCode,newCode,part")) {
            try AreaCrosswalk(csv: "a,b,c\n")
        }
    }
}
