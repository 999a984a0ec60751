import Foundation
import Synchronization
import Store

/// A store that counts the reads made through it (by method, and alert-state reads with and without
/// messages apart), passing every call to `base`: what the dashboard tests use to see what a page read.
final class CountingStore: StateStore {
    let base: any StateStore
    private let counts = Mutex<[String: Int]>([:])

    init(_ base: any StateStore) {
        self.base = base
    }

    /// How many calls of `method` were made so far.
    func count(_ method: String) -> Int { counts.withLock { $0[method, default: 0] } }

    /// Forgets the counts so far.
    func reset() { counts.withLock { $0 = [:] } }

    private func record(_ method: String) { counts.withLock { $0[method, default: 0] += 1 } }

    func claimPartitions(group: String, partitions: [TopicPartition]) async throws -> [PartitionClaim] {
        record("claimPartitions")
        return try await base.claimPartitions(group: group, partitions: partitions)
    }

    func commitBatch(_ batch: BatchCommit) async throws {
        record("commitBatch")
        try await base.commitBatch(batch)
    }

    func unitStates(kind: String, keyPrefixes: [String]) async throws -> [UnitRecordKey: UnitStateRecord] {
        record("unitStates")
        return try await base.unitStates(kind: kind, keyPrefixes: keyPrefixes)
    }

    func unitStates(kind: String, unitKeys: [String]) async throws -> [UnitStateRecord?] {
        record("unitStates")
        return try await base.unitStates(kind: kind, unitKeys: unitKeys)
    }

    func offsets(group: String, partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        record("offsets")
        return try await base.offsets(group: group, partitions: partitions)
    }

    func leafCounters(matching filter: LeafCounterFilter) async throws -> [LeafCounterRow] {
        record("leafCounters")
        return try await base.leafCounters(matching: filter)
    }

    func pendingChanges(kind: String, limit: Int) async throws -> [LeafChangeSet] {
        record("pendingChanges")
        return try await base.pendingChanges(kind: kind, limit: limit)
    }

    func acquireLease(scope: String, holder: String, duration: Duration, takingOver: Bool) async throws -> EvaluatorLease? {
        record("acquireLease")
        return try await base.acquireLease(scope: scope, holder: holder, duration: duration, takingOver: takingOver)
    }

    func commitAlerts(_ commit: AlertCommit) async throws {
        record("commitAlerts")
        try await base.commitAlerts(commit)
    }

    func pendingOutbox(limit: Int, indicators: Set<String>?) async throws -> [OutboxEntry] {
        record("pendingOutbox")
        return try await base.pendingOutbox(limit: limit, indicators: indicators)
    }

    func markOutboxDelivered(ids: [Int64]) async throws {
        record("markOutboxDelivered")
        try await base.markOutboxDelivered(ids: ids)
    }

    func alertStates(ids: [String], messages: Bool) async throws -> [String: AlertStateRecord] {
        record("alertStates")
        return try await base.alertStates(ids: ids, messages: messages)
    }

    func allAlertStates(onlyFiring: Bool, messages: Bool) async throws -> [AlertStateRecord] {
        record(messages ? "allAlertStates+messages" : "allAlertStates")
        return try await base.allAlertStates(onlyFiring: onlyFiring, messages: messages)
    }

    func unitStateCount() async throws -> Int {
        record("unitStateCount")
        return try await base.unitStateCount()
    }

    func close() async { await base.close() }
}
