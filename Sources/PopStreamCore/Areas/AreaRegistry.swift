/// The area hierarchy, loaded from data (`code,name,level,parentCode`), never from code.
///
/// Ancestor chains and children are computed once at load so that the hot paths (checking an event's
/// area, rolling a unit up to every ancestor) are one dictionary look-up each.
public struct AreaRegistry: Sendable {
    /// Every area, in file order.
    public let areas: [Area]
    private let indexByCode: [String: Int]
    /// For each area (by index): itself followed by its ancestors up to the root.
    private let chains: [[String]]
    private let childIndices: [[Int]]

    /// Builds a registry from areas, checking it is a forest: unique non-empty codes, non-empty
    /// names and levels, known parents, no cycles. `lineNumbers[i]` (when given) names the source
    /// line of `areas[i]` in errors.
    public init(areas: [Area], lineNumbers: [Int]? = nil) throws(AreaRegistryError) {
        func line(_ index: Int) -> Int { lineNumbers?[index] ?? index + 1 }
        var index: [String: Int] = [:]
        index.reserveCapacity(areas.count)
        for (position, area) in areas.enumerated() {
            if area.code.isEmpty { throw AreaRegistryError(line: line(position), message: "empty code") }
            if area.name.isEmpty { throw AreaRegistryError(line: line(position), message: "empty name for area \(area.code)") }
            if area.level.isEmpty { throw AreaRegistryError(line: line(position), message: "empty level for area \(area.code)") }
            if let first = index[area.code] {
                throw AreaRegistryError(line: line(position), message: "duplicate code \(area.code) (first on line \(line(first)))")
            }
            index[area.code] = position
        }
        var children = Array(repeating: [Int](), count: areas.count)
        for (position, area) in areas.enumerated() {
            guard let parent = area.parentCode else { continue }
            guard let parentIndex = index[parent] else {
                throw AreaRegistryError(line: line(position), message: "unknown parent \(parent) of area \(area.code)")
            }
            children[parentIndex].append(position)
        }
        var chains = Array(repeating: [String](), count: areas.count)
        for (position, area) in areas.enumerated() {
            var chain = [area.code]
            var seen: Set<String> = [area.code]
            var current = area
            while let parent = current.parentCode, let parentIndex = index[parent] {
                if !seen.insert(parent).inserted {
                    throw AreaRegistryError(line: line(position), message: "cycle through area \(area.code) and its parent \(parent)")
                }
                chain.append(parent)
                current = areas[parentIndex]
            }
            chains[position] = chain
        }
        self.areas = areas
        self.indexByCode = index
        self.chains = chains
        self.childIndices = children
    }

    /// The area with this code, or `nil`.
    public func area(_ code: String) -> Area? { indexByCode[code].map { areas[$0] } }

    /// True when `code` is an area of the registry, at any level.
    public func contains(_ code: String) -> Bool { indexByCode[code] != nil }

    /// True when `code` is an area of the registry with no area below it: the lowest level of the
    /// hierarchy where that area lies (a commune or ward; an area the file gives no children, such as
    /// the old district of Lý Sơn, which had no communes). `false` for an unknown code.
    ///
    /// Events must name such an area (contract section 2: the lowest level of the area registry).
    public func isLowestLevel(_ code: String) -> Bool {
        guard let index = indexByCode[code] else { return false }
        return childIndices[index].isEmpty
    }

    /// The area itself followed by its ancestors, nearest first (`[commune, district, province, ...]`);
    /// empty for an unknown code.
    public func selfAndAncestors(of code: String) -> [String] { indexByCode[code].map { chains[$0] } ?? [] }

    /// The ancestors of an area, nearest first (without the area itself).
    public func ancestors(of code: String) -> [Area] {
        selfAndAncestors(of: code).dropFirst().compactMap { area($0) }
    }

    /// The parent of an area, or `nil` for a root or an unknown code.
    public func parent(of code: String) -> Area? { area(code)?.parentCode.flatMap { area($0) } }

    /// Direct children, in file order.
    public func children(of code: String) -> [Area] {
        indexByCode[code].map { childIndices[$0].map { areas[$0] } } ?? []
    }

    /// Areas with no parent, in file order.
    public var roots: [Area] { areas.filter { $0.parentCode == nil } }

    /// Level names in the order they first appear in the file (top levels usually first).
    public var levels: [String] {
        var seen: Set<String> = []
        return areas.compactMap { seen.insert($0.level).inserted ? $0.level : nil }
    }

    /// True when `code` is `ancestor` or lies below it.
    public func isSelfOrDescendant(_ code: String, of ancestor: String) -> Bool {
        selfAndAncestors(of: code).contains(ancestor)
    }
}

/// A registry file that is not a valid hierarchy; `line` is the 1-based line of the offending row.
public struct AreaRegistryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line of the offending row.
    public let line: Int
    /// What is wrong with it.
    public let message: String

    /// An error about `line`.
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    /// `area registry line N: message`.
    public var description: String { "area registry line \(line): \(message)" }
}
