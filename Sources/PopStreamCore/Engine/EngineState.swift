/// Unit states and counters kept in memory: the whole engine without a store (tests, benchmarks, tools).
public struct EngineState: Sendable {
    /// The engine (and registry) applied.
    public let engine: IndicatorEngine
    /// The stored state of every unit seen.
    public private(set) var units: [UnitKey: UnitState] = [:]
    /// The counters of every row that ever existed (rows may stay with zeros after retractions).
    public private(set) var counters: [AggregateKey: CounterDelta] = [:]

    /// An empty state.
    public init(engine: IndicatorEngine) { self.engine = engine }

    /// Applies one event and merges its deltas at once.
    ///
    /// - Throws: ``UnknownAreaError`` when a contribution's area is not in the registry (nothing changes).
    @discardableResult
    public mutating func apply(_ event: HealthEvent) throws(UnknownAreaError) -> ApplyOutcome {
        var batch = engine.makeBatch()
        let outcome = try apply(event, into: &batch)
        merge(batch)
        return outcome
    }

    /// Applies a batch of events in order, merging their deltas once at the end (as a worker does).
    @discardableResult
    public mutating func apply(batch events: [HealthEvent]) throws(UnknownAreaError) -> [ApplyOutcome] {
        var batch = engine.makeBatch()
        var outcomes: [ApplyOutcome] = []
        outcomes.reserveCapacity(events.count)
        for event in events { outcomes.append(try apply(event, into: &batch)) }
        merge(batch)
        return outcomes
    }

    /// Applies one event to its unit, storing the new state and accumulating the deltas into `batch`.
    public mutating func apply(_ event: HealthEvent, into batch: inout DeltaBatch) throws(UnknownAreaError) -> ApplyOutcome {
        if event.retractsEveryPersonYear {
            let years = units.keys.compactMap { key in
                key.kind == event.kind && key.subjectId == event.envelope.subjectId ? key.reportingYear : nil
            }
            var outcomes: [ApplyOutcome] = []
            for year in years.sorted() { outcomes.append(try apply(event.forPersonYear(year), into: &batch)) }
            outcomes.append(try applyToUnit(event, into: &batch))   // the subject's retraction mark
            return .combined(outcomes)
        }
        return try applyToUnit(event, into: &batch)
    }

    /// Applies one event to its one unit; a person-year with no state starts from its subject's retraction mark.
    private mutating func applyToUnit(_ event: HealthEvent, into batch: inout DeltaBatch) throws(UnknownAreaError) -> ApplyOutcome {
        let key = event.unitKey
        let result = engine.apply(event, current: units[key] ?? key.subjectRetractionMark.flatMap { units[$0] })
        try batch.add(result)
        if result.stateChanged, let state = result.state { units[key] = state }
        return result.outcome
    }

    /// Adds a batch's deltas to the counters.
    public mutating func merge(_ batch: DeltaBatch) {
        batch.forEachDelta { key, delta in counters[key, default: .zero] += delta }
    }

    /// The counters of rows with at least one live unit.
    public var liveCounters: [AggregateKey: CounterDelta] { counters.filter { $0.value.units > 0 } }
}
