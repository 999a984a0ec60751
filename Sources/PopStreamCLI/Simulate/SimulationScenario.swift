import PopStreamCore

/// Anomalies injected into the simulated traffic (`popstream simulate --scenario FILE`); format in
/// docs/simulator.md, "Scenario files".
struct SimulationScenario: Sendable, Equatable {
    /// An optional name, printed in the summary.
    var name: String?
    /// The anomalies, in file order (the first one that applies to an event's area and indicator wins).
    var anomalies: [Anomaly] = []

    /// No anomaly: the baseline traffic.
    static let none = SimulationScenario()

    /// One indicator held at a value in an area, optionally for a window of the run.
    struct Anomaly: Sendable, Equatable {
        /// A label for the summary (defaults to `indicator@area`).
        var id: String
        /// An area of the registry, at any level: the anomaly applies to the communes at or under it.
        var area: String
        /// The indicator affected (its kind follows).
        var indicator: IndicatorID
        /// The value the indicator is held at, in its unit (% or boys per 100 girls).
        var value: Double
        /// Share (0...1) of the kind's new units placed in `area` while the anomaly is active, on top of those
        /// that land there by population: what makes a small area reach the minimum denominators quickly.
        var share: Double = 0
        /// Seconds from the start of the run when it begins (default 0).
        var start: Double = 0
        /// Seconds from the start of the run when it ends (default: never).
        var end: Double?

        /// The kind of events it changes.
        var kind: EventKind { indicator.kind }

        /// True at `offset` seconds into the run.
        func isActive(at offset: Double) -> Bool { offset >= start && (end.map { offset < $0 } ?? true) }
    }
}
