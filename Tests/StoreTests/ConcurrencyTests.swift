import Foundation
import Testing
@testable import Store

/// Several writers (separate pools, as separate worker processes have) on one database.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("two pools committing overlapping leaf deltas on their own partitions end with exact sums", arguments: StoreKind.tested)
    func overlappingDeltas(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let writers = [try await database.open(), try await database.open()]
            let keys = (0..<50).map { Fixtures.leaf("kind\($0 % 3)", "area\($0 % 10)", Int32(202_501 + $0 % 5)) }
            let batchesPerTask = 25
            let tasksPerWriter = 3
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (writerIndex, writer) in writers.enumerated() {
                    for task in 0..<tasksPerWriter {
                        group.addTask {
                            var claim = try await Fixtures.claim(writer, Int32(writerIndex * 10 + task))
                            for batch in 0..<batchesPerTask {
                                let deltas = keys.shuffled().map { Fixtures.delta($0, [1, 1, 2]) }
                                let commit = BatchCommit(leafCounters: deltas, partitions: [Fixtures.progress(claim, to: Int64(batch + 1))])
                                try await Self.retrying { try await writer.commitBatch(commit) }
                                claim.nextOffset = Int64(batch + 1)
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let expected = Int64(writers.count * tasksPerWriter * batchesPerTask)
            let rows = try await writers[0].leafCounters(matching: .all)
            #expect(rows.count == Set(keys).count)
            for row in rows {
                let copies = Int64(keys.filter { $0 == row.key }.count)
                #expect(row.lanes.prefix(3) == [expected * copies, expected * copies, 2 * expected * copies])
            }
            let partitions = (0..<2).flatMap { w in (0..<tasksPerWriter).map { Fixtures.partition(Int32(w * 10 + $0)) } }
            #expect(try await writers[1].offsets(group: Fixtures.group, partitions: partitions).values.allSatisfy { $0 == Int64(batchesPerTask) })
            for writer in writers { await writer.close() }
        }
    }

    @Test("two pools racing on the same new unit: exactly one wins, the other gets a conflict", arguments: StoreKind.tested)
    func racingUnits(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let a = try await database.open()
            let b = try await database.open()
            for round in 0..<20 {
                let id = "race\(round)"
                let commit = BatchCommit(leafCounters: [Fixtures.delta(Fixtures.leaf(), [1, 1, 1])], unitStates: [Fixtures.unit(id)])
                async let first = Self.result { try await a.commitBatch(commit) }
                async let second = Self.result { try await b.commitBatch(commit) }
                let outcomes = await [first, second]
                let wins = outcomes.filter { if case .success = $0 { true } else { false } }.count
                let conflicts = outcomes.filter { if case .failure(.conflict) = $0 { true } else { false } }.count
                #expect(wins == 1 && conflicts == 1, "round \(round): \(outcomes)")
            }
            #expect(try await a.leafCounters(matching: .all).first?.units == 20)
            await a.close()
            await b.close()
        }
    }

    @Test("two instances racing on one partition: the fenced one commits nothing, figures stay exact",
          arguments: StoreKind.tested)
    func fencedRace(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let stale = try await database.open()
            let owner = try await database.open()
            // The stale instance claimed the partition first; then a rebalance gave it to the owner,
            // but the stale one still believes it owns it and keeps committing its windows.
            let staleClaim = try await Fixtures.claim(stale, 0)
            let ownerClaim = try await Fixtures.claim(owner, 0)
            let windows = 30
            async let staleOutcomes = Self.commitWindows(windows, to: stale, claim: staleClaim, prefix: "stale")
            async let ownerOutcomes = Self.commitWindows(windows, to: owner, claim: ownerClaim, prefix: "owner")
            let (lost, won) = await (staleOutcomes, ownerOutcomes)
            #expect(lost.allSatisfy { if case .failure(.fenced) = $0 { true } else { false } }, "\(lost.prefix(3))")
            #expect(won.allSatisfy { if case .success = $0 { true } else { false } }, "\(won.prefix(3))")
            let rows = try await owner.leafCounters(matching: .all)
            #expect(rows.map(\.units) == [Int64(windows * 5)])
            #expect(try await owner.unitStateCount() == windows * 5)
            #expect(try await owner.offsets(group: Fixtures.group, partitions: [Fixtures.partition(0)]) == [Fixtures.partition(0): Int64(windows * 5)])
            await stale.close()
            await owner.close()
        }
    }

    /// Commits `count` windows in a row as one instance would, each from where its last success ended.
    static func commitWindows(_ count: Int, to store: any StateStore, claim: PartitionClaim, prefix: String) async -> [Result<Void, StoreError>] {
        var claim = claim
        var outcomes: [Result<Void, StoreError>] = []
        for number in 0..<count {
            let commit = window(number, claim: claim, prefix: prefix)
            let outcome = await result { try await store.commitBatch(commit) }
            if case .success = outcome { claim.nextOffset = commit.partitions[0].nextOffset }
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// Window `number` of 5 events on the claimed partition, from the claim's stored offset.
    static func window(_ number: Int, claim: PartitionClaim, prefix: String) -> BatchCommit {
        BatchCommit(
            leafCounters: [Fixtures.delta(Fixtures.leaf(), [5, 5, 5])],
            unitStates: (0..<5).map { Fixtures.unit("\(prefix)-\(number)-\($0)") },
            partitions: [Fixtures.progress(claim, to: (claim.nextOffset ?? 0) + 5)]
        )
    }

    static func result(_ body: () async throws -> Void) async -> Result<Void, StoreError> {
        do {
            try await body()
            return .success(())
        } catch let error as StoreError {
            return .failure(error)
        } catch {
            return .failure(.storageFailure("\(error)", retryable: false))
        }
    }

    /// What a worker does with a retryable failure (lock timeout, deadlock): try the window again.
    static func retrying(_ body: () async throws -> Void) async throws {
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as StoreError where error.isRetryable && attempt < 20 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(10 * attempt))
            }
        }
    }
}
