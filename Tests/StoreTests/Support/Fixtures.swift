import Foundation
@testable import Store

/// Small builders for test batches.
enum Fixtures {
    static let group = "popstream-workers"
    static let topic = "health.newborn-screening.v1"

    static func key(_ indicator: String = "newborn_screening_coverage", _ area: String = "01", _ period: String = "2025") -> CounterKey {
        CounterKey(indicator: indicator, area: area, period: period)
    }

    static func unit(_ id: String, revision: Int64 = 1, expected: Int64? = 0, kind: String = "newborn-screening") -> UnitStateWrite {
        UnitStateWrite(
            state: UnitStateRecord(
                key: UnitRecordKey(kind: kind, unitKey: id),
                revision: revision,
                lastEventId: "evt-\(id)-\(revision)",
                payload: Data("{\"area\":\"01\",\"rev\":\(revision)}".utf8)
            ),
            expectedRevision: expected
        )
    }

    static func offset(_ partition: Int32, _ next: Int64, group: String = group) -> ConsumerOffset {
        ConsumerOffset(group: group, partition: TopicPartition(topic: topic, partition: partition), nextOffset: next)
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

    /// A snapshot of everything a store holds that the tests compare.
    struct Snapshot: Equatable {
        var counters: [CounterRow]
        var units: Int
        var offsets: [TopicPartition: Int64]
        var alerts: [AlertStateRecord]
        var outbox: [OutboxMessage]
    }

    static func snapshot(_ store: any StateStore, partitions: [Int32] = [0, 1, 2, 3]) async throws -> Snapshot {
        Snapshot(
            counters: try await store.counters(matching: .all),
            units: try await store.unitStateCount(),
            offsets: try await store.offsets(group: group, partitions: partitions.map { TopicPartition(topic: topic, partition: $0) }),
            alerts: try await store.allAlertStates(onlyFiring: false),
            outbox: try await store.pendingOutbox(limit: 1_000).map(\.message)
        )
    }
}
