import Foundation
import Testing
@testable import Store

/// A batch is all or nothing: whatever stage fails, nothing of it remains.
@Suite("Atomicity")
struct AtomicityTests {
    struct InjectedCrash: Error {}

    /// A batch touching every table, consistent with itself: `events` events, one counter unit each,
    /// the offset after them, one alert and one outbox message.
    static func batch(_ number: Int, events: Int = 10) -> BatchCommit {
        BatchCommit(
            counterDeltas: [CounterRowDelta(key: Fixtures.key(), numerator: Int64(events), denominator: Int64(events))],
            unitStates: (0..<events).map { Fixtures.unit("b\(number)-\($0)") },
            offsets: [Fixtures.offset(0, Int64((number + 1) * events))],
            alertStates: [Fixtures.alert("alert|\(number)", sequence: Int64(number + 1))],
            outbox: [Fixtures.message("alert|\(number)", sequence: Int64(number + 1))]
        )
    }

    @Test("a failure after any stage leaves nothing of the batch behind", arguments: StoreKind.allCases, CommitStage.allCases)
    func failureAfterStage(kind: StoreKind, stage: CommitStage) async throws {
        try await TestDatabase.with(kind) { database in
            let good = try await database.open()
            try await good.commitBatch(Self.batch(0))
            let before = try await Fixtures.snapshot(good)

            let failing = try await database.open(faultInjection: { if $0 == stage { throw InjectedCrash() } })
            await #expect(throws: (any Error).self) { try await failing.commitBatch(Self.batch(1)) }
            await failing.close()

            #expect(try await Fixtures.snapshot(good) == before)
            try await good.commitBatch(Self.batch(1))
            #expect(try await good.unitStateCount() == 20)
            await good.close()
        }
    }

    @Test("a constraint violation in the last part (duplicate outbox message) rolls back everything", arguments: StoreKind.allCases)
    func constraintViolation(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            try await store.commitBatch(Self.batch(0))
            let before = try await Fixtures.snapshot(store)
            var duplicate = Self.batch(1)
            duplicate.outbox.append(Fixtures.message("alert|0", sequence: 1))
            let error = await #expect(throws: StoreError.self) { try await store.commitBatch(duplicate) }
            guard case .invalidBatch(let message) = error else { Issue.record("expected invalidBatch, got \(String(describing: error))"); return }
            #expect(!message.contains("{"), "no payload in the message")
            #expect(error?.isRetryable == false)
            #expect(try await Fixtures.snapshot(store) == before)
        }
    }

    @Test("offsets and counters agree after crashes at random points between statements", arguments: StoreKind.allCases)
    func offsetsAndCountersAgree(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let healthy = try await database.open()
            var generator = SystemRandomNumberGenerator()
            // A consumer loop: resume from the stored offset, commit the next batch, sometimes crash mid-way.
            for round in 0..<40 {
                let next = try await healthy.offsets(group: Fixtures.group, partitions: [TopicPartition(topic: Fixtures.topic, partition: 0)])
                let batchNumber = Int((next.values.first ?? 0) / 10)
                if Bool.random(using: &generator) {
                    let stage = CommitStage.allCases.randomElement(using: &generator) ?? .units
                    let crashing = try await database.open(faultInjection: { if $0 == stage { throw InjectedCrash() } })
                    await #expect(throws: (any Error).self) { try await crashing.commitBatch(Self.batch(batchNumber)) }
                    await crashing.close()
                } else {
                    try await healthy.commitBatch(Self.batch(batchNumber))
                }
                _ = round
            }
            let stored = try await healthy.offsets(group: Fixtures.group, partitions: [TopicPartition(topic: Fixtures.topic, partition: 0)]).values.first ?? 0
            let counters = try await healthy.counters(matching: .all)
            #expect(counters.first?.numerator ?? 0 == stored)
            #expect(try await healthy.unitStateCount() == Int(stored))
            #expect(try await healthy.pendingOutbox(limit: 1_000).count == Int(stored / 10))
            await healthy.close()
        }
    }

    @Test(
        "PostgreSQL: the server killing the session mid-commit leaves nothing behind",
        .timeLimit(.minutes(1)),
        arguments: CommitStage.allCases)
    func serverSideCrash(stage: CommitStage) async throws {
        try await TestDatabase.with(.postgres) { database in
            let healthy = try await database.open()
            try await healthy.commitBatch(Self.batch(0))
            let before = try await Fixtures.snapshot(healthy)

            let dying = try await database.open(terminateBackendAfter: stage)
            let error = await #expect(throws: StoreError.self) { try await dying.commitBatch(Self.batch(1)) }
            #expect(error?.isRetryable == true, "a lost connection is worth retrying: \(String(describing: error))")
            await dying.close()
            #expect(try await Fixtures.snapshot(healthy) == before)
            await healthy.close()
        }
    }
}
