import Foundation
import Kafka
import Logging
import PopStreamCore
import Store
import Synchronization
import WorkerRuntime

/// Where each published event landed, and when it was handed over.
private final class PublishLog: Sendable {
    let entries = Mutex<[(partition: Int32, offset: Int64, at: ContinuousClock.Instant)]>([])
}

/// Publish-to-commit latency of a running worker at a steady rate: each event's publish instant, and
/// the instant the store's committed offset of its partition passed it (the store is polled every 5 ms).
struct WorkerLatencyProbe {
    let rate: Int
    let seconds: Int
    let topic: String

    func run(configuration: WorkerConfiguration, logger: Logger) async throws -> String {
        let bootstrap = configuration.bootstrapServers[0]
        let metrics = WorkerMetrics(kind: configuration.kind)
        let worker = Task { try await Worker.run(configuration, logger: logger, metrics: metrics) }
        let store = try await StateStoreFactory.open(configuration.store)
        let partitions = (0..<Int32(6)).map { TopicPartition(topic: topic, partition: $0) }
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration, logger: logger)
        let corpus = BenchEvents(seed: 99, count: rate * seconds + 1)

        // Warm-up: one event, and wait until the worker has committed it (group joined, store ready).
        let first = corpus.messages[0]
        _ = try await producer.send(KafkaProducerMessage(topic: topic, key: first.key, value: first.value))
        let warmDeadline = ContinuousClock.now + .seconds(60)
        while try await store.offsets(group: configuration.group, partitions: partitions).values.reduce(0, +) < 1 {
            guard ContinuousClock.now < warmDeadline else { throw ConfigurationError("latency: the worker never committed") }
            try await Task.sleep(for: .milliseconds(20))
        }

        // Committed positions, sampled every 5 ms until every event is committed.
        let published = PublishLog()
        let total = rate * seconds
        let watcher = Task { () throws -> [Int32: [(offset: Int64, at: ContinuousClock.Instant)]] in
            var history: [Int32: [(offset: Int64, at: ContinuousClock.Instant)]] = [:]
            var last: [Int32: Int64] = [:]
            let deadline = ContinuousClock.now + .seconds(seconds + 60)
            while ContinuousClock.now < deadline {
                let offsets = try await store.offsets(group: configuration.group, partitions: partitions)
                let now = ContinuousClock.now
                for (partition, next) in offsets where next != last[partition.partition] {
                    last[partition.partition] = next
                    history[partition.partition, default: []].append((next, now))
                }
                let done = published.entries.withLock { $0.count } >= total &&
                    published.entries.withLock { sent in sent.allSatisfy { (last[$0.partition] ?? 0) > $0.offset } }
                if done { break }
                try await Task.sleep(for: .milliseconds(5))
            }
            return history
        }

        // Steady publishing: one event every 1/rate s, each timed just before it is handed over.
        let interval = Duration.seconds(1) / rate
        let start = ContinuousClock.now
        var sends: [Task<Void, any Error>] = []
        for index in 1...total {
            let due = start + interval * (index - 1)
            if due > ContinuousClock.now { try await Task.sleep(until: due, clock: .continuous) }
            let message = corpus.messages[index]
            let at = ContinuousClock.now
            sends.append(Task {
                let report = try await producer.send(KafkaProducerMessage(topic: topic, key: message.key, value: message.value))
                if let offset = report.offset { published.entries.withLock { $0.append((report.partition, offset, at)) } }
            })
        }
        for send in sends { try await send.value }
        let history = try await watcher.value
        await producer.close()
        worker.cancel()
        _ = try? await worker.value
        await store.close()

        var latencies: [Double] = []
        for sent in published.entries.withLock({ $0 }) {
            guard let commit = history[sent.partition]?.first(where: { $0.offset > sent.offset }) else { continue }
            latencies.append((commit.at - sent.at).seconds * 1000)
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? .nan : latencies[min(latencies.count - 1, Int((p * Double(latencies.count)).rounded(.up)) - 1)]
        }
        let storeName = configuration.store.description.hasPrefix("sqlite") ? "sqlite" : "postgres"
        let evaluation = HistogramText(metrics.render(), name: "popstream_evaluator_lag_seconds")
        func bound(_ q: Double) -> String { evaluation.upperBound(quantile: q).map { String(format: "%.2f", $0) } ?? "null" }
        return #"{"scenario":"worker-latency-\#(storeName)","rate_per_s":\#(rate),"events":\#(latencies.count),"p50_ms":\#(String(format: "%.1f", percentile(0.5))),"p99_ms":\#(String(format: "%.1f", percentile(0.99))),"max_ms":\#(String(format: "%.1f", latencies.last ?? .nan)),"goal_p99_ms":500,"commit_to_alert_evaluation_p50_s_at_most":\#(bound(0.5)),"commit_to_alert_evaluation_p99_s_at_most":\#(bound(0.99)),"evaluations":\#(evaluation.count),"goal_commit_to_alert_s":2}"#
    }
}

/// A Prometheus histogram read back from the text exposition: its cumulative buckets.
struct HistogramText {
    private(set) var buckets: [(le: Double, count: Double)] = []
    private(set) var count: Double = 0

    init(_ exposition: [UInt8], name: String) {
        for line in String(decoding: exposition, as: UTF8.self).split(separator: "\n") where line.hasPrefix(name + "_bucket{") {
            guard let start = line.range(of: "le=\""), let end = line[start.upperBound...].firstIndex(of: "\""),
                  let value = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            let bound = String(line[start.upperBound..<end])
            buckets.append((bound == "+Inf" ? .infinity : Double(bound) ?? .infinity, value))
        }
        buckets.sort { $0.le < $1.le }
        count = buckets.last?.count ?? 0
    }

    /// The smallest bucket bound below which at least `quantile` of the observations fall.
    func upperBound(quantile: Double) -> Double? {
        guard count > 0 else { return nil }
        return buckets.first { $0.count >= quantile * count }?.le
    }
}
