import ArgumentParser
import PopStreamCore

/// `--areas`, `--map` and `--targets`, as the workers, `report` and `serve` all take them: the area maps, the
/// map figures are read on (alerts are evaluated on it too) and the targets, resolved alike everywhere so
/// that report statuses agree with the alerts.
struct AreaMapArguments: ParsableArguments {
    @Option(help: "Area maps: bundled (default: both bundled maps with their dates), one bundled map (two-level-2025-07, three-level-2025-03), a registry CSV file or a map manifest JSON.")
    var areas: String?

    @Option(help: "The area map figures are read on and alerts evaluated on (default: the map in force today); the other maps' figures are carried over.")
    var map: String?

    @Option(help: "Targets of that map: a bundled set (the map's name) or a targets JSON file (default: each map's bundled targets).")
    var targets: String?

    /// The maps, the view on the chosen map, and every map's targets.
    /// - Throws: ``ConfigurationError`` (exit 2) for an unreadable or invalid file, or an unknown `--map`.
    func resolve() throws -> (view: MapView, targets: [String: TargetSet]) {
        let maps = try AreaMapsOption.load(areas)
        let chosen = try AreaMapsOption.viewMap(map, in: maps)
        return (AreaMapsOption.view(maps, on: chosen), try TargetsOption.load(targets, maps: maps, view: chosen))
    }
}
