import Foundation
import PopStreamCore

/// The `--areas` option of every command and worker, as a set of area maps with first days:
/// - absent or `bundled`: both bundled maps (three-level until 30 June 2025, two-level since 1 July 2025)
///   joined by the bundled crosswalk;
/// - a bundled map's name (`two-level-2025-07`, `three-level-2025-03`): that map alone, on every date;
/// - a `.json` file: a map manifest (docs/areas.md, "Adding or replacing a map");
/// - any other file: a registry CSV, that map alone, its id the file's name without extension.
public enum AreaMapsOption {
    /// The maps `value` names.
    /// - Throws: ``ConfigurationError`` (exit 2) for an unreadable or invalid file.
    public static func load(_ value: String?) throws -> AreaMapSet {
        guard let value, value != BundledAreas.mapSetName else { return BundledAreas.mapSet }
        if value.hasSuffix(".json") { return try AreaMapManifest.load(path: value) }
        let registry = try AreaRegistryOption.load(value)
        return .single(registry, id: AreaRegistryOption.mapName(value))
    }

    /// The map `--map` names, or the one in force today; figures are read on it.
    /// - Throws: ``ConfigurationError`` for a map the set does not have.
    public static func viewMap(_ value: String?, in maps: AreaMapSet, today: LocalDate = .today) throws -> AreaMap {
        guard let value else { return maps.current(today: today) }
        guard let map = maps.map(id: value) else {
            throw ConfigurationError("--map \(value): not one of the area maps (\(maps.ids.joined(separator: ", ")))")
        }
        return map
    }

    /// The view of `maps` on `map` (which belongs to it).
    public static func view(_ maps: AreaMapSet, on map: AreaMap) -> MapView {
        MapView(maps: maps, on: map.id) ?? MapView(unchecked: maps)
    }
}

extension LocalDate {
    /// Today's date in Vietnam (UTC+07:00).
    public static var today: LocalDate {
        LocalDate(vietnamDateOf: Date().timeIntervalSince1970) ?? BundledAreas.twoLevel2025FirstDay
    }
}
