/// Values read from the store, kept for a short while and shared by the pages.
///
/// A value younger than `freshFor` is served as it is. An older one, up to `usableFor`, is served while one
/// background read replaces it, so a page seldom waits for a read. Past `usableFor`, or with no value yet, the
/// page waits for the read (pages asking for the same key meanwhile wait for the same read). At most `capacity`
/// keys are kept (the oldest value goes first). A failed read is thrown to the pages waiting for it and leaves
/// the older value in place.
actor RefreshingCache<Key: Hashable & Sendable, Value: Sendable> {
    private struct Entry {
        let value: Value
        let taken: ContinuousClock.Instant
    }

    private let freshFor: Duration
    private let usableFor: Duration
    private let capacity: Int
    private var entries: [Key: Entry] = [:]
    private var reading: [Key: Task<Value, any Error>] = [:]

    init(freshFor: Duration, usableFor: Duration, capacity: Int) {
        self.freshFor = freshFor
        self.usableFor = max(freshFor, usableFor)
        self.capacity = max(1, capacity)
    }

    /// The value of `key`, read with `read` when there is none young enough (see the type's description).
    func value(_ key: Key, read: @escaping @Sendable () async throws -> Value) async throws -> Value {
        if let entry = entries[key] {
            let age = ContinuousClock.now - entry.taken
            if age < freshFor { return entry.value }
            if age < usableFor {
                _ = start(key, read)
                return entry.value
            }
        }
        return try await start(key, read).value
    }

    /// The read of `key` under way, or a new one.
    private func start(_ key: Key, _ read: @escaping @Sendable () async throws -> Value) -> Task<Value, any Error> {
        if let running = reading[key] { return running }
        let taken = ContinuousClock.now
        let task = Task { try await read() }
        reading[key] = task
        Task { await self.store(key, task, taken: taken) }
        return task
    }

    private func store(_ key: Key, _ task: Task<Value, any Error>, taken: ContinuousClock.Instant) async {
        let value = try? await task.value
        reading[key] = nil
        guard let value else { return }
        entries[key] = Entry(value: value, taken: taken)
        if entries.count > capacity, let oldest = entries.min(by: { $0.value.taken < $1.value.taken })?.key {
            entries[oldest] = nil
        }
    }
}
