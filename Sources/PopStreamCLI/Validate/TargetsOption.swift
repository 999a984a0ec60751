import Foundation
import PopStreamCore

/// The `--targets` option of the workers, `report` and `serve`: a bundled target set's name
/// (`two-level-2025-07`, `three-level-2025-03`) or a targets JSON file. By default, the bundled targets
/// of the area map in use; for a map of the operator's own, the bundled national plan
/// (``BundledTargets/national(registry:)``).
public enum TargetsOption {
    /// The targets named by `value` for `registry`, whose map is `mapName`.
    /// - Throws: `ConfigurationError` (exit 2) for an unreadable file or invalid targets.
    public static func load(_ value: String?, registry: AreaRegistry, mapName: String) throws -> TargetSet {
        let name = value ?? mapName
        do {
            if let bundled = try BundledTargets.targets(named: name, registry: registry) { return bundled }
        } catch {
            throw ConfigurationError("--targets \(name): \(error)")
        }
        guard let value else {
            do {
                return try BundledTargets.national(registry: registry)
            } catch {
                throw ConfigurationError("bundled national targets on map \(mapName): \(error)")
            }
        }
        let bytes = try InputFile.read(value, what: "--targets")
        do {
            return try TargetSet(json: bytes, registry: registry)
        } catch {
            throw ConfigurationError("--targets \(value): \(error)")
        }
    }
}

extension TargetsOption {
    /// The targets of every map of `maps`, by map id: the bundled targets of each bundled map (the bundled
    /// national plan for a map of the operator's own), with `value` (a bundled set's name or a targets JSON file) in force on
    /// `view` instead of its bundled ones.
    /// - Throws: `ConfigurationError` (exit 2) for an unreadable file or invalid targets.
    public static func load(_ value: String?, maps: AreaMapSet, view: AreaMap) throws -> [String: TargetSet] {
        var result: [String: TargetSet] = [:]
        for map in maps.maps {
            result[map.id] = try load(map.id == view.id ? value : nil, registry: map.registry, mapName: map.id)
        }
        return result
    }
}

extension AreaRegistryOption {
    /// The id of the map `value` names: the bundled map's name, or a file's name without its extension
    /// (leaf counters are keyed by it, so keep it when the file is updated).
    public static func mapName(_ value: String?) -> String {
        guard let value, value != BundledAreas.mapSetName else { return BundledAreas.twoLevel2025Name }
        if BundledAreas.registry(named: value) != nil { return value }
        return URL(fileURLWithPath: value).deletingPathExtension().lastPathComponent
    }
}
