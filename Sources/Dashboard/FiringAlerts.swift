import Foundation
import PopStreamCore
import Store

/// A firing alert state, its id parsed: what the pages filter by area and year.
struct FiringAlert: Sendable {
    let indicator: IndicatorID
    let area: String
    let period: Period
    let severity: String?
    let since: String
    let lastMessage: Data?

    /// The firing states of `states` whose id this version reads, critical first, then in indicator (catalog),
    /// area and period order.
    static func sorted(_ states: [AlertStateRecord]) -> [FiringAlert] {
        var alerts: [FiringAlert] = []
        alerts.reserveCapacity(states.count)
        for state in states where state.isFiring {
            let parts = state.alertId.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count == 3, let indicator = IndicatorID(rawValue: String(parts[0])), let period = Period(String(parts[2])) else { continue }
            alerts.append(FiringAlert(indicator: indicator, area: String(parts[1]), period: period, severity: state.severity,
                                      since: state.since, lastMessage: state.lastMessage))
        }
        let order = Dictionary(uniqueKeysWithValues: IndicatorID.allCases.enumerated().map { ($0.element, $0.offset) })
        alerts.sort { lhs, rhs in
            let left = lhs.severity == "critical" ? 0 : 1, right = rhs.severity == "critical" ? 0 : 1
            if left != right { return left < right }
            if lhs.indicator != rhs.indicator { return order[lhs.indicator, default: 0] < order[rhs.indicator, default: 0] }
            if lhs.area != rhs.area { return lhs.area < rhs.area }
            return lhs.period < rhs.period
        }
        return alerts
    }
}

/// The store's firing alert states, shared by every page: read at most once per `maxAge` (concurrent pages
/// wait for the same read), so that a page does not pay for reading tens of thousands of alert states each
/// time. A page's alert list is therefore at most `maxAge` older than its figures.
actor FiringAlertCache {
    private let store: any StateStore
    private let maxAge: Duration
    private var snapshot: (taken: ContinuousClock.Instant, alerts: [FiringAlert])?
    private var reading: Task<[FiringAlert], any Error>?

    init(store: any StateStore, maxAge: Duration) {
        self.store = store
        self.maxAge = maxAge
    }

    /// The firing alerts, sorted (``FiringAlert/sorted(_:)``), read anew when the last read is older than `maxAge`.
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    func alerts() async throws -> [FiringAlert] {
        if let snapshot, ContinuousClock.now - snapshot.taken < maxAge { return snapshot.alerts }
        if let reading { return try await reading.value }
        let store = self.store
        let task = Task { FiringAlert.sorted(try await store.allAlertStates(onlyFiring: true)) }
        reading = task
        defer { reading = nil }
        let taken = ContinuousClock.now
        let alerts = try await task.value
        snapshot = (taken, alerts)
        return alerts
    }
}
