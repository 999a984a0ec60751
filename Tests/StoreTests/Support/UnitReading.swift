import Pipeline
import PopStreamCore
import Store

/// How a test's window reads the stored units of a poll batch: as the window fills (`load(units:from:)`), read
/// ahead then adopted event by event (`prefetch` + `adopt` + `apply`), or read ahead and applied as a batch
/// (`apply(_:adopting:)`, what a worker does).
enum UnitReading: String, CaseIterable, Sendable, CustomStringConvertible {
    case load
    case readAhead
    case readAheadBatch

    var description: String { rawValue }

    /// Reads the units of `events` from `store` this way and applies the events to `window`; their outcomes.
    func apply(_ events: [HealthEvent], to window: inout CommitWindowBuilder, from store: any StateStore) async throws -> [ApplyOutcome] {
        switch self {
        case .load:
            try await window.load(units: events.map(\.unitKey), from: store)
            return try events.map { event in try window.apply(event) }
        case .readAhead:
            window.adopt(try await CommitWindowBuilder.prefetch(units: events.map(\.unitKey), from: store))
            return try events.map { event in try window.apply(event) }
        case .readAheadBatch:
            let prefetched = try await CommitWindowBuilder.prefetch(units: events.map(\.unitKey), from: store)
            return try window.apply(events, adopting: prefetched)
        }
    }
}
