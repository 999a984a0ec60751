/// Where a worker keeps everything that must survive it: aggregates, unit states, consumer offsets,
/// alert states and the alert outbox.
///
/// The one rule that makes figures exact across crashes, redeliveries and several instances:
/// a batch's effects and the offsets after it commit together in ``commitBatch(_:)``, and a
/// consumer resumes from ``offsets(group:partitions:)``. Implementations: ``SQLiteStateStore`` and
/// ``PostgresStateStore``; ``StateStoreFactory`` picks one from a URL.
public protocol StateStore: Sendable {
    /// Commits every part of `batch` in one transaction: counter deltas added, unit states upserted,
    /// offsets stored, alert states upserted, outbox messages enqueued. On any error nothing is written.
    ///
    /// - Throws: ``StoreError/conflict(_:)`` when a unit's stored revision is not its
    ///   ``UnitStateWrite/expectedRevision``; other ``StoreError``s for storage failures.
    func commitBatch(_ batch: BatchCommit) async throws

    /// The stored states of `keys` (absent units are missing from the result).
    func unitStates(for keys: [UnitRecordKey]) async throws -> [UnitRecordKey: UnitStateRecord]

    /// The stored next offsets of `group` for `partitions` (partitions never committed are missing).
    func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64]

    /// Outbox messages not yet delivered, oldest first, at most `limit`.
    func pendingOutbox(limit: Int) async throws -> [OutboxEntry]

    /// Removes delivered messages from the outbox. Unknown ids are ignored.
    func markOutboxDelivered(ids: [Int64]) async throws

    /// The stored states of `alertIds` (unknown ids are missing from the result).
    func alertStates(ids: [String]) async throws -> [String: AlertStateRecord]

    /// Every alert state, ordered by id; only the firing ones when `onlyFiring`.
    func allAlertStates(onlyFiring: Bool) async throws -> [AlertStateRecord]

    /// The aggregates matching `filter`, ordered by indicator, area, period.
    func counters(matching filter: CounterFilter) async throws -> [CounterRow]

    /// How many unit states are stored.
    func unitStateCount() async throws -> Int

    /// Releases connections. Later calls throw ``StoreError/closed``.
    func close() async
}
