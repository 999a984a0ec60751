/// The area registries shipped inside the package (contract section 4), re-expressed from the reference data
/// (see docs/events.md, "Bundled maps"). The project never reads the reference files at run time.
public enum BundledAreas {
    /// Name of the current two-level map, in force since 1 July 2025: the default registry.
    public static let twoLevel2025Name = "two-level-2025-07"
    /// Name of the three-level map in force before 1 July 2025 (data date 1 March 2025).
    public static let threeLevel2025Name = "three-level-2025-03"
    /// The bundled names, default first.
    public static let names = [twoLevel2025Name, threeLevel2025Name]

    /// Since 1 July 2025: `VN`, Hà Nội (01), Điện Biên (11), Thái Nguyên (19), Quảng Ngãi (51), 359 communes.
    public static let twoLevel2025: AreaRegistry = load(twoLevel2025CSV, twoLevel2025Name)

    /// On 1 March 2025: `VN`, Hà Nội, Bắc Kạn, Điện Biên, Thái Nguyên, Quảng Ngãi, Kon Tum; 80 districts and
    /// 1,207 communes.
    public static let threeLevel2025: AreaRegistry = load(threeLevel2025CSV, threeLevel2025Name)

    /// The default registry of workers and commands: the current two-level map.
    public static var defaultRegistry: AreaRegistry { twoLevel2025 }

    /// Old unit -> new commune of 1 July 2025, to compare figures across the two maps.
    public static let crosswalk2025: AreaCrosswalk = {
        do { return try AreaCrosswalk(csv: crosswalk2025CSV) } catch { fatalError("bundled crosswalk: \(error)") }
    }()

    /// The first day of the two-level map: 1 July 2025 (Resolution 202/2025/QH15).
    public static let twoLevel2025FirstDay = LocalDate(unchecked: 2025, 7, 1)
    /// The first day given to the three-level map: its data date, 1 March 2025. It is the earliest bundled
    /// map, so it is also used for every earlier date.
    public static let threeLevel2025FirstDay = LocalDate(unchecked: 2025, 3, 1)
    /// Name of the bundled set of both maps with their first days and the crosswalk: the default.
    public static let mapSetName = "bundled"

    /// Both bundled maps, each in force from its first day, joined by the crosswalk of 1 July 2025:
    /// the default of workers and commands.
    public static let mapSet: AreaMapSet = {
        let maps = [AreaMap(id: threeLevel2025Name, firstDay: threeLevel2025FirstDay, registry: threeLevel2025),
                    AreaMap(id: twoLevel2025Name, firstDay: twoLevel2025FirstDay, registry: twoLevel2025)]
        let link = AreaMapSet.Link(from: threeLevel2025Name, to: twoLevel2025Name, crosswalk: crosswalk2025)
        do { return try AreaMapSet(maps: maps, links: [link]) } catch { fatalError("bundled area maps: \(error)") }
    }()

    /// The bundled registry with this name (`two-level-2025-07`, `three-level-2025-03`), or `nil`.
    public static func registry(named name: String) -> AreaRegistry? {
        switch name {
        case twoLevel2025Name: twoLevel2025
        case threeLevel2025Name: threeLevel2025
        default: nil
        }
    }

    private static func load(_ csv: String, _ name: String) -> AreaRegistry {
        // Bundled data is checked by the tests; a failure here is a build defect, not an input error.
        do { return try AreaRegistry(csv: csv) } catch { fatalError("bundled area registry \(name): \(error)") }
    }
}
