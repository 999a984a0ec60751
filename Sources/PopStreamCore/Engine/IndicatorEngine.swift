/// The aggregation engine: classifies an event against its unit's stored state (upsert semantics of
/// contract section 2) and turns the change into exact integer counter deltas for every ancestor area
/// and every period.
///
/// Pure and thread-safe: the caller keeps the unit states (store or `EngineState`) and the counters.
public struct IndicatorEngine: Sendable {
    /// The registry whose hierarchy the counters roll up.
    public let registry: AreaRegistry
    let areaIndex: EngineAreaIndex

    /// An engine rolling up over `registry` (ancestor chains precomputed).
    public init(registry: AreaRegistry) {
        self.registry = registry
        self.areaIndex = EngineAreaIndex(registry: registry)
    }

    /// Applies `event` to its unit, whose stored state is `current` (`nil` for a unit never seen).
    ///
    /// - An id among `current.appliedEvents` is a `duplicate`; a revision at or below the stored one
    ///   is `stale`; both change nothing.
    /// - Otherwise the event is `applied`: its contribution (none for a retraction) replaces the previous
    ///   one everywhere, and the new state keeps the revision (a retraction leaves a tombstone).
    public func apply(_ event: HealthEvent, current: UnitState?) -> ApplyResult {
        let envelope = event.envelope
        if let current {
            if current.hasApplied(eventId: envelope.eventId) {
                return ApplyResult(outcome: .duplicate, state: current, removed: nil, added: nil)
            }
            if envelope.revision <= current.revision {
                return ApplyResult(outcome: .stale, state: current, removed: nil, added: nil)
            }
        }
        let added = Contribution(event: event)
        var ids = current?.appliedEvents ?? []
        ids.append(EventIdDigest(envelope.eventId))   // the oldest is forgotten when full
        let state = UnitState(revision: envelope.revision, appliedEvents: ids, retracted: envelope.retracted,
                              contribution: added)
        return ApplyResult(outcome: .applied, state: state, removed: current?.contribution, added: added)
    }

    /// An empty batch that accumulates this engine's deltas at `grain` (rolled up by default).
    public func makeBatch(grain: DeltaBatch.Grain = .rolledUp) -> DeltaBatch { DeltaBatch(areaIndex: areaIndex, grain: grain) }

    /// The counter deltas of one result, rolled up (zeros dropped).
    ///
    /// - Throws: ``UnknownAreaError`` when a contribution's area is not in the registry.
    public func deltas(of result: ApplyResult) throws(UnknownAreaError) -> [AggregateKey: CounterDelta] {
        var batch = makeBatch()
        try batch.add(result)
        return batch.deltas
    }
}
