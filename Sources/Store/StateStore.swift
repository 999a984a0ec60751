import Foundation

/// Where a worker keeps everything that must survive it: leaf counters, unit states, partition
/// owners and offsets, alert states, evaluator leases and the alert outbox.
///
/// The rules that make figures exact across crashes, redeliveries and several instances:
/// - a window's effects and the offsets after it commit together in ``commitBatch(_:)``;
/// - a consumer claims a partition (``claimPartitions(group:partitions:)``), resumes from the stored
///   offset, and every commit is fenced by the claim's epoch, so a stale owner writes nothing;
/// - alert transitions commit only under the current evaluator lease (``commitAlerts(_:)``).
///
/// Implementations: ``SQLiteStateStore`` and ``PostgresStateStore``; ``StateStoreFactory`` picks one
/// from a URL.
public protocol StateStore: Sendable {
    /// Claims `partitions` for `group`: each gets a new epoch (fencing every earlier owner) and its
    /// stored next offset.
    func claimPartitions(group: String, partitions: [TopicPartition]) async throws -> [PartitionClaim]

    /// Commits every part of `batch` in one transaction: partition progress checked and stored, leaf
    /// counter deltas added, unit states upserted. On any error nothing is written.
    ///
    /// - Throws: ``StoreError/fenced(_:)`` when a partition's epoch or stored offset is not the
    ///   window's; ``StoreError/conflict(_:)`` when a unit's stored revision is not its
    ///   ``UnitStateWrite/expectedRevision``; other ``StoreError``s for storage failures.
    func commitBatch(_ batch: BatchCommit) async throws

    /// The stored states of the units `unitKeys` of `kind`, in the order of `unitKeys` (nil where the store has
    /// none; a repeated key is read for each of its places): how a worker reads a poll batch's units, without a
    /// dictionary on either side.
    func unitStates(kind: String, unitKeys: [String]) async throws -> [UnitStateRecord?]

    /// The stored states of `kind` whose unit key starts with one of `prefixes`: how a retraction that names
    /// a subject but not a year finds the subject's person-years (`subject|year`).
    func unitStates(kind: String, keyPrefixes: [String]) async throws -> [UnitRecordKey: UnitStateRecord]

    /// The stored next offsets of `group` for `partitions` (partitions never committed are missing).
    func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64]

    /// The leaf counter rows matching `filter`, in key order. Rows whose lanes are all 0 may be included.
    func leafCounters(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow]

    /// The change sets of `kind` (every map) not yet consumed by alert evaluation, oldest first, at
    /// most `limit`: what the windows committed since (``LeafChangeSet``).
    func pendingChanges(kind: String, limit: Int) async throws -> [LeafChangeSet]

    /// Takes or renews the evaluator lease of `scope` for `holder`, valid for `duration`.
    ///
    /// Returns the lease when `holder` already holds it (same epoch, renewed), when nobody does, when
    /// the holder's lease expired, or, with `takingOver`, whoever holds it (the epoch increases whenever
    /// the holder changes, which fences the previous holder's alert commits); `nil` while another holder's
    /// lease is valid and `takingOver` is false.
    ///
    /// `takingOver` is for an instance that knows it is the only legitimate one (it has just claimed every
    /// partition of its kind: a SQLite worker restarted after a crash), so that it need not wait for a dead
    /// holder's lease to run out.
    func acquireLease(scope: String, holder: String, duration: Duration, takingOver: Bool) async throws -> EvaluatorLease?

    /// Commits alert states and outbox messages, and removes the consumed change sets, in one
    /// transaction fenced by `commit.lease`.
    ///
    /// - Throws: ``StoreError/fenced(_:)`` when the lease's epoch is no longer the stored one.
    func commitAlerts(_ commit: AlertCommit) async throws

    /// Outbox messages not yet delivered, oldest first, at most `limit`; with `indicators`, only the alerts of
    /// those indicators (an alert id starts with its indicator's id and `|`): several workers may share one
    /// store, and each publishes the alerts of its own kind only, so that two of them never send the
    /// transitions of one alert in an order of their own.
    func pendingOutbox(limit: Int, indicators: Set<String>?) async throws -> [OutboxEntry]

    /// Removes delivered messages from the outbox. Unknown ids are ignored.
    func markOutboxDelivered(ids: [Int64]) async throws

    /// The stored states of `ids` (unknown ids are missing from the result). Without `messages`, the states
    /// come without their last message (`lastMessage` nil): what an evaluation round needs, and much smaller.
    func alertStates(ids: [String], messages: Bool) async throws -> [String: AlertStateRecord]

    /// Every alert state, ordered by id; only the firing ones when `onlyFiring`. Without `messages`, the
    /// states come without their last message (`lastMessage` nil): a much smaller read when there are many.
    func allAlertStates(onlyFiring: Bool, messages: Bool) async throws -> [AlertStateRecord]

    /// How many unit states are stored.
    func unitStateCount() async throws -> Int

    /// Releases connections. Later calls throw ``StoreError/closed``.
    func close() async
}

extension StateStore {
    /// The stored states of `keys` (absent units are missing from the result): one read per kind.
    public func unitStates(for keys: [UnitRecordKey]) async throws -> [UnitRecordKey: UnitStateRecord] {
        var byKind: [String: [String]] = [:]
        for key in Set(keys) { byKind[key.kind, default: []].append(key.unitKey) }
        var result: [UnitRecordKey: UnitStateRecord] = [:]
        for (kind, unitKeys) in byKind {
            for record in try await unitStates(kind: kind, unitKeys: unitKeys) {
                if let record { result[record.key] = record }
            }
        }
        return result
    }

    /// The stored states of `ids` with their last messages (unknown ids are missing from the result).
    public func alertStates(ids: [String]) async throws -> [String: AlertStateRecord] {
        try await alertStates(ids: ids, messages: true)
    }

    /// Every alert state with its last message, ordered by id; only the firing ones when `onlyFiring`.
    public func allAlertStates(onlyFiring: Bool) async throws -> [AlertStateRecord] {
        try await allAlertStates(onlyFiring: onlyFiring, messages: true)
    }
}

extension StateStore {
    /// Every outbox message not yet delivered, oldest first, at most `limit`.
    public func pendingOutbox(limit: Int) async throws -> [OutboxEntry] {
        try await pendingOutbox(limit: limit, indicators: nil)
    }
}

extension UnitRecordKey {
    /// The smallest text above every key that starts with `prefix` (its last character's successor), or `nil`
    /// when there is none: a range `prefix ..< bound` in byte order holds exactly the keys with that prefix.
    static func upperBound(ofPrefix prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            var next = last.value + 1
            if (0xD800...0xDFFF).contains(next) { next = 0xE000 }
            if let scalar = Unicode.Scalar(next) {
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                text.append(scalar)
                return String(text)
            }
        }
        return nil
    }
}

extension StateStore {
    /// Takes or renews the evaluator lease of `scope` for `holder` unless another holder's is valid
    /// (``acquireLease(scope:holder:duration:takingOver:)`` without taking over).
    public func acquireLease(scope: String, holder: String, duration: Duration) async throws -> EvaluatorLease? {
        try await acquireLease(scope: scope, holder: holder, duration: duration, takingOver: false)
    }

    /// Takes the evaluator lease of `scope` for `holder` whoever holds it.
    public func takeOverLease(scope: String, holder: String, duration: Duration) async throws -> EvaluatorLease {
        guard let lease = try await acquireLease(scope: scope, holder: holder, duration: duration, takingOver: true) else {
            throw StoreError.storageFailure("taking the evaluator lease of \(scope) over returned nothing", retryable: true)
        }
        return lease
    }
}
