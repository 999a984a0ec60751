import PopStreamCore

/// Unit states read from the store ahead of the window that applies them
/// (``CommitWindowBuilder/prefetch(units:from:)``, then ``CommitWindowBuilder/adopt(_:)``).
public struct PrefetchedUnits: Sendable {
    /// A unit's state as stored: revision 0 and no state when the store has none.
    struct Stored: Sendable {
        let revision: Int64
        let state: UnitState?
    }

    /// The states read, by unit.
    let states: [UnitKey: Stored]

    /// No unit.
    public static let none = PrefetchedUnits(states: [:])

    /// How many units were read.
    public var count: Int { states.count }
}
