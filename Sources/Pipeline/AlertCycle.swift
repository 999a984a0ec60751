import Foundation
import PopStreamCore
import Store

/// One round of alert evaluation for one kind (contract section 6), run by the lease holder:
/// read the change feed, re-evaluate every row it can have moved on the global figures, and commit the
/// transitions (alert states, outbox messages, consumed change sets) in one transaction fenced by the
/// lease.
///
/// Rows are evaluated on what the store holds, whichever instance committed it, so alerts follow the
/// figures of the whole group, not one instance's share.
public struct AlertCycle: Sendable {
    /// The kind whose figures are evaluated.
    public let kind: EventKind
    /// The area map the figures are read on.
    public var map: String { reader.map }
    private let reader: FigureReader
    private let evaluator: IndicatorEvaluator
    private let store: any StateStore
    /// Change sets read per round (bounds a round's work after a long backlog).
    public var changeSetsPerRound = 256

    /// What one round did.
    public struct Outcome: Sendable, Equatable {
        /// Change sets evaluated (and removed).
        public var changeSets = 0
        /// Rows re-evaluated.
        public var rows = 0
        /// Alert messages put in the outbox.
        public var transitions = 0
        /// Whether more change sets were waiting when the round ended.
        public var more = false
    }

    /// A cycle over `store` for `kind` on the map of `view` (figures of the other maps carried over), with
    /// the statuses of `evaluator` (that map's registry, targets, minimums).
    public init(kind: EventKind, view: MapView, store: any StateStore, evaluator: IndicatorEvaluator) {
        self.kind = kind
        self.store = store
        self.evaluator = evaluator
        self.reader = FigureReader(store: store, view: view)
    }

    /// A cycle over `store` for `kind` on a single map `map`, whose registry is `evaluator`'s.
    public init(kind: EventKind, map: String, store: any StateStore, evaluator: IndicatorEvaluator) {
        self.init(kind: kind, view: .single(evaluator.registry, id: map), store: store, evaluator: evaluator)
    }

    /// Runs one round under `lease`, at `now`.
    ///
    /// - Throws: ``StoreError/fenced(_:)`` when the lease was lost (nothing is written); other store errors.
    public func run(lease: EvaluatorLease, now: Date = Date()) async throws -> Outcome {
        let sets = try await store.pendingChanges(kind: kind.rawValue, limit: changeSetsPerRound)
        guard !sets.isEmpty else { return Outcome() }
        let touched = TouchedFigures(sets.lazy.flatMap(\.keys), kind: kind, view: reader.view)
        let counters = try await figures(years: touched.years)
        let rows = touched.keys.map { key in evaluator.evaluate(key, counters: counters[key] ?? .zero) }

        // The stored state of every touched row (by key: a round's rows, not every alert of the store), without
        // the last messages: a transition writes a new one.
        let previous = try await store.alertStates(ids: rows.map(\.key.alertId), messages: false)

        let evaluatedAt = now.timeIntervalSince1970
        var states: [AlertStateRecord] = []
        var outbox: [OutboxMessage] = []
        for row in rows {
            let alertId = row.key.alertId
            let stored = previous[alertId].flatMap(AlertStateCoding.state(from:))
            guard AlertSeverity(status: row.status) != nil || stored?.status == .firing else { continue }
            let transition = AlertMachine.evaluate(row, previous: stored, evaluatedAt: evaluatedAt)
            guard let message = transition.message, let state = transition.state else { continue }
            let payload = Data(message.jsonBytes())
            states.append(AlertStateCoding.record(alertId: alertId, state: state, lastMessage: payload))
            outbox.append(OutboxMessage(alertId: alertId, sequence: Int64(state.sequence), key: alertId, payload: payload))
        }
        // Deterministic order in the outbox: by alert id, then sequence.
        outbox.sort { ($0.alertId, $0.sequence) < ($1.alertId, $1.sequence) }
        try await store.commitAlerts(AlertCommit(lease: lease, states: states, outbox: outbox, consumedChanges: sets.map(\.id)))
        return Outcome(changeSets: sets.count, rows: rows.count, transitions: outbox.count, more: sets.count == changeSetsPerRound)
    }

    /// The rolled-up counters of every area and period of `years` (one leaf read per year).
    private func figures(years: Set<Int>) async throws -> [AggregateKey: CounterDelta] {
        var result: [AggregateKey: CounterDelta] = [:]
        for year in years.sorted() {
            result.merge(try await reader.figures(CounterQuery(year: year), kinds: [kind]).counters) { $1 }
        }
        return result
    }
}

/// How the domain's ``AlertState`` is stored as an ``AlertStateRecord``.
public enum AlertStateCoding {
    /// The stored record of `state` for `alertId`, with the message of its last transition.
    public static func record(alertId: String, state: AlertState, lastMessage: Data?) -> AlertStateRecord {
        AlertStateRecord(alertId: alertId, status: state.status.rawValue, severity: state.severity.rawValue,
                         sequence: Int64(state.sequence), since: state.since, lastMessage: lastMessage)
    }

    /// The domain state of a stored record, or `nil` when the record is not one this version wrote.
    public static func state(from record: AlertStateRecord) -> AlertState? {
        guard let status = AlertStatus(rawValue: record.status) else { return nil }
        let severity = record.severity.flatMap(AlertSeverity.init(rawValue:)) ?? .warning
        return AlertState(status: status, severity: severity, sequence: Int(record.sequence), since: record.since)
    }
}
