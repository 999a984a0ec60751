/// How a test's window reads the stored units of a poll batch: as the window fills (`load(units:from:)`), read
/// ahead then adopted event by event (`prefetch` + `adopt` + `apply`), or read ahead and applied as a batch
/// (`apply(_:adopting:)`, what a worker does).
enum UnitReading: String, CaseIterable, Sendable, CustomStringConvertible {
    case load
    case readAhead
    case readAheadBatch

    var description: String { rawValue }
}
