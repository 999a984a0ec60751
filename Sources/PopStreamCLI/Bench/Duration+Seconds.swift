extension Duration {
    /// The duration in seconds, for the benchmarks' rates.
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
