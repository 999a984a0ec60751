import PopStreamCore

/// Unit states read from the store ahead of the window that applies them
/// (``CommitWindowBuilder/prefetch(units:from:)``, then ``CommitWindowBuilder/adopt(_:)``).
public struct PrefetchedUnits: Sendable {
    /// A unit's state as stored: revision 0 and no state when the store has none.
    struct Stored: Sendable {
        let revision: Int64
        let state: UnitState?

        /// No stored state.
        static let none = Stored(revision: 0, state: nil)
    }

    /// The units read, in the order they were asked for (a unit may occur more than once: the first counts).
    private(set) var keys: [UnitKey]
    /// Their stored states, in the order of `keys`.
    private(set) var stored: [Stored]

    init(keys: [UnitKey], stored: [Stored]) {
        self.keys = keys
        self.stored = stored
    }

    /// No unit.
    public static let none = PrefetchedUnits(keys: [], stored: [])

    /// Appends the units of `other` after these.
    mutating func append(_ other: PrefetchedUnits) {
        keys.append(contentsOf: other.keys)
        stored.append(contentsOf: other.stored)
    }
}
