/// The targets shipped inside the package, one set per bundled area map, as JSON text in the targets
/// file format, so that bundled targets and `--targets` files go through the same parser and checks.
/// Where every figure comes from: docs/indicators.md, "Bundled targets".
public enum BundledTargets {
    /// Targets for the two-level map in force since 1 July 2025 (the default).
    public static let twoLevel2025Name = "two-level-2025-07"
    /// Targets for the three-level map in force before 1 July 2025 (data date 1 March 2025).
    public static let threeLevel2025Name = "three-level-2025-03"
    /// The bundled names, default first (the same names as the bundled area maps).
    public static let names = [twoLevel2025Name, threeLevel2025Name]

    /// The targets file of the bundled set `name`, or `nil` for an unknown name.
    public static func json(named name: String) -> String? {
        switch name {
        case twoLevel2025Name: twoLevel2025JSON
        case threeLevel2025Name: threeLevel2025JSON
        default: nil
        }
    }

    /// The bundled set `name` validated against `registry` (the bundled map of the same name);
    /// `nil` for an unknown name.
    public static func targets(named name: String, registry: AreaRegistry) throws(TargetsError) -> TargetSet? {
        guard let json = json(named: name) else { return nil }
        return try TargetSet(json: json, registry: registry)
    }

    /// The national plan of the bundled targets (`vn-resolution-21`, on `VN`), the default targets of a map of
    /// the operator's own: its goals hold for every Vietnamese map, while the provincial plans name areas of the
    /// bundled maps, whose codes a map of another date reuses for other areas. No targets when the map has no
    /// area `VN`.
    public static func national(registry: AreaRegistry) throws(TargetsError) -> TargetSet {
        guard registry.contains("VN") else { return .empty(registry: registry) }
        return try TargetSet(json: file([nationalPlanJSON]), registry: registry)
    }

    /// Plans on `VN` and Điện Biên (`11`): the same in both maps.
    static let sharedPlans = [nationalPlanJSON, dienBienPlanJSON]

    static func file(_ plans: [String]) -> String { "{ \"plans\": [\n" + plans.joined(separator: ",\n") + "\n] }\n" }
}
