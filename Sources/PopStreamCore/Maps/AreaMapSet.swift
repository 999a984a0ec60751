/// The area maps of a deployment, each in force from its first day, and the crosswalks between them.
///
/// Every event is placed on the map in force on its anchor date (``map(on:)``) unless it names one;
/// figures are read on one chosen map, with those recorded on the others carried over through the
/// crosswalks (``MapCarryOver``). A deployment with a single map behaves as before maps had dates.
public struct AreaMapSet: Sendable {
    /// A crosswalk from the units of one map to the lowest-level areas of another (usually the next).
    public struct Link: Sendable {
        /// The map whose units the crosswalk's `oldCode`s are.
        public let from: String
        /// The map whose lowest-level areas the crosswalk's `newCode`s are.
        public let to: String
        /// The rows.
        public let crosswalk: AreaCrosswalk

        /// A crosswalk from map `from` to map `to`.
        public init(from: String, to: String, crosswalk: AreaCrosswalk) {
            self.from = from
            self.to = to
            self.crosswalk = crosswalk
        }
    }

    /// The maps, earliest first day first.
    public let maps: [AreaMap]
    /// The crosswalks between maps.
    public let links: [Link]
    private let indexById: [String: Int]

    /// A set of `maps` (any order) joined by `links`.
    ///
    /// - Throws: ``AreaMapSetError`` for no map, a duplicate id or first day, a crosswalk between
    ///   unknown maps or naming a code that is not a lowest-level area of its map.
    public init(maps: [AreaMap], links: [Link] = []) throws(AreaMapSetError) {
        guard !maps.isEmpty else { throw AreaMapSetError("no area map") }
        let sorted = maps.sorted { $0.firstDay < $1.firstDay }
        var index: [String: Int] = [:]
        for (position, map) in sorted.enumerated() {
            guard !map.id.isEmpty else { throw AreaMapSetError("a map has an empty id") }
            if index.updateValue(position, forKey: map.id) != nil { throw AreaMapSetError("map \(map.id) is given twice") }
            if position > 0, sorted[position - 1].firstDay == map.firstDay {
                throw AreaMapSetError("maps \(sorted[position - 1].id) and \(map.id) have the same first day \(map.firstDay)")
            }
        }
        for link in links {
            guard let from = index[link.from].map({ sorted[$0] }), let to = index[link.to].map({ sorted[$0] }) else {
                throw AreaMapSetError("crosswalk \(link.from) -> \(link.to): unknown map")
            }
            guard from.id != to.id else { throw AreaMapSetError("crosswalk \(link.from) -> \(link.to): same map") }
            for entry in link.crosswalk.entries {
                guard from.registry.isLowestLevel(entry.oldCode) else {
                    throw AreaMapSetError("crosswalk \(link.from) -> \(link.to): \(entry.oldCode) is not a lowest-level area of \(link.from)")
                }
                guard to.registry.isLowestLevel(entry.newCode) else {
                    throw AreaMapSetError("crosswalk \(link.from) -> \(link.to): \(entry.newCode) is not a lowest-level area of \(link.to)")
                }
            }
        }
        self.maps = sorted
        self.links = links
        self.indexById = index
    }

    /// A set of one map, in force on every date.
    public static func single(_ registry: AreaRegistry, id: String) -> AreaMapSet {
        let map = AreaMap(id: id, firstDay: LocalDate.earliest, registry: registry)
        // One map with a non-empty id and no crosswalk cannot fail the checks.
        return (try? AreaMapSet(maps: [map])) ?? AreaMapSet(unchecked: [map])
    }

    private init(unchecked maps: [AreaMap]) {
        self.maps = maps
        self.links = []
        self.indexById = Dictionary(uniqueKeysWithValues: maps.enumerated().map { ($1.id, $0) })
    }

    /// The map with this id, or `nil`.
    public func map(id: String) -> AreaMap? { position(id: id).map { maps[$0] } }

    /// The position in `maps` of the map with this id, or `nil`.
    public func position(id: String) -> Int? { indexById[id] }

    /// The map in force on `date`: the one with the latest first day on or before it (the earliest map
    /// for a date before every first day).
    public func map(on date: LocalDate) -> AreaMap { maps[position(on: date)] }

    /// The position in `maps` of the map in force on `date` (see ``map(on:)``): no map is copied, which the
    /// decoder, placing every event, avoids.
    public func position(on date: LocalDate) -> Int {
        var chosen = 0
        for position in maps.indices.dropFirst() where maps[position].firstDay <= date { chosen = position }
        return chosen
    }

    /// The days on which map `id` is in force: from its first day (`nil` for the earliest map, which is also
    /// used for every earlier date) to the day before the next map's (`nil` for the latest); `nil` for an
    /// unknown id.
    public func days(of id: String) -> (first: LocalDate?, last: LocalDate?)? {
        let sorted = maps.sorted { $0.firstDay < $1.firstDay }
        guard let position = sorted.firstIndex(where: { $0.id == id }) else { return nil }
        let first = position == 0 ? nil : sorted[position].firstDay
        let last = position + 1 < sorted.count ? sorted[position + 1].firstDay.adding(days: -1) : nil
        return (first, last)
    }

    /// The map in force on `today`: the default map of reports, the API and alert evaluation.
    public func current(today: LocalDate) -> AreaMap { map(on: today) }

    /// The map ids, earliest first.
    public var ids: [String] { maps.map(\.id) }

    /// The crosswalk from `from` to `to`, read forwards, or that from `to` to `from`, read backwards.
    public func link(from: String, to: String) -> (link: Link, forward: Bool)? {
        if let link = links.first(where: { $0.from == from && $0.to == to }) { return (link, true) }
        if let link = links.first(where: { $0.from == to && $0.to == from }) { return (link, false) }
        return nil
    }
}

/// An area map set that cannot be used; one line saying why.
public struct AreaMapSetError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// The error `message`.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

extension LocalDate {
    /// 0001-01-01: the first day of a map that is in force on every date.
    public static let earliest = LocalDate(unchecked: 1, 1, 1)
}
