/// The simulator's only source of randomness: `SplitMix64` from a seed, with the draws it needs.
///
/// Every draw goes through one generator in a fixed order, so the same seed and settings give the same
/// messages byte for byte.
struct SimulationRandom {
    private var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// A uniform integer in `0..<bound` (`bound` > 0).
    mutating func below(_ bound: Int) -> Int {
        Int(generator.next() % UInt64(max(1, bound)))
    }

    /// A uniform number in `[0, 1)` with 53 random bits.
    mutating func unit() -> Double {
        Double(generator.next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `probability` (clamped to 0...1).
    mutating func chance(_ probability: Double) -> Bool { unit() < probability }

    /// An index drawn with the given cumulative weights (ascending, last = total > 0).
    mutating func index(cumulative: [Double]) -> Int {
        guard let total = cumulative.last, total > 0 else { return 0 }
        let target = unit() * total
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// An element of a non-empty array, uniformly.
    mutating func element<T>(of values: [T]) -> T { values[below(values.count)] }
}

/// Running sums of weights, for `SimulationRandom.index(cumulative:)`.
func cumulativeSums(_ weights: [Double]) -> [Double] {
    var total = 0.0
    return weights.map { weight in
        total += max(0, weight)
        return total
    }
}
