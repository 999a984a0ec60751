/// How the lowest-level areas of one map are carried onto another through their crosswalk, so that
/// figures recorded on either map can be read on the other.
///
/// Each source area's units go, whole, to one destination area (``Placement/destination``), so counts
/// stay integers and every area that contains all of a source's destinations (every province, for the
/// 2025 reform) gets exactly its figures. The rule (docs/areas.md, "Carrying figures over"):
/// - forwards (old unit -> new commune): the only new commune of an old unit that went whole; for a
///   split unit, the new commune that kept its code, else the first one the crosswalk lists;
/// - backwards (new commune -> old unit): the only old unit of a new commune made of one whole old unit;
///   otherwise the old unit whose code the new commune kept, else the first one listed.
/// A placement is exact only in the first case of each direction. An inexact one names the areas whose
/// figures it makes approximate: every destination it might have gone to and their ancestors, except
/// the ancestors common to all of them.
public struct MapCarryOver: Sendable {
    /// Where one source area's figures go.
    public struct Placement: Sendable, Hashable {
        /// The lowest-level area of the target map that receives the figures.
        public let destination: String
        /// True when the source area lies wholly within `destination` (and, backwards, is all of it).
        public let exact: Bool
        /// Areas of the target map (lowest level and ancestors) whose figures become approximate when
        /// the source has figures: empty when `exact`.
        public let approximates: [String]
    }

    /// The map figures are recorded on.
    public let source: String
    /// The map they are read on.
    public let target: String
    private let placements: [String: Placement]
    /// Every destination a source area went to, in whole or in part.
    private let destinationsBySource: [String: [String]]
    /// Every source area that went, in whole or in part, into a destination.
    private let sourcesByDestination: [String: Set<String>]

    /// The carry-over from map `source` to map `target` of `maps`, or `nil` when no crosswalk joins them.
    public init?(from source: String, to target: String, in maps: AreaMapSet) {
        guard let (link, forward) = maps.link(from: source, to: target), let targetMap = maps.map(id: target) else { return nil }
        self.source = source
        self.target = target
        let crosswalk = link.crosswalk
        var placements: [String: Placement] = [:]
        var destinationsBySource: [String: [String]] = [:]
        var sourcesByDestination: [String: Set<String>] = [:]
        let sources = Set(crosswalk.entries.map { forward ? $0.oldCode : $0.newCode })
        for code in sources {
            let rows = forward ? crosswalk.entries(forOldCode: code) : crosswalk.entries(forNewCode: code)
            let destinations = rows.map { forward ? $0.newCode : $0.oldCode }
            guard let first = destinations.first else { continue }
            destinationsBySource[code] = destinations
            for destination in destinations { sourcesByDestination[destination, default: []].insert(code) }
            let destination = destinations.contains(code) ? code : first
            let exact: Bool
            if forward {
                exact = rows.count == 1 && rows[0].part == .full
            } else {
                exact = rows.count == 1 && rows[0].part == .full && crosswalk.entries(forOldCode: rows[0].oldCode).count == 1
            }
            placements[code] = Placement(destination: destination, exact: exact,
                                         approximates: exact ? [] : Self.approximated(destinations, on: targetMap.registry))
        }
        self.placements = placements
        self.destinationsBySource = destinationsBySource
        self.sourcesByDestination = sourcesByDestination
    }

    /// Where the figures of `area` (a lowest-level area of the source map) go; `nil` when the crosswalk
    /// does not name it (its figures cannot be carried over).
    public func placement(of area: String) -> Placement? { placements[area] }

    /// The source areas whose figures can land in, or make approximate, an area of `areas` (target map).
    public func sources(reaching areas: Set<String>) -> Set<String> {
        var result: Set<String> = []
        for (code, placement) in placements
        where areas.contains(placement.destination) || placement.approximates.contains(where: areas.contains) {
            result.insert(code)
        }
        return result
    }

    /// The lowest-level areas of the target map that cover the source areas `sources` (all the lowest-level
    /// areas under an area of the source map that the target map no longer has, such as an old district):
    /// every area any of them went into, wholly or in part. `exact` when those areas hold nothing else:
    /// each one was made of parts of `sources` only.
    public func cover(of sources: Set<String>) -> (areas: [String], exact: Bool) {
        var areas: Set<String> = []
        for source in sources { areas.formUnion(destinationsBySource[source] ?? []) }
        let exact = sources.allSatisfy { destinationsBySource[$0] != nil }
            && areas.allSatisfy { (sourcesByDestination[$0] ?? []).isSubset(of: sources) }
        return (areas.sorted(), exact)
    }

    /// Every destination and its ancestors, less the ancestors every destination shares (only the
    /// destination itself when there is one).
    private static func approximated(_ destinations: [String], on registry: AreaRegistry) -> [String] {
        if destinations.count == 1 { return destinations }
        let chains = destinations.map { registry.selfAndAncestors(of: $0) }
        guard let firstChain = chains.first else { return [] }
        let common = chains.dropFirst().reduce(Set(firstChain)) { $0.intersection($1) }
        var seen: Set<String> = []
        return chains.flatMap { $0 }.filter { !common.contains($0) && seen.insert($0).inserted }
    }
}
