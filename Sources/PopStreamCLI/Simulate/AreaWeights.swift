import PopStreamCore

/// How often each lowest-level area (commune) of a registry produces events: in proportion to its
/// population, as far as `AreaReferenceData` knows it.
///
/// Estimate of an area: its figure when the table has one, else the sum of its children's estimates
/// (a commune without a figure counts `defaultLowestLevelPopulation`). An area with a figure hands it down:
/// children with figures keep theirs, the others share what is left in proportion to their estimates.
struct AreaWeights: Sendable {
    /// The lowest-level areas of the registry, in registry order.
    let leaves: [String]
    /// The population weight of each leaf (same order).
    let weights: [Double]
    /// Running sums of `weights`.
    let cumulative: [Double]

    init(registry: AreaRegistry, table: AreaReferenceData) {
        var estimates: [String: Double] = [:]
        func estimate(_ code: String) -> Double {
            if let known = estimates[code] { return known }
            let children = registry.children(of: code)
            let value = table.population[code]
                ?? (children.isEmpty ? table.defaultLowestLevelPopulation : children.reduce(0) { $0 + estimate($1.code) })
            estimates[code] = value
            return value
        }
        var population: [String: Double] = [:]
        func distribute(_ code: String, _ total: Double) {
            let children = registry.children(of: code)
            guard !children.isEmpty else {
                population[code] = total
                return
            }
            let knownTotal = children.reduce(0.0) { $0 + (table.population[$1.code] ?? 0) }
            let unknownEstimate = children.filter { table.population[$0.code] == nil }.reduce(0.0) { $0 + estimate($1.code) }
            let remainder = max(0, total - knownTotal)
            for child in children {
                if let figure = table.population[child.code] {
                    distribute(child.code, figure)
                } else if table.population[code] == nil {
                    // Nothing to share out: the child keeps its own estimate (exact, no rounding).
                    distribute(child.code, estimate(child.code))
                } else {
                    let share = unknownEstimate > 0 ? estimate(child.code) / unknownEstimate : 0
                    distribute(child.code, remainder * share)
                }
            }
        }
        for root in registry.roots { distribute(root.code, estimate(root.code)) }
        let leaves = registry.areas.map(\.code).filter { registry.isLowestLevel($0) }
        self.leaves = leaves
        self.weights = leaves.map { population[$0] ?? 0 }
        self.cumulative = cumulativeSums(weights)
    }

    /// The population weight of `code` (a leaf, or the sum of its leaves for a higher area).
    func weight(of code: String, registry: AreaRegistry) -> Double {
        zip(leaves, weights).reduce(0) { registry.isSelfOrDescendant($1.0, of: code) ? $0 + $1.1 : $0 }
    }

    /// The leaves at or under `code`, with their running weights (for a draw inside one area).
    func leaves(under code: String, registry: AreaRegistry) -> (codes: [String], cumulative: [Double]) {
        let inside = leaves.indices.filter { registry.isSelfOrDescendant(leaves[$0], of: code) }
        return (inside.map { leaves[$0] }, cumulativeSums(inside.map { weights[$0] }))
    }

    /// A leaf drawn in proportion to population.
    func draw(_ random: inout SimulationRandom) -> String { leaves[random.index(cumulative: cumulative)] }
}
