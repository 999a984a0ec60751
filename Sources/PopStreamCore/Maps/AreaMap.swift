/// One area map: the hierarchy of local government in force from its first day until the next map's.
///
/// Codes are only unique within a map: the reorganisation of 1 July 2025 reused 358 of the 359 new
/// commune codes for different areas, so an area is known as (map, code).
public struct AreaMap: Sendable {
    /// The map's id, e.g. `two-level-2025-07`. Leaf counters and unit states are stored under it.
    public let id: String
    /// The first day the map is in force. The earliest map of a set also covers the days before.
    public let firstDay: LocalDate
    /// The areas and their hierarchy.
    public let registry: AreaRegistry

    /// A map `id` in force from `firstDay`.
    public init(id: String, firstDay: LocalDate, registry: AreaRegistry) {
        self.id = id
        self.firstDay = firstDay
        self.registry = registry
    }
}
