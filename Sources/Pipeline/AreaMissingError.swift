import PopStreamCore

/// A unit's stored or new contribution lies in an area the window's area map does not have (the map
/// lost an area that stored units still count in), or on a map the deployment no longer has. The window
/// cannot be computed exactly, so a worker must stop before committing anything, naming the code and
/// the map.
public struct AreaMissingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The area code the map lacks (empty when the whole map is missing).
    public let areaCode: String
    /// The unit's kind.
    public let kind: EventKind
    /// The area map of the contribution.
    public let map: String
    /// True when the deployment has no map with this id at all.
    public let mapUnknown: Bool

    /// The error for `areaCode` missing from `map` (or, with `mapUnknown`, for the map missing).
    public init(areaCode: String, kind: EventKind, map: String, mapUnknown: Bool = false) {
        self.areaCode = areaCode
        self.kind = kind
        self.map = map
        self.mapUnknown = mapUnknown
    }

    /// One line naming the code and the map.
    public var description: String {
        if mapUnknown {
            return "a stored unit counts on the area map '\(map)', which this deployment does not have: "
                + "add the map back (--areas) before going on (nothing of this window was committed)"
        }
        return "a \(kind.rawValue) unit counts in area \(areaCode), which the area map '\(map)' does not have: "
            + "restore the area in the registry before going on (nothing of this window was committed)"
    }
}
