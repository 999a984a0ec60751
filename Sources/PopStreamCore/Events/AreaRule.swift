/// Check 11 of the documented order (docs/events.md, "Check precedence"): `areaCode` must be an area
/// at the lowest level of the registry (contract section 2), else `unknown_area`.
enum AreaRule {
    /// Accepts an area with no area below it in `registry`; refuses a code that is not in the registry,
    /// and a code of an area that has areas below it (`VN`, a province, a district).
    static func check(_ areaCode: String, in registry: AreaRegistry) throws(EventRejection) {
        if registry.isLowestLevel(areaCode) { return }
        let code = DetailText.quoted(areaCode)
        guard let area = registry.area(areaCode) else {
            throw EventRejection(.unknownArea, "areaCode: \(code) is not in the area registry")
        }
        throw EventRejection(.unknownArea, "areaCode: \(code) is \(DetailText.withArticle(area.level)) area, "
                             + "not a lowest-level area of the registry")
    }
}
