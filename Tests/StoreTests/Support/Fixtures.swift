import Foundation
import Testing
@testable import Store

/// Small builders for test windows, claims and alert commits.
enum Fixtures {
    static let group = "popstream-workers"
    static let topic = "health.newborn-screening.v1"
    static let map = "test-map"

    static func leaf(_ kind: String = "newborn-screening", _ area: String = "00001", _ period: Int32 = 202_503, map: String = map) -> LeafCounterKey {
        LeafCounterKey(kind: kind, map: map, area: area, period: period)
    }

    /// A leaf delta with `lanes` (units first); at most 11 lanes.
    static func delta(_ key: LeafCounterKey = leaf(), _ lanes: [Int64]) -> LeafCounterDelta {
        guard let row = LeafCounterRow(key: key, lanes: lanes) else { fatalError("too many lanes in a test fixture") }
        return row
    }

    static func unit(_ id: String, revision: Int64 = 1, expected: Int64? = 0, kind: String = "newborn-screening") -> UnitStateWrite {
        UnitStateWrite(
            state: UnitStateRecord(key: UnitRecordKey(kind: kind, unitKey: id), revision: revision,
                                   payload: Data("{\"area\":\"01\",\"rev\":\(revision)}".utf8)),
            expectedRevision: expected
        )
    }

    static func partition(_ number: Int32) -> TopicPartition { TopicPartition(topic: topic, partition: number) }

    /// Claims partition `number` for `group` and returns its claim.
    static func claim(_ store: any StateStore, _ number: Int32, group: String = group) async throws -> PartitionClaim {
        try #require(try await store.claimPartitions(group: group, partitions: [partition(number)]).first)
    }

    /// The progress of a window on a claimed partition, from its stored offset to `next`.
    static func progress(_ claim: PartitionClaim, to next: Int64, group: String = group) -> PartitionCommit {
        PartitionCommit(group: group, partition: claim.partition, epoch: claim.epoch, fromOffset: claim.nextOffset, nextOffset: next)
    }

    static func alert(_ id: String, status: String = "firing", severity: String? = "critical", sequence: Int64 = 1) -> AlertStateRecord {
        AlertStateRecord(
            alertId: id, status: status, severity: severity, sequence: sequence,
            since: "2025-03-04T10:00:03Z", lastMessage: Data("{\"alertId\":\"\(id)\",\"sequence\":\(sequence)}".utf8)
        )
    }

    static func message(_ id: String, sequence: Int64 = 1) -> OutboxMessage {
        OutboxMessage(alertId: id, sequence: sequence, key: id, payload: Data("{\"alertId\":\"\(id)\",\"sequence\":\(sequence)}".utf8))
    }

    /// Takes the evaluator lease of `scope` for `holder`.
    static func lease(_ store: any StateStore, scope: String = "newborn-screening", holder: String = "evaluator-a") async throws -> EvaluatorLease {
        try #require(try await store.acquireLease(scope: scope, holder: holder, duration: .seconds(30)))
    }

    /// A snapshot of everything a store holds that the tests compare.
    struct Snapshot: Equatable {
        var counters: [LeafCounterRow]
        var units: Int
        var offsets: [TopicPartition: Int64]
        var alerts: [AlertStateRecord]
        var outbox: [OutboxMessage]
    }

    static func snapshot(_ store: any StateStore, partitions: [Int32] = [0, 1, 2, 3]) async throws -> Snapshot {
        Snapshot(
            counters: try await store.leafCounters(matching: .all),
            units: try await store.unitStateCount(),
            offsets: try await store.offsets(group: group, partitions: partitions.map(partition)),
            alerts: try await store.allAlertStates(onlyFiring: false),
            outbox: try await store.pendingOutbox(limit: 1_000).map(\.message)
        )
    }
}
