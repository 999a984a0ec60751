/// Lets a warning repeated in a retry loop through the first time, then at most once per `interval`.
struct WarningThrottle {
    let interval: Duration
    private var last: ContinuousClock.Instant?

    init(interval: Duration = .seconds(30)) {
        self.interval = interval
    }

    /// Whether to log now (and, if so, counts this as logged).
    mutating func isDue() -> Bool {
        let now = ContinuousClock.now
        if let last, now - last < interval { return false }
        last = now
        return true
    }
}
