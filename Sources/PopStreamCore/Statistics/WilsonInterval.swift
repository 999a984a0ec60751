/// The 95% Wilson score interval of a binomial proportion `k / n`.
public struct WilsonInterval: Hashable, Sendable {
    /// The two-sided 95% normal quantile.
    public static let z95 = 1.959963984540054

    /// Lower bound of the proportion, in 0...1.
    public let lower: Double
    /// Upper bound of the proportion, in 0...1.
    public let upper: Double

    /// The interval of `successes` out of `trials`; `nil` when `trials` is 0 or the counts are inconsistent.
    ///
    /// Closed form: centre `(p + z²/2n) / (1 + z²/n)`, half-width `z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)`;
    /// the bounds are exactly 0 when `k = 0` and exactly 1 when `k = n`.
    public init?(successes: Int64, trials: Int64, z: Double = WilsonInterval.z95) {
        guard trials > 0, successes >= 0, successes <= trials else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let scale = 1 + z2 / n
        let centre = (p + z2 / (2 * n)) / scale
        let half = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot() / scale
        lower = successes == 0 ? 0 : max(0, centre - half)
        upper = successes == trials ? 1 : min(1, centre + half)
    }
}
