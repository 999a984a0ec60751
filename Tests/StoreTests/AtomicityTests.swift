import Foundation
import Testing
@testable import Store
@testable import PopStreamCLI

/// A commit is all or nothing: whatever stage fails, nothing of it remains.
@Suite("Atomicity")
struct AtomicityTests {
    struct InjectedCrash: Error {}

    /// Window `number` of `events` events on partition 0 (claimed as `claim`, stored at
    /// `number * events`): one leaf unit per event, one unit state per event, the offset after them.
    static func window(_ number: Int, claim: PartitionClaim, events: Int = 10) -> BatchCommit {
        let from = number == 0 ? nil : Int64(number * events)
        return BatchCommit(
            leafCounters: [Fixtures.delta(Fixtures.leaf(), [Int64(events), Int64(events), Int64(events)])],
            unitStates: (0..<events).map { Fixtures.unit("b\(number)-\($0)") },
            partitions: [PartitionCommit(group: Fixtures.group, partition: claim.partition, epoch: claim.epoch,
                                         fromOffset: from, nextOffset: Int64((number + 1) * events))]
        )
    }

    /// The alerts of window `number`: one state and one outbox message.
    static func alerts(_ number: Int, lease: EvaluatorLease) -> AlertCommit {
        AlertCommit(lease: lease, states: [Fixtures.alert("alert|\(number)", sequence: Int64(number + 1))],
                    outbox: [Fixtures.message("alert|\(number)", sequence: Int64(number + 1))])
    }

    static let windowStages: [CommitStage] = [.partitions, .counters, .units]
    static let alertStages: [CommitStage] = [.alerts, .outbox]

    @Test("a failure after any stage of a window commit leaves nothing of it behind", arguments: StoreKind.tested, windowStages)
    func windowFailureAfterStage(kind: StoreKind, stage: CommitStage) async throws {
        try await TestDatabase.with(kind) { database in
            let good = try await database.open()
            let claim = try await Fixtures.claim(good, 0)
            try await good.commitBatch(Self.window(0, claim: claim))
            let before = try await Fixtures.snapshot(good)

            let failing = try await database.open(faultInjection: { if $0 == stage { throw InjectedCrash() } })
            await #expect(throws: (any Error).self) { try await failing.commitBatch(Self.window(1, claim: claim)) }
            await failing.close()

            #expect(try await Fixtures.snapshot(good) == before)
            try await good.commitBatch(Self.window(1, claim: claim))
            #expect(try await good.unitStateCount() == 20)
            await good.close()
        }
    }

    @Test("a failure after any stage of an alert commit leaves nothing of it behind", arguments: StoreKind.tested, alertStages)
    func alertFailureAfterStage(kind: StoreKind, stage: CommitStage) async throws {
        try await TestDatabase.with(kind) { database in
            let good = try await database.open()
            let lease = try await Fixtures.lease(good)
            try await good.commitAlerts(Self.alerts(0, lease: lease))
            let before = try await Fixtures.snapshot(good)

            let failing = try await database.open(faultInjection: { if $0 == stage { throw InjectedCrash() } })
            await #expect(throws: (any Error).self) { try await failing.commitAlerts(Self.alerts(1, lease: lease)) }
            await failing.close()

            #expect(try await Fixtures.snapshot(good) == before)
            try await good.commitAlerts(Self.alerts(1, lease: lease))
            #expect(try await good.pendingOutbox(limit: 10).count == 2)
            await good.close()
        }
    }

    @Test("a constraint violation in the last part (duplicate outbox message) rolls back everything", arguments: StoreKind.tested)
    func constraintViolation(kind: StoreKind) async throws {
        try await TestDatabase.withStore(kind) { store in
            let lease = try await Fixtures.lease(store)
            try await store.commitAlerts(Self.alerts(0, lease: lease))
            let before = try await Fixtures.snapshot(store)
            var duplicate = Self.alerts(1, lease: lease)
            duplicate.outbox.append(Fixtures.message("alert|0", sequence: 1))
            let error = await #expect(throws: StoreError.self) { try await store.commitAlerts(duplicate) }
            guard case .invalidBatch(let message) = error else { Issue.record("expected invalidBatch, got \(String(describing: error))"); return }
            #expect(!message.contains("{"), "no payload in the message")
            #expect(error?.isRetryable == false)
            #expect(try await Fixtures.snapshot(store) == before)
        }
    }

    @Test("offsets and counters agree after crashes at seeded random points between statements",
          arguments: StoreKind.tested, [UInt64(11), 12])
    func offsetsAndCountersAgree(kind: StoreKind, seed: UInt64) async throws {
        try await TestDatabase.with(kind) { database in
            let healthy = try await database.open()
            var random = SplitMix64(seed: seed)
            var crashes = 0
            // A consumer loop: claim, resume from the stored offset, commit the next window, sometimes crash mid-way.
            for _ in 0..<40 {
                let claim = try await Fixtures.claim(healthy, 0)
                let number = Int((claim.nextOffset ?? 0) / 10)
                if random.next() % 2 == 0 {
                    let stage = Self.windowStages[Int(random.next() % UInt64(Self.windowStages.count))]
                    let crashing = try await database.open(faultInjection: { if $0 == stage { throw InjectedCrash() } })
                    await #expect(throws: (any Error).self) { try await crashing.commitBatch(Self.window(number, claim: claim)) }
                    await crashing.close()
                    crashes += 1
                } else {
                    try await healthy.commitBatch(Self.window(number, claim: claim))
                }
            }
            #expect(crashes > 5 && crashes < 35, "the seed exercises both paths")
            let stored = try await healthy.offsets(group: Fixtures.group, partitions: [Fixtures.partition(0)]).values.first ?? 0
            #expect(stored == Int64((40 - crashes) * 10))
            let counters = try await healthy.leafCounters(matching: .all)
            #expect(counters.first?.units ?? 0 == stored)
            #expect(try await healthy.unitStateCount() == Int(stored))
            await healthy.close()
        }
    }

    @Test(
        "PostgreSQL: the server killing the session mid-commit leaves nothing behind",
        .timeLimit(.minutes(3)),
        .enabled(if: TestDatabase.postgresConfigured, "no PostgreSQL server: POPSTREAM_TEST_POSTGRES_URL is not set"),
        arguments: windowStages)
    func serverSideCrash(stage: CommitStage) async throws {
        try await TestDatabase.with(.postgres) { database in
            let healthy = try await database.open()
            let claim = try await Fixtures.claim(healthy, 0)
            try await healthy.commitBatch(Self.window(0, claim: claim))
            let before = try await Fixtures.snapshot(healthy)

            let dying = try await database.open(terminateBackendAfter: stage)
            let error = await #expect(throws: StoreError.self) { try await dying.commitBatch(Self.window(1, claim: claim)) }
            #expect(error?.isRetryable == true, "a lost connection is worth retrying: \(String(describing: error))")
            await dying.close()
            #expect(try await Fixtures.snapshot(healthy) == before)
            await healthy.close()
        }
    }
}
