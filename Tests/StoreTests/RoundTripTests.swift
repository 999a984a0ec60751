import Foundation
import Testing
@testable import Store

@Suite("Round trips")
struct RoundTripTests {
    @Test("counter deltas add up, within and across batches, and filters select rows", arguments: StoreKind.allCases)
    func counters(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let a = Fixtures.key("newborn_screening_coverage", "01", "2025")
            let b = Fixtures.key("newborn_screening_coverage", "02", "2025")
            let c = Fixtures.key("sex_ratio_at_birth", "01", "2025-Q1")
            try await store.commitBatch(BatchCommit(counterDeltas: [
                CounterRowDelta(key: a, numerator: 1, denominator: 1, units: 1),
                CounterRowDelta(key: a, numerator: 0, denominator: 1, units: 1),
                CounterRowDelta(key: b, numerator: 5, denominator: 7, units: 7),
                // A live unit that adds nothing but its presence (e.g. an undetermined-sex birth).
                CounterRowDelta(key: c, numerator: 0, denominator: 0, units: 1),
            ]))
            try await store.commitBatch(BatchCommit(counterDeltas: [
                CounterRowDelta(key: a, numerator: 10, denominator: 20, units: 20),
                CounterRowDelta(key: b, numerator: -1, denominator: -1, units: -1),
            ]))
            let all = try await store.counters(matching: .all)
            #expect(all == [
                CounterRow(key: a, numerator: 11, denominator: 22, units: 22),
                CounterRow(key: b, numerator: 4, denominator: 6, units: 6),
                CounterRow(key: c, numerator: 0, denominator: 0, units: 1),
            ])
            #expect(try await store.counters(matching: CounterFilter(indicator: "sex_ratio_at_birth")).map(\.key) == [c])
            #expect(try await store.counters(matching: CounterFilter(areas: ["02", "99"])).map(\.key) == [b])
            #expect(try await store.counters(matching: CounterFilter(areas: [])).isEmpty)
            #expect(try await store.counters(matching: CounterFilter(period: "2025")).map(\.key) == [a, b])
            #expect(try await store.counters(matching: CounterFilter(indicator: "newborn_screening_coverage", areas: ["01"], period: "2025")).map(\.key) == [a])
        }
    }

    @Test("big values survive: BIGINT numerators and denominators", arguments: StoreKind.allCases)
    func bigCounters(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let big: Int64 = 5_000_000_000
            try await store.commitBatch(BatchCommit(counterDeltas: [CounterRowDelta(key: Fixtures.key(), numerator: big, denominator: big * 2)]))
            #expect(try await store.counters(matching: .all).first?.denominator == big * 2)
        }
    }

    @Test("unit states: insert, read by keys, update with the expected revision", arguments: StoreKind.allCases)
    func units(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("a"), Fixtures.unit("b"), Fixtures.unit("c", kind: "elderly-record")]))
            let keys = [UnitRecordKey(kind: "newborn-screening", unitKey: "a"), UnitRecordKey(kind: "newborn-screening", unitKey: "zzz"),
                        UnitRecordKey(kind: "elderly-record", unitKey: "c"), UnitRecordKey(kind: "elderly-record", unitKey: "a")]
            let read = try await store.unitStates(for: keys)
            #expect(read.count == 2)
            #expect(read[keys[0]] == Fixtures.unit("a").state)
            #expect(read[keys[2]] == Fixtures.unit("c", kind: "elderly-record").state)

            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("a", revision: 3, expected: 1)]))
            #expect(try await store.unitStates(for: [keys[0]])[keys[0]]?.revision == 3)
            // Unconditional write.
            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("b", revision: 9, expected: nil), Fixtures.unit("new", revision: 2, expected: nil)]))
            #expect(try await store.unitStateCount() == 4)
            let binary = UnitStateRecord(key: UnitRecordKey(kind: "k", unitKey: "bin"), revision: 1, lastEventId: "e", payload: Data((0...255).map { UInt8($0) }))
            try await store.commitBatch(BatchCommit(unitStates: [UnitStateWrite(state: binary, expectedRevision: 0)]))
            #expect(try await store.unitStates(for: [binary.key])[binary.key] == binary)
        }
    }

    @Test("many unit keys read in one call (chunked)", arguments: StoreKind.allCases)
    func manyUnits(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let writes = (0..<12_000).map { Fixtures.unit("u\($0)") }
            try await store.commitBatch(BatchCommit(unitStates: writes))
            let keys = writes.map(\.state.key) + [UnitRecordKey(kind: "newborn-screening", unitKey: "missing")]
            let read = try await store.unitStates(for: keys)
            #expect(read.count == 12_000)
            #expect(try await store.unitStateCount() == 12_000)
        }
    }

    @Test("a stale expected revision refuses the whole batch", arguments: StoreKind.allCases)
    func conflict(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("a", revision: 2)], offsets: [Fixtures.offset(0, 10)]))
            let before = try await Fixtures.snapshot(store)
            for stale in [Fixtures.unit("a", revision: 3, expected: 1), Fixtures.unit("a", revision: 3, expected: 0)] {
                let error = await #expect(throws: StoreError.self) {
                    try await store.commitBatch(BatchCommit(
                        counterDeltas: [CounterRowDelta(key: Fixtures.key(), numerator: 1, denominator: 1)],
                        unitStates: [Fixtures.unit("b"), stale],
                        offsets: [Fixtures.offset(0, 20)]
                    ))
                }
                guard case .conflict = error else { Issue.record("expected a conflict, got \(String(describing: error))"); return }
                #expect(error?.isRetryable == true)
            }
            #expect(try await Fixtures.snapshot(store) == before)
        }
    }

    @Test("offsets: stored per group and partition, may move backwards (seek)", arguments: StoreKind.allCases)
    func offsets(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            try await store.commitBatch(BatchCommit(offsets: [Fixtures.offset(0, 100), Fixtures.offset(1, 7), Fixtures.offset(0, 120), Fixtures.offset(0, 5, group: "other")]))
            let partitions = [TopicPartition(topic: Fixtures.topic, partition: 0), TopicPartition(topic: Fixtures.topic, partition: 1), TopicPartition(topic: Fixtures.topic, partition: 2)]
            #expect(try await store.offsets(group: Fixtures.group, partitions: partitions) == [partitions[0]: 120, partitions[1]: 7])
            #expect(try await store.offsets(group: "other", partitions: partitions) == [partitions[0]: 5])
            try await store.commitBatch(BatchCommit(offsets: [Fixtures.offset(0, 50)]))
            #expect(try await store.offsets(group: Fixtures.group, partitions: [partitions[0]]) == [partitions[0]: 50])
            #expect(try await store.offsets(group: Fixtures.group, partitions: []).isEmpty)
        }
    }

    @Test("alert states: upsert, read by ids, list all or firing", arguments: StoreKind.allCases)
    func alerts(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let a = Fixtures.alert("x|01|2025")
            let b = Fixtures.alert("y|01|2025", status: "resolved", severity: nil, sequence: 2)
            var c = Fixtures.alert("z|01|2025", severity: "warning")
            c.lastMessage = nil
            try await store.commitBatch(BatchCommit(alertStates: [a, b, c]))
            #expect(try await store.alertStates(ids: [a.alertId, "nope"]) == [a.alertId: a])
            #expect(try await store.allAlertStates(onlyFiring: false) == [a, b, c])
            #expect(try await store.allAlertStates(onlyFiring: true) == [a, c])
            let resolved = Fixtures.alert(a.alertId, status: "resolved", severity: nil, sequence: 2)
            try await store.commitBatch(BatchCommit(alertStates: [resolved]))
            #expect(try await store.alertStates(ids: [a.alertId])[a.alertId] == resolved)
            #expect(try await store.allAlertStates(onlyFiring: true) == [c])
        }
    }

    @Test("outbox: ordered pending messages, limit, delivery removes them", arguments: StoreKind.allCases)
    func outbox(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let start = Date().addingTimeInterval(-5)
            try await store.commitBatch(BatchCommit(outbox: [Fixtures.message("b"), Fixtures.message("a")]))
            try await store.commitBatch(BatchCommit(outbox: [Fixtures.message("a", sequence: 2)]))
            let pending = try await store.pendingOutbox(limit: 10)
            #expect(pending.map(\.message) == [Fixtures.message("b"), Fixtures.message("a"), Fixtures.message("a", sequence: 2)])
            #expect(pending.map(\.id) == pending.map(\.id).sorted())
            #expect(pending.allSatisfy { $0.createdAt > start && $0.createdAt < Date().addingTimeInterval(5) })
            #expect(try await store.pendingOutbox(limit: 2).map(\.id) == Array(pending.map(\.id).prefix(2)))
            try await store.markOutboxDelivered(ids: [pending[0].id, pending[2].id, 999_999])
            #expect(try await store.pendingOutbox(limit: 10).map(\.message) == [Fixtures.message("a")])
            try await store.markOutboxDelivered(ids: [])
        }
    }

    @Test("a closed store refuses calls", arguments: StoreKind.allCases)
    func closed(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let store = try await database.open()
            await store.close()
            await store.close()
            await #expect(throws: StoreError.closed) { try await store.unitStateCount() }
        }
    }
}
