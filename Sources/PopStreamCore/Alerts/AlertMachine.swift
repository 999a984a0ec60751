/// The alert state machine of contract section 6, per alert id `indicator|area|period`.
///
/// `at_risk` fires a `warning`, `breach` a `critical`; leaving both resolves. Every transition (into
/// firing, a severity change, resolving) increments `sequence` and produces one message; an unchanged
/// status produces none.
public enum AlertMachine {
    /// The outcome of evaluating one row against its alert's stored state.
    public struct Transition: Hashable, Sendable {
        /// The state to store (`nil` when the alert never fired).
        public let state: AlertState?
        /// The message to publish, `nil` when nothing changed.
        public let message: AlertMessage?
    }

    /// Evaluates `row` against `previous` at `evaluatedAt` (seconds since 1970, UTC).
    public static func evaluate(_ row: IndicatorRow, previous: AlertState?, evaluatedAt: Double) -> Transition {
        let wanted = AlertSeverity(status: row.status)
        guard wanted != previous?.firingSeverity else { return Transition(state: previous, message: nil) }
        // A change: into firing, between severities, or out of firing (previous was firing).
        let now = AlertTimestamp.format(epochSeconds: evaluatedAt)
        let severity = wanted ?? previous?.severity ?? .warning
        let state = AlertState(status: wanted == nil ? .resolved : .firing, severity: severity,
                               sequence: (previous?.sequence ?? 0) + 1, since: now)
        return Transition(state: state, message: message(for: row, state: state, evaluatedAt: now))
    }

    /// The message describing `row` in `state`.
    public static func message(for row: IndicatorRow, state: AlertState, evaluatedAt: String) -> AlertMessage {
        AlertMessage(alertId: row.key.alertId, sequence: state.sequence, status: state.status, severity: state.severity,
                     indicator: row.indicator, indicatorName: row.indicator.name,
                     area: AlertMessage.AreaRef(code: row.area, name: row.areaName, level: row.level),
                     period: row.period, value: row.value, lower: row.lower, upper: row.upper,
                     numerator: row.numerator, denominator: row.denominator, unit: row.unit, target: row.target,
                     since: state.since, evaluatedAt: evaluatedAt)
    }
}
