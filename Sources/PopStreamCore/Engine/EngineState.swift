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

    /// Applies one event and its deltas at once.
    @discardableResult
    /// Applies one event and merges its deltas at once.
    public mutating func apply(_ event: HealthEvent) -> ApplyOutcome {
        var batch = engine.makeBatch()
        let outcome = apply(event, into: &batch)
        merge(batch)
        return outcome
    }

    /// Applies a batch of events in order, merging their deltas once at the end (as a worker does).
    @discardableResult
    public mutating func apply(batch events: [HealthEvent]) -> [ApplyOutcome] {
        var batch = engine.makeBatch()
        let outcomes = events.map { apply($0, into: &batch) }
        merge(batch)
        return outcomes
    }

    /// Applies one event to its unit, storing the new state and accumulating the deltas into `batch`.
    public mutating func apply(_ event: HealthEvent, into batch: inout DeltaBatch) -> ApplyOutcome {
        let key = event.unitKey
        let result = engine.apply(event, current: units[key])
        if result.stateChanged, let state = result.state { units[key] = state }
        batch.add(result)
        return result.outcome
    }

    /// Adds a batch's deltas to the counters.
    public mutating func merge(_ batch: DeltaBatch) {
        batch.forEachDelta { key, delta in counters[key, default: .zero] += delta }
    }

    /// The counters of rows with at least one live unit.
    public var liveCounters: [AggregateKey: CounterDelta] { counters.filter { $0.value.units > 0 } }
}
