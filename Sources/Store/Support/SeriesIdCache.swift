import Synchronization

/// The ids of leaf series already committed, so that a window's counters need no look-up for the
/// series it has seen before. Ids of committed series never change and series are never deleted, so
/// the cache is never stale; ids created inside a transaction are added only once it committed.
final class SeriesIdCache: Sendable {
    private let ids = Mutex<[LeafSeries: Int64]>([:])

    /// The known ids of `series` (missing ones are absent).
    func lookup(_ series: [LeafSeries]) -> [LeafSeries: Int64] {
        ids.withLock { ids in
            var found: [LeafSeries: Int64] = [:]
            found.reserveCapacity(series.count)
            for item in series { if let id = ids[item] { found[item] = id } }
            return found
        }
    }

    /// Remembers ids read from or written to committed data.
    func remember(_ newIds: [LeafSeries: Int64]) {
        guard !newIds.isEmpty else { return }
        ids.withLock { ids in ids.merge(newIds) { old, _ in old } }
    }
}
