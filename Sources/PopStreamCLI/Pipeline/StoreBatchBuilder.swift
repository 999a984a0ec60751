import Foundation
import PopStreamCore
import Store

/// Turns the engine's work on one consumer batch into the store's one-transaction `BatchCommit`.
///
/// The batch's unit states are read from the store in one query (`load`), events are applied in order
/// against those states and the ones the batch itself produced (a unit may occur twice in a batch),
/// and `commit` hands out the new unit states as compact bytes, fenced by the revision that was read,
/// with the rolled-up counter deltas and the batch's offsets.
struct StoreBatchBuilder {
    let engine: IndicatorEngine
    private var deltas: DeltaBatch
    /// The revision each unit had in the store when the batch started (0: no stored state).
    private var storedRevisions: [UnitKey: Int64] = [:]
    /// The latest state of every unit the batch touched or loaded.
    private var states: [UnitKey: UnitState] = [:]
    /// Units whose state the batch changed.
    private var changed: Set<UnitKey> = []
    /// How many events had each outcome.
    private(set) var outcomes: [ApplyOutcome: Int] = [:]

    init(engine: IndicatorEngine) {
        self.engine = engine
        self.deltas = engine.makeBatch()
    }

    /// Reads the stored states of `units` (one query) before the batch's events are applied.
    mutating func load(units: some Sequence<UnitKey>, from store: any StateStore) async throws {
        let keys = Set(units).filter { storedRevisions[$0] == nil }
        guard !keys.isEmpty else { return }
        let records = try await store.unitStates(for: keys.map(Self.recordKey))
        for key in keys {
            guard let record = records[Self.recordKey(key)] else {
                storedRevisions[key] = 0
                continue
            }
            storedRevisions[key] = record.revision
            states[key] = try UnitState(serialized: Array(record.payload))
        }
    }

    /// Applies one event of a unit that `load` has read.
    @discardableResult
    mutating func apply(_ event: HealthEvent) -> ApplyOutcome {
        let key = event.unitKey
        let result = engine.apply(event, current: states[key])
        outcomes[result.outcome, default: 0] += 1
        if result.outcome == .applied, let state = result.state {
            states[key] = state
            changed.insert(key)
            deltas.add(result)
        }
        return result.outcome
    }

    /// The batch's effects as one store transaction, with `offsets` (the next offsets to consume).
    func commit(offsets: [ConsumerOffset]) -> BatchCommit {
        var counters: [CounterRowDelta] = []
        deltas.forEachDelta { key, delta in
            counters.append(CounterRowDelta(
                key: CounterKey(indicator: key.indicator.rawValue, area: key.area, period: key.period.description),
                numerator: delta.numerator, denominator: delta.denominator, units: delta.units))
        }
        let units = changed.compactMap { key -> UnitStateWrite? in
            guard let state = states[key] else { return nil }
            let record = UnitStateRecord(key: Self.recordKey(key), revision: Int64(state.revision),
                                         lastEventId: state.appliedEventIds.last ?? "", payload: Data(state.serialized()))
            return UnitStateWrite(state: record, expectedRevision: storedRevisions[key] ?? 0)
        }
        return BatchCommit(counterDeltas: counters, unitStates: units, offsets: offsets)
    }

    /// The store's key of a unit: its kind and storage key.
    static func recordKey(_ key: UnitKey) -> UnitRecordKey {
        UnitRecordKey(kind: key.kind.rawValue, unitKey: key.storageKey)
    }
}
