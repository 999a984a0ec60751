/// Check 11 of the documented order (docs/events.md, "Check precedence"): the event is placed on an area
/// map, and `areaCode` must be an area at the lowest level of that map (contract section 2), else
/// `unknown_area` with a detail naming the map.
enum AreaRule {
    /// The map of an event: the one its `areaMap` names, else the one in force on `anchor` (its anchor
    /// date; `nil` for a retraction, which has no body). Returns the map's id (`nil` for the unnamed map
    /// of a single-map decoder).
    ///
    /// A retraction without `areaMap` is accepted when its code is a lowest-level area of any map, since
    /// it only removes what was stored: it is placed on the latest such map.
    static func place(_ areaCode: String, explicitMap: String?, anchor: LocalDate?,
                      in maps: AreaMapSet) throws(EventRejection) -> String? {
        // The map's position, not a copy of it (every event is placed).
        let position: Int
        if let explicitMap {
            guard let named = maps.position(id: explicitMap) else {
                throw EventRejection(.unknownArea, "areaMap: \(DetailText.quoted(explicitMap)) is not an area map of this "
                                     + "deployment (maps: \(maps.ids.joined(separator: ", ")))")
            }
            position = named
        } else if let anchor {
            position = maps.position(on: anchor)
        } else {
            position = maps.maps.lastIndex { $0.registry.isLowestLevel(areaCode) } ?? maps.maps.count - 1
        }
        try check(areaCode, in: maps.maps[position])
        let id = maps.maps[position].id
        return id.isEmpty ? nil : id
    }

    /// Accepts an area with no area below it on `map`; refuses a code that is not on the map, and a
    /// code of an area that has areas below it (`VN`, a province, a district).
    static func check(_ areaCode: String, in map: AreaMap) throws(EventRejection) {
        let registry = map.registry
        if registry.isLowestLevel(areaCode) { return }
        let code = DetailText.quoted(areaCode)
        let named = map.id.isEmpty ? nil : "the area map \(map.id)"
        guard let area = registry.area(areaCode) else {
            throw EventRejection(.unknownArea, "areaCode: \(code) is not in \(named ?? "the area registry")")
        }
        throw EventRejection(.unknownArea, "areaCode: \(code) is \(DetailText.withArticle(area.level)) area, "
                             + "not a lowest-level area of \(named ?? "the registry")")
    }
}
