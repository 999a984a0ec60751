import PopStreamCore

/// A unit's stored or new contribution lies in an area the window's area map does not have (the map
/// lost an area that stored units still count in). The window cannot be computed exactly, so a
/// worker must stop before committing anything, naming the code and the map.
public struct AreaMissingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The area code the map lacks.
    public let areaCode: String
    /// The unit's kind.
    public let kind: EventKind
    /// The area map in use.
    public let map: String

    /// The error for `areaCode` missing from `map`.
    public init(areaCode: String, kind: EventKind, map: String) {
        self.areaCode = areaCode
        self.kind = kind
        self.map = map
    }

    /// One line naming the code and the map.
    public var description: String {
        "a \(kind.rawValue) unit counts in area \(areaCode), which the area map '\(map)' does not have: "
            + "restore the area in the registry before going on (nothing of this window was committed)"
    }
}
