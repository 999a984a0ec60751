import Foundation
import Testing
@testable import Store

@Suite("Round trips")
struct RoundTripTests {
    @Test("leaf counter deltas add up, within and across windows, and filters select rows", arguments: StoreKind.tested)
    func leafCounters(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let a = Fixtures.leaf("newborn-screening", "00001", 202_503)
            let b = Fixtures.leaf("newborn-screening", "00002", 202_503)
            let c = Fixtures.leaf("elderly-record", "00001", 202_500)
            let d = Fixtures.leaf("newborn-screening", "00001", 202_503, map: "other-map")
            try await store.commitBatch(BatchCommit(leafCounters: [
                Fixtures.delta(a, [1, 1, 1, 0, 1, 1, 0]),
                Fixtures.delta(a, [1, 0, 1, 0, 0, 0, 1]),
                Fixtures.delta(b, [7, 5, 7]),
                // A live unit that adds nothing but its presence (e.g. an undetermined-sex birth).
                Fixtures.delta(c, [1]),
                Fixtures.delta(d, [2, 2, 2]),
            ]))
            try await store.commitBatch(BatchCommit(leafCounters: [
                Fixtures.delta(a, [20, 10, 20]),
                Fixtures.delta(b, [-1, -1, -1]),
            ]))
            let all = try await store.leafCounters(matching: .all)
            #expect(all == [
                Fixtures.delta(c, [1]),
                Fixtures.delta(d, [2, 2, 2]),
                Fixtures.delta(a, [22, 11, 22, 0, 1, 1, 1]),
                Fixtures.delta(b, [6, 4, 6]),
            ])
            #expect(try await store.leafCounters(matching: LeafCounterFilter(kinds: ["elderly-record"])).map(\.key) == [c])
            #expect(try await store.leafCounters(matching: LeafCounterFilter(map: Fixtures.map, areas: ["00002", "99999"])).map(\.key) == [b])
            #expect(try await store.leafCounters(matching: LeafCounterFilter(areas: [])).isEmpty)
            #expect(try await store.leafCounters(matching: LeafCounterFilter(periods: [202_503])).map(\.key) == [d, a, b])
            #expect(try await store.leafCounters(matching: LeafCounterFilter(periods: [])).isEmpty)
            #expect(try await store.leafCounters(matching: LeafCounterFilter(
                kinds: ["newborn-screening"], map: "other-map", areas: ["00001"], periods: [202_503, 202_504])).map(\.key) == [d])
        }
    }

    @Test("a window of more leaf rows than one upsert statement takes adds up, every lane in its column",
          arguments: StoreKind.tested)
    func manyLeafRows(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // 1,300 rows: two full statements and a shorter last one on SQLite.
            #expect(1_300 > 2 * SQLiteBatchWriter.counterRowsPerStatement)
            let keys = (0..<1_300).map { Fixtures.leaf("newborn-screening", String(format: "%05d", $0 / 12), 202_501 + Int32($0 % 12)) }
            func lanes(_ position: Int, times factor: Int64) -> [Int64] {
                (0..<Int64(LeafCounterRow.laneCount)).map { factor * (Int64(position) * 100 + $0) }
            }
            try await store.commitBatch(BatchCommit(leafCounters: keys.enumerated().map { Fixtures.delta($1, lanes($0, times: 1)) }))
            try await store.commitBatch(BatchCommit(leafCounters: keys.enumerated().map { Fixtures.delta($1, lanes($0, times: 2)) }))
            let stored = try await store.leafCounters(matching: .all)
            let expected = keys.enumerated().map { Fixtures.delta($1, lanes($0, times: 3)) }
            #expect(stored.count == keys.count)
            let missing = Set(expected).subtracting(stored)
            #expect(missing.isEmpty, "\(missing.count) rows not stored as expected, e.g. \(String(describing: missing.first))")
        }
    }

    @Test("big values survive: 64-bit lanes", arguments: StoreKind.tested)
    func bigCounters(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let big: Int64 = 5_000_000_000
            try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [big, big, big * 2])]))
            #expect(try await store.leafCounters(matching: .all).first?.lanes.prefix(3) == [big, big, big * 2])
        }
    }

    @Test("unit states: insert, read by keys, update with the expected revision", arguments: StoreKind.tested)
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
            let binary = UnitStateRecord(key: UnitRecordKey(kind: "k", unitKey: "bin"), revision: 1, payload: Data((0...255).map { UInt8($0) }))
            try await store.commitBatch(BatchCommit(unitStates: [UnitStateWrite(state: binary, expectedRevision: 0)]))
            #expect(try await store.unitStates(for: [binary.key])[binary.key] == binary)
        }
    }

    @Test("many unit keys read in one call (chunked)", arguments: StoreKind.tested)
    func manyUnits(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let writes = (0..<12_000).map { Fixtures.unit("u\($0)") }
            try await store.commitBatch(BatchCommit(unitStates: writes))
            let keys = writes.map(\.state.key) + [UnitRecordKey(kind: "newborn-screening", unitKey: "missing")]
            let read = try await store.unitStates(for: keys)
            #expect(read.count == 12_000)
            #expect(try await store.unitStateCount() == 12_000)

            // In the order asked, across chunks, with a repeated key read for each of its places.
            let asked = ["u11999", "missing", "u7", "u5000", "u7"] + (0..<6_000).map { "u\($0 * 2)" }
            let aligned = try await store.unitStates(kind: "newborn-screening", unitKeys: asked)
            #expect(aligned.count == asked.count)
            #expect(aligned.map { $0?.key.unitKey } == asked.map { $0 == "missing" ? nil : $0 })
            #expect(aligned[2] == writes[7].state && aligned[4] == writes[7].state)
            #expect(try await store.unitStates(kind: "elderly-record", unitKeys: ["u7"]) == [nil], "another kind's unit")
        }
    }

    @Test("a stale expected revision refuses the whole window with a conflict", arguments: StoreKind.tested)
    func conflict(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let claim = try await Fixtures.claim(store, 0)
            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("a", revision: 2)], partitions: [Fixtures.progress(claim, to: 10)]))
            let before = try await Fixtures.snapshot(store)
            for stale in [Fixtures.unit("a", revision: 3, expected: 1), Fixtures.unit("a", revision: 3, expected: 0)] {
                let error = await #expect(throws: StoreError.self) {
                    try await store.commitBatch(BatchCommit(
                        leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 1])],
                        unitStates: [Fixtures.unit("b"), stale],
                        partitions: [PartitionCommit(group: Fixtures.group, partition: claim.partition, epoch: claim.epoch, fromOffset: 10, nextOffset: 20)]
                    ))
                }
                guard case .conflict = error else { Issue.record("expected a conflict, got \(String(describing: error))"); return }
                #expect(error?.isRetryable == true)
            }
            #expect(try await Fixtures.snapshot(store) == before)
        }
    }

    @Test("a stale unit in the last upsert statement of a large window refuses all of it", arguments: StoreKind.tested)
    func conflictInALaterStatement(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // 150 units: two full statements and a shorter last one on SQLite; the stale one is in the last.
            #expect(150 > 2 * SQLiteBatchWriter.unitRowsPerStatement)
            let names = (0..<150).map { String(format: "u%03d", $0) }
            try await store.commitBatch(BatchCommit(unitStates: names.map { Fixtures.unit($0) }))
            let updates = names.enumerated().map { position, name in
                Fixtures.unit(name, revision: 2, expected: position == 140 ? 5 : 1)
            }
            let error = await #expect(throws: StoreError.self) { try await store.commitBatch(BatchCommit(unitStates: updates)) }
            guard case .conflict(let message) = error else { Issue.record("expected a conflict, got \(String(describing: error))"); return }
            #expect(message.hasPrefix("1 unit state"), "\(message)")
            let stored = try await store.unitStates(for: names.map { UnitRecordKey(kind: "newborn-screening", unitKey: $0) })
            #expect(stored.count == 150 && stored.values.allSatisfy { $0.revision == 1 }, "nothing of the refused window is stored")
            // The same window without the stale unit commits whole.
            try await store.commitBatch(BatchCommit(unitStates: names.map { Fixtures.unit($0, revision: 2, expected: 1) }))
            let updated = try await store.unitStates(for: names.map { UnitRecordKey(kind: "newborn-screening", unitKey: $0) })
            #expect(updated.values.allSatisfy { $0.revision == 2 } && updated.count == 150)
        }
    }

    @Test("claims: each claim raises the epoch and returns the stored offset; per group", arguments: StoreKind.tested)
    func claims(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let partitions = [Fixtures.partition(1), Fixtures.partition(0)]
            let first = try await store.claimPartitions(group: Fixtures.group, partitions: partitions)
            #expect(first == [PartitionClaim(partition: partitions[1], epoch: 1, nextOffset: nil),
                              PartitionClaim(partition: partitions[0], epoch: 1, nextOffset: nil)])
            try await store.commitBatch(BatchCommit(partitions: [Fixtures.progress(first[0], to: 120), Fixtures.progress(first[1], to: 7)]))
            #expect(try await store.offsets(group: Fixtures.group, partitions: partitions + [Fixtures.partition(2)])
                == [partitions[0]: 7, partitions[1]: 120])
            let second = try await store.claimPartitions(group: Fixtures.group, partitions: [partitions[1]])
            #expect(second == [PartitionClaim(partition: partitions[1], epoch: 2, nextOffset: 120)])
            let other = try await store.claimPartitions(group: "other", partitions: [partitions[1]])
            #expect(other == [PartitionClaim(partition: partitions[1], epoch: 1, nextOffset: nil)])
            #expect(try await store.offsets(group: "other", partitions: partitions).isEmpty)
            #expect(try await store.claimPartitions(group: Fixtures.group, partitions: []).isEmpty)
        }
    }

    @Test("a window is fenced by an old epoch, a wrong start offset or an unclaimed partition, and writes nothing",
          arguments: StoreKind.tested)
    func fencing(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let old = try await Fixtures.claim(store, 0)
            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("a")], partitions: [Fixtures.progress(old, to: 50)]))
            let current = try await Fixtures.claim(store, 0)
            #expect(current.epoch == old.epoch + 1 && current.nextOffset == 50)
            let before = try await Fixtures.snapshot(store)
            let refused = [
                // The previous owner, still believing it owns the partition.
                PartitionCommit(group: Fixtures.group, partition: old.partition, epoch: old.epoch, fromOffset: 50, nextOffset: 60),
                // The owner, but from an offset the store is not at (a replay of a committed range).
                PartitionCommit(group: Fixtures.group, partition: old.partition, epoch: current.epoch, fromOffset: 40, nextOffset: 60),
                PartitionCommit(group: Fixtures.group, partition: old.partition, epoch: current.epoch, fromOffset: nil, nextOffset: 60),
                // A partition nobody claimed.
                PartitionCommit(group: Fixtures.group, partition: Fixtures.partition(3), epoch: 1, fromOffset: nil, nextOffset: 5),
            ]
            for progress in refused {
                let error = await #expect(throws: StoreError.self) {
                    try await store.commitBatch(BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 1])],
                                                            unitStates: [Fixtures.unit("b")], partitions: [progress]))
                }
                guard case .fenced(let message) = error else { Issue.record("expected fenced, got \(String(describing: error))"); continue }
                #expect(message.contains(Fixtures.topic))
                #expect(error?.isRetryable == false)
            }
            #expect(try await Fixtures.snapshot(store) == before)
            try await store.commitBatch(BatchCommit(unitStates: [Fixtures.unit("b")], partitions: [Fixtures.progress(current, to: 60)]))
            #expect(try await store.offsets(group: Fixtures.group, partitions: [old.partition]) == [old.partition: 60])
        }
    }

    @Test("evaluator leases: taken, renewed by the holder, refused to others until expired, then taken over",
          arguments: StoreKind.tested)
    func leases(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            // Long leases while the test looks (a loaded machine cannot expire them early)...
            let first = try #require(try await store.acquireLease(scope: "prenatal-screening", holder: "a", duration: .seconds(60)))
            #expect(first.epoch == 1 && first.holder == "a")
            let renewed = try #require(try await store.acquireLease(scope: "prenatal-screening", holder: "a", duration: .seconds(60)))
            #expect(renewed.epoch == 1 && renewed.expiresAt >= first.expiresAt)
            #expect(try await store.acquireLease(scope: "prenatal-screening", holder: "b", duration: .seconds(30)) == nil)
            #expect(try await store.acquireLease(scope: "newborn-screening", holder: "b", duration: .seconds(30))?.epoch == 1)
            // ...then a renewal that expires at once, as a holder that stops renewing leaves it.
            let last = try #require(try await store.acquireLease(scope: "prenatal-screening", holder: "a", duration: .milliseconds(1)))
            #expect(last.epoch == 1)
            try await Task.sleep(for: .milliseconds(100))
            let taken = try #require(try await store.acquireLease(scope: "prenatal-screening", holder: "b", duration: .seconds(30)))
            #expect(taken.epoch == 2 && taken.holder == "b")
            #expect(try await store.acquireLease(scope: "prenatal-screening", holder: "a", duration: .seconds(30)) == nil)
        }
    }

    @Test("evaluator leases taken over while valid: a new epoch that fences the previous holder's alert commits",
          arguments: StoreKind.tested)
    func leaseTakeover(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let fresh = try await store.takeOverLease(scope: "newborn-screening", holder: "a", duration: .seconds(60))
            #expect(fresh.epoch == 1 && fresh.holder == "a")
            let held = try #require(try await store.acquireLease(scope: "newborn-screening", holder: "a", duration: .seconds(60)))
            #expect(held.epoch == 1)
            // The holder itself keeps its epoch.
            #expect(try await store.takeOverLease(scope: "newborn-screening", holder: "a", duration: .seconds(60)).epoch == 1)
            let taken = try await store.takeOverLease(scope: "newborn-screening", holder: "b", duration: .seconds(60))
            #expect(taken.epoch == 2 && taken.holder == "b")
            #expect(try await store.acquireLease(scope: "newborn-screening", holder: "a", duration: .seconds(60)) == nil)
            let state = Fixtures.alert("x|01|2025")
            await #expect(throws: StoreError.self) {
                try await store.commitAlerts(AlertCommit(lease: held, states: [state], outbox: [Fixtures.message(state.alertId)]))
            }
            #expect(try await store.alertStates(ids: [state.alertId]).isEmpty)
            try await store.commitAlerts(AlertCommit(lease: taken, states: [state], outbox: [Fixtures.message(state.alertId)]))
            #expect(try await store.alertStates(ids: [state.alertId]) == [state.alertId: state])
        }
    }

    @Test("alert commits: states upserted under the lease; a stale lease is fenced and writes nothing", arguments: StoreKind.tested)
    func alerts(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let lease = try await Fixtures.lease(store)
            let a = Fixtures.alert("x|01|2025")
            let b = Fixtures.alert("y|01|2025", status: "resolved", severity: nil, sequence: 2)
            var c = Fixtures.alert("z|01|2025", severity: "warning")
            c.lastMessage = nil
            try await store.commitAlerts(AlertCommit(lease: lease, states: [a, b, c], outbox: [Fixtures.message(a.alertId)]))
            #expect(try await store.alertStates(ids: [a.alertId, "nope"]) == [a.alertId: a])
            #expect(try await store.allAlertStates(onlyFiring: false) == [a, b, c])
            #expect(try await store.allAlertStates(onlyFiring: true) == [a, c])
            var bare = a
            bare.lastMessage = nil
            #expect(a.lastMessage != nil)
            #expect(try await store.allAlertStates(onlyFiring: true, messages: false) == [bare, c], "the same states, without messages")
            var bareB = b
            bareB.lastMessage = nil
            #expect(try await store.alertStates(ids: [c.alertId, "nope", a.alertId, a.alertId, b.alertId], messages: false)
                        == [a.alertId: bare, b.alertId: bareB, c.alertId: c], "read by id, repeated ids once, without messages")
            let resolved = Fixtures.alert(a.alertId, status: "resolved", severity: nil, sequence: 2)
            try await store.commitAlerts(AlertCommit(lease: lease, states: [resolved], outbox: [Fixtures.message(a.alertId, sequence: 2)]))
            #expect(try await store.alertStates(ids: [a.alertId])[a.alertId] == resolved)
            #expect(try await store.allAlertStates(onlyFiring: true) == [c])

            // Another evaluator takes over after expiry; the old one can no longer rewind a sequence.
            let short = try #require(try await store.acquireLease(scope: "elderly-record", holder: "old", duration: .milliseconds(200)))
            try await Task.sleep(for: .milliseconds(400))
            let takeover = try await Fixtures.lease(store, scope: "elderly-record", holder: "new")
            let before = try await Fixtures.snapshot(store)
            let error = await #expect(throws: StoreError.self) {
                try await store.commitAlerts(AlertCommit(lease: short, states: [Fixtures.alert(a.alertId, sequence: 1)],
                                                         outbox: [Fixtures.message(a.alertId, sequence: 3)]))
            }
            guard case .fenced = error else { Issue.record("expected fenced, got \(String(describing: error))"); return }
            #expect(try await Fixtures.snapshot(store) == before)
            try await store.commitAlerts(AlertCommit(lease: takeover, states: [], outbox: [Fixtures.message(a.alertId, sequence: 3)]))
            #expect(try await store.pendingOutbox(limit: 10).count == 3)
        }
    }

    @Test("outbox: ordered pending messages, limit, delivery removes them", arguments: StoreKind.tested)
    func outbox(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let lease = try await Fixtures.lease(store)
            let start = Date().addingTimeInterval(-5)
            try await store.commitAlerts(AlertCommit(lease: lease, states: [], outbox: [Fixtures.message("b"), Fixtures.message("a")]))
            try await store.commitAlerts(AlertCommit(lease: lease, states: [], outbox: [Fixtures.message("a", sequence: 2)]))
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

    @Test("outbox: a worker reads the pending alerts of its own indicators only", arguments: StoreKind.tested)
    func outboxByIndicator(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let lease = try await Fixtures.lease(store)
            let ids = ["newborn_screening_coverage|01|2025", "sex_ratio_at_birth|01|2025", "prenatal_screening_coverage|01|2025",
                       "newborn_screening_coverage_old|01|2025", "child_marriage_count"]
            try await store.commitAlerts(AlertCommit(lease: lease, states: [], outbox: ids.map { Fixtures.message($0) }))
            let newborn: Set<String> = ["newborn_screening_coverage", "newborn_positive_rate", "sex_ratio_at_birth"]
            #expect(try await store.pendingOutbox(limit: 10, indicators: newborn).map(\.message.alertId) == Array(ids[0...1]))
            #expect(try await store.pendingOutbox(limit: 1, indicators: newborn).map(\.message.alertId) == [ids[0]])
            #expect(try await store.pendingOutbox(limit: 10, indicators: []).isEmpty)
            #expect(try await store.pendingOutbox(limit: 10).map(\.message.alertId) == ids)
        }
    }

    @Test("a closed store refuses calls", arguments: StoreKind.tested)
    func closed(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let store = try await database.open()
            await store.close()
            await store.close()
            await #expect(throws: StoreError.closed) { try await store.unitStateCount() }
        }
    }
}
