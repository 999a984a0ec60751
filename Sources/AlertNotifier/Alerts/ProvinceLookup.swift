import PopStreamCore

/// The province an alert's area belongs to, from the area registry (itself when it is a province).
/// Alertmanager routes per province on the `province` label this gives.
struct ProvinceLookup: Sendable {
    let registry: AreaRegistry

    /// The province-level area containing `code` (or `code` itself), nil when the code is unknown or above
    /// the provinces (national).
    func province(of code: String) -> Area? {
        for ancestor in registry.selfAndAncestors(of: code) {
            if let area = registry.area(ancestor), area.level == "province" { return area }
        }
        return nil
    }
}
