import Foundation
import Testing
@testable import Store

/// Several writers (separate pools, as separate worker processes have) adding to the same counters.
@Suite("Concurrent writers")
struct ConcurrencyTests {
    @Test("two pools committing overlapping counter deltas end with exact sums", arguments: StoreKind.allCases)
    func overlappingDeltas(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let writers = [try await database.open(), try await database.open()]
            let keys = (0..<50).map { Fixtures.key("ind\($0 % 3)", "area\($0 % 10)", "2025-\($0 % 5)") }
            let batchesPerTask = 25
            let tasksPerWriter = 3
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (writerIndex, writer) in writers.enumerated() {
                    for task in 0..<tasksPerWriter {
                        group.addTask {
                            for batch in 0..<batchesPerTask {
                                let deltas = keys.shuffled().map { CounterRowDelta(key: $0, numerator: 1, denominator: 2) }
                                let commit = BatchCommit(
                                    counterDeltas: deltas,
                                    offsets: [Fixtures.offset(Int32(writerIndex * 10 + task), Int64(batch + 1))]
                                )
                                try await Self.retrying { try await writer.commitBatch(commit) }
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let expected = Int64(writers.count * tasksPerWriter * batchesPerTask)
            let rows = try await writers[0].counters(matching: .all)
            #expect(rows.count == Set(keys).count)
            for row in rows {
                #expect(row.numerator == expected * Int64(keys.filter { $0 == row.key }.count))
            }
            #expect(rows.allSatisfy { $0.denominator == 2 * $0.numerator })
            let partitions = (0..<2).flatMap { w in (0..<tasksPerWriter).map { TopicPartition(topic: Fixtures.topic, partition: Int32(w * 10 + $0)) } }
            #expect(try await writers[1].offsets(group: Fixtures.group, partitions: partitions).values.allSatisfy { $0 == Int64(batchesPerTask) })
            for writer in writers { await writer.close() }
        }
    }

    @Test("two pools racing on the same unit: exactly one wins, the other gets a conflict", arguments: StoreKind.allCases)
    func racingUnits(kind: StoreKind) async throws {
        try await TestDatabase.with(kind) { database in
            let a = try await database.open()
            let b = try await database.open()
            for round in 0..<20 {
                let id = "race\(round)"
                async let first: Result<Void, StoreError> = Self.result { try await a.commitBatch(BatchCommit(
                    counterDeltas: [CounterRowDelta(key: Fixtures.key(), numerator: 1, denominator: 1)], unitStates: [Fixtures.unit(id)])) }
                async let second: Result<Void, StoreError> = Self.result { try await b.commitBatch(BatchCommit(
                    counterDeltas: [CounterRowDelta(key: Fixtures.key(), numerator: 1, denominator: 1)], unitStates: [Fixtures.unit(id)])) }
                let outcomes = await [first, second]
                let wins = outcomes.filter { if case .success = $0 { true } else { false } }.count
                #expect(wins == 1, "round \(round): \(outcomes)")
            }
            #expect(try await a.counters(matching: .all).first?.numerator == 20)
            await a.close()
            await b.close()
        }
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

    /// What a worker does with a retryable failure (lock timeout, deadlock): try the batch again.
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
