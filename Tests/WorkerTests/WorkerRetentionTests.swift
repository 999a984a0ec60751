import Foundation
import Kafka
import PopStreamCore
import Store
import Testing

/// Messages the broker's retention deletes before a worker reads them are gone from the figures: the worker
/// says so, once per loss, with the partition and the count, and goes on from the oldest message kept. The
/// embedded broker keeps about 5 MB per partition, so a few thousand events per partition overflow it.
@Suite("Worker behind the broker's retention")
struct WorkerRetentionTests {
    let kind = WorkerWholeTopicTests.kind
    let partitions = WorkerWholeTopicTests.partitions

    func committed(_ store: any StateStore) async throws -> Int64 { try await WorkerWholeTopicTests.committed(store) }

    /// The worker's loss reports, one per line of its log.
    static func reports(in log: String) -> [Substring] {
        log.split(separator: "\n").filter { $0.contains("messages deleted before this worker read them") }
    }

    /// Expects `worker`'s log to report each partition of `lost` once, with the messages from its stored offset
    /// up to its low watermark, and nothing else.
    static func expectOneReport(per lost: [TopicPartition], stored: [TopicPartition: Int64], lows: [TopicPartition: Int64],
                                in worker: WorkerProcess) {
        let reports = reports(in: worker.log)
        #expect(reports.count == lost.count, "\(worker.tail())")
        for partition in lost {
            let count = (lows[partition] ?? 0) - (stored[partition] ?? 0)
            #expect(reports.contains { $0.contains("lost=\(count)") && $0.contains("partition=\(partition.partition)") },
                    "partition \(partition.partition): \(count) lost\n\(reports)")
        }
    }

    @Test("a stored offset the broker no longer keeps is reported with the messages lost, then consumption goes on",
          .timeLimit(.minutes(3)), arguments: ["whole-topic", "group"])
    func retentionPassedTheStoredOffset(assignment: String) async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scenario = Scenario.make(seed: 33, units: 30_000, kinds: [kind], communes: TestAreas.communes)
        let messages = scenario.messages[kind] ?? []
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        do {
            let head = 300
            try await cluster.publish(Array(messages[..<head]), kind: kind)
            let extra = ["--assignment", assignment]
            let first = try await WorkerProcess(kind, arguments: WorkerWholeTopicTests.arguments(cluster, folder, extra), logDirectory: folder.url)
            try await Probes.waitUntil("the head not committed\n\(first.tail())") { try await committed(store) >= Int64(head) }
            first.signal(SIGTERM)
            #expect(try await first.waitForExit(timeout: .seconds(60)) == 0)
            let stored = try await store.offsets(group: "popstream-\(kind.rawValue)", partitions: partitions)

            // While no worker runs, more than the broker keeps per partition (about 5 MB) arrives.
            try await cluster.publish(Array(messages[head...]), kind: kind)
            let lows = try await TopicReader.lowWatermarks(cluster.bootstrap, partitions: partitions)
            let lost = partitions.filter { (stored[$0] ?? 0) < (lows[$0] ?? 0) }
            try #require(!lost.isEmpty, "the broker kept every message: nothing to test (\(lows))")

            let second = try await WorkerProcess(kind, arguments: WorkerWholeTopicTests.arguments(cluster, folder, extra), logDirectory: folder.url)
            try await Probes.waitUntil("the rest not committed\n\(second.tail())", timeout: .seconds(90)) {
                try await committed(store) >= Int64(messages.count)
            }
            second.signal(SIGTERM)
            #expect(try await second.waitForExit(timeout: .seconds(60)) == 0)
            Self.expectOneReport(per: lost, stored: stored, lows: lows, in: second)
        } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    @Test("a running worker that falls behind the retention reports what it lost, once, in its log and its metrics",
          .timeLimit(.minutes(3)))
    func retentionPassedARunningWorker() async throws {
        let cluster = try TestCluster(partitions: 3)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let scenario = Scenario.make(seed: 34, units: 30_000, kinds: [kind], communes: TestAreas.communes)
        let messages = scenario.messages[kind] ?? []
        let store = try await StateStoreFactory.open(try StoreURL(parsing: folder.sqliteStore))
        let port = try Probes.freePort()
        let worker = try await WorkerProcess(kind, arguments: WorkerWholeTopicTests.arguments(cluster, folder, ["--metrics-port", String(port)]),
                                       logDirectory: folder.url)
        do {
            let head = 300
            try await cluster.publish(Array(messages[..<head]), kind: kind)
            try await Probes.waitUntil("the head not committed\n\(worker.tail())") { try await committed(store) >= Int64(head) }
            let stored = try await store.offsets(group: "popstream-\(kind.rawValue)", partitions: partitions)

            // The worker is frozen (not restarted: it keeps its position in memory) while more than the broker
            // keeps per partition arrives; thawed, its next fetch is out of range and librdkafka moves it on.
            worker.signal(SIGSTOP)
            try await cluster.publish(Array(messages[head...]), kind: kind)
            let lows = try await TopicReader.lowWatermarks(cluster.bootstrap, partitions: partitions)
            let lost = partitions.filter { (stored[$0] ?? 0) < (lows[$0] ?? 0) }
            worker.signal(SIGCONT)
            try #require(!lost.isEmpty, "the broker kept every message: nothing to test (\(lows))")

            try await Probes.waitUntil("the rest not committed\n\(worker.tail())", timeout: .seconds(90)) {
                try await committed(store) >= Int64(messages.count)
            }
            try await Probes.waitUntil("no loss reported\n\(worker.tail())") { Self.reports(in: worker.log).count >= lost.count }
            let metrics = await Probes.get(port: port, "/metrics")?.body ?? ""
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit(timeout: .seconds(60)) == 0)
            Self.expectOneReport(per: lost, stored: stored, lows: lows, in: worker)
            for partition in lost {
                let count = (lows[partition] ?? 0) - (stored[partition] ?? 0)
                let series = "popstream_messages_lost_total{topic=\"\(partition.topic)\",partition=\"\(partition.partition)\"} \(count)"
                #expect(metrics.contains(series), "\(series) not in\n\(metrics)")
            }
        } catch {
            await worker.stop()
            await store.close()
            throw error
        }
        await store.close()
    }
}
