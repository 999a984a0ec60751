/// How often and how patiently one destination retries one alert: exponential backoff with a cap and jitter.
///
/// Attempt `n` (from 1) that failed is followed, when `n < attempts`, by a wait of
/// `min(maxDelay, initialDelay * 2^(n-1))`, of which the upper half is random ("equal jitter"): never
/// less than half the nominal delay, so a flapping receiver is not hammered, and never two destinations
/// (or two notifiers) retrying in lockstep.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts per alert and destination, the first included (at least 1).
    public var attempts: Int
    /// The nominal wait after the first failed attempt.
    public var initialDelay: Duration
    /// The cap of the nominal wait.
    public var maxDelay: Duration

    /// A policy; `attempts` is clamped to at least 1 and the delays to at least zero.
    public init(attempts: Int, initialDelay: Duration, maxDelay: Duration) {
        self.attempts = max(1, attempts)
        self.initialDelay = max(.zero, initialDelay)
        self.maxDelay = max(.zero, maxDelay)
    }

    /// 6 attempts, 0.5 s doubling up to 30 s: about 15 s of waiting in all before giving up.
    public static let standard = RetryPolicy(attempts: 6, initialDelay: .milliseconds(500), maxDelay: .seconds(30))

    /// The nominal (jitter-free) wait after failed attempt `attempt` (1-based).
    public func nominalDelay(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(0, attempt - 1), 40)
        let nominal = initialDelay * (1 << exponent)
        return min(nominal, maxDelay)
    }

    /// The wait after failed attempt `attempt`: half the nominal delay plus a random share of the other half.
    /// `unitRandom` returns a value in `0..<1` (injected so that tests are deterministic).
    public func delay(afterAttempt attempt: Int, unitRandom: () -> Double = { Double.random(in: 0..<1) }) -> Duration {
        let half = nominalDelay(afterAttempt: attempt) / 2
        let share = min(max(unitRandom(), 0), 1)
        return half + half * share
    }
}
