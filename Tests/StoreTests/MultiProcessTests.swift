import ChildProcesses
import Foundation
import Testing
@testable import Store

/// Two worker processes sharing one SQLite file: this test binary starts a copy of itself that runs
/// only `childWriter`, while the parent writes too.
@Suite("Several processes on one SQLite file")
struct MultiProcessTests {
    static let childFileVariable = "POPSTREAM_STORE_CHILD_SQLITE"
    static let batches = 200
    static let keys = (0..<30).map { Fixtures.leaf("kind\($0 % 3)", "area\($0 % 10)", 202_500) }

    static func writeBatches(_ store: any StateStore, partition: Int32) async throws {
        var claim: PartitionClaim?
        try await ConcurrencyTests.retrying { claim = try await Fixtures.claim(store, partition) }
        guard var claim else { return }
        for batch in 0..<batches {
            let commit = BatchCommit(
                leafCounters: keys.shuffled().map { Fixtures.delta($0, [1, 1, 1]) },
                partitions: [Fixtures.progress(claim, to: Int64(batch + 1))]
            )
            try await ConcurrencyTests.retrying { try await store.commitBatch(commit) }
            claim.nextOffset = Int64(batch + 1)
        }
    }

    @Test("child process: writes batches into the file named by the parent",
          .enabled(if: ProcessInfo.processInfo.environment[childFileVariable] != nil))
    func childWriter() async throws {
        let path = try #require(ProcessInfo.processInfo.environment[Self.childFileVariable])
        let store = try await SQLiteStateStore(path: path, logger: StoreLogging.defaultLogger)
        try await Self.writeBatches(store, partition: 1)
        await store.close()
    }

    @Test("two processes committing overlapping deltas to one file end with exact sums",
          .enabled(if: ProcessInfo.processInfo.environment[childFileVariable] == nil))
    func twoProcesses() async throws {
        let database = try await TestDatabase.make(.sqlite)
        guard case .sqlite(let path) = database.url else { return }
        let store = try await database.open()
        var environment = ProcessInfo.processInfo.environment
        environment[Self.childFileVariable] = path
        let child = try await ChildProcess.start(URL(fileURLWithPath: CommandLine.arguments[0]),
                                                 arguments: ["--testing-library", "swift-testing", "--filter", "childWriter"],
                                                 environment: environment)
        try await Self.writeBatches(store, partition: 0)
        // Past the limit the child is killed and this test fails, rather than hang the run.
        #expect(try await child.waitForExit(timeout: .seconds(120)) == .exited(0))

        let rows = try await store.leafCounters(matching: .all)
        #expect(rows.count == Self.keys.count)
        #expect(rows.allSatisfy { $0.lanes.prefix(3) == [Int64(2 * Self.batches), Int64(2 * Self.batches), Int64(2 * Self.batches)] })
        let partitions = [TopicPartition(topic: Fixtures.topic, partition: 0), TopicPartition(topic: Fixtures.topic, partition: 1)]
        #expect(try await store.offsets(group: Fixtures.group, partitions: partitions) == [partitions[0]: Int64(Self.batches), partitions[1]: Int64(Self.batches)])
        await store.close()
        await database.drop()
    }
}
