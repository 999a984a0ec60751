/// How an event was classified against its unit's stored state.
public enum ApplyOutcome: String, CaseIterable, Hashable, Sendable, Codable {
    /// The revision was higher than the stored one: the unit's contribution was replaced (or removed).
    case applied
    /// The event id was already applied to this unit: nothing changes.
    case duplicate
    /// The revision was at or below the stored one (and the id not remembered): nothing changes.
    case stale

    /// The outcome of one event applied to several units (a retraction of every person-year): applied when it
    /// changed any, duplicate when every one had it already, else stale (also when there was none).
    public static func combined(_ outcomes: [ApplyOutcome]) -> ApplyOutcome {
        if outcomes.contains(.applied) { return .applied }
        if !outcomes.isEmpty, outcomes.allSatisfy({ $0 == .duplicate }) { return .duplicate }
        return .stale
    }
}

/// The result of applying one event: the outcome, the unit's state to store, and the contributions
/// removed and added (their difference, rolled up, is the counter delta).
public struct ApplyResult: Sendable, Equatable {
    /// Applied, duplicate or stale.
    public let outcome: ApplyOutcome
    /// The state to store: the new state when applied, else the unchanged current one (`nil` if none).
    public let state: UnitState?
    /// The previous contribution that the event removed (applied only).
    public let removed: Contribution?
    /// The new contribution (applied only, `nil` for a retraction).
    public let added: Contribution?

    /// A result (built by `IndicatorEngine.apply`).
    public init(outcome: ApplyOutcome, state: UnitState?, removed: Contribution?, added: Contribution?) {
        self.outcome = outcome
        self.state = state
        self.removed = removed
        self.added = added
    }

    /// True when the state must be written back (the event was applied).
    public var stateChanged: Bool { outcome == .applied }

    /// True when the counters change (a contribution was removed or added and they differ).
    public var countersChange: Bool { removed != added }
}
