import PopStreamCore

/// Everything the generated messages depend on: the same settings give the same messages, byte for byte.
struct SimulationSettings: Sendable {
    /// Seed of the random draws.
    var seed: UInt64
    /// The simulation clock at the start of the run, seconds since 1970 (UTC): message `i` is recorded at
    /// `clock + i / rate`, and anchor dates fall in the clock's year up to its (Vietnam) date.
    var clock: Double
    /// Messages per second (of simulated time; the command also paces real time with it).
    var rate: Double
    /// The kinds generated.
    var kinds: [EventKind] = EventKind.allCases
    /// Share of malformed messages (0...1).
    var badShare: Double = 0.01
    /// Anomalies.
    var scenario: SimulationScenario = .none
    /// The area registry (lowest-level areas are the communes events live in).
    var registry: AreaRegistry = BundledAreas.defaultRegistry
    /// The first day an anchor date may fall on when it is after 1 January of the clock's year: the first day of
    /// the registry's map, whose codes would mean other areas (or none) on an earlier date.
    var earliestAnchor: LocalDate?
    /// What is known of the registry's areas (population, local baselines, ethnicity).
    var reference: AreaReferenceData = .bundled(named: BundledAreas.twoLevel2025Name)
}
