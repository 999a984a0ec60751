import ArgumentParser
import Dispatch
import Foundation
import Kafka

/// `popstream bench kafka`: consume throughput of the Swift layer against librdkafka's raw batch loop
/// (CKafkaBaseline), on the same preloaded topic of an in-process mock cluster, in the same run.
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kafka",
        abstract: "Consume throughput: Swift Kafka layer vs. librdkafka's raw C batch loop."
    )

    @Option(help: "Messages preloaded into the topic.")
    var messages: Int = 200_000

    @Option(help: "Value size in bytes.")
    var size: Int = 400

    @Option(help: "Partitions of the bench topic (the mock keeps ~5 MB per partition).")
    var partitions: Int = 24

    @Option(help: "Messages per batch poll (both scenarios).")
    var batch: Int = 10_000

    @Option(help: "Runs of each scenario (alternating); the median run is reported.")
    var runs: Int = 3

    @Option(name: .customLong("latency-messages"), help: "Messages of the end-to-end latency scenario (0 skips it).")
    var latencyMessages: Int = 20_000

    @Option(name: .customLong("latency-rate"), help: "Produce rate of the latency scenario, messages per second.")
    var latencyRate: Int = 5_000

    private static let topic = "bench.kafka"
    private static let latencyTopic = "bench.kafka.latency"

    /// Fetch settings used by both scenarios.
    private static let consumerProperties: [String: String] = [
        "fetch.wait.max.ms": "10",
        "queued.min.messages": "100000",
    ]

    func run() async throws {
        guard messages > 0, size > 0, partitions > 0, batch > 0, runs > 0 else {
            throw ConfigurationError("--messages, --size, --partitions, --batch and --runs must be positive")
        }
        let logger = KafkaCLISupport.logger("popstream.bench.kafka")
        let cluster = try MockCluster(brokers: 1, logger: logger)
        try cluster.createTopic(Self.topic, partitions: partitions)
        try await preload(bootstrap: cluster.bootstrapServers)
        try await checkRetention(bootstrap: cluster.bootstrapServers)

        var cRuns: [Measurement] = []
        var swiftRuns: [Measurement] = []
        for run in 0..<runs {
            cRuns.append(try await consumeWithC(bootstrap: cluster.bootstrapServers, run: run))
            swiftRuns.append(try await consumeWithSwift(bootstrap: cluster.bootstrapServers, run: run))
        }
        let c = Measurement.median(cRuns)
        let swift = Measurement.median(swiftRuns)
        print(c.json(scenario: "kafka-consume-c-baseline", runs: runs))
        print(swift.json(scenario: "kafka-consume-swift", runs: runs))
        let ratio = swift.eventsPerSecond / c.eventsPerSecond
        print(#"{"scenario":"kafka-consume-ratio","swift_over_c":\#(String(format: "%.3f", ratio)),"target":0.8,"meets_target":\#(ratio >= 0.8)}"#)
        if latencyMessages > 0 {
            try cluster.createTopic(Self.latencyTopic, partitions: 6)
            print(try await endToEndLatency(bootstrap: cluster.bootstrapServers))
        }
        withExtendedLifetime(cluster) {}
    }

    private func preload(bootstrap: String) async throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        configuration.linger = .milliseconds(20)
        configuration.queueBufferingMaxMessages = 200_000
        let producer = try KafkaProducer(configuration: configuration, logger: KafkaCLISupport.logger("popstream.bench.producer"))
        let value = (0..<size).map { UInt8(truncatingIfNeeded: 32 + $0 % 90) }
        var sent = 0
        var failed = 0
        let chunk = 20_000
        while sent < messages {
            let count = min(chunk, messages - sent)
            let batch = (sent..<(sent + count)).map { index in
                KafkaProducerMessage(topic: Self.topic, partition: Int32(index % partitions),
                                     key: "subject-\(index)", value: value)
            }
            failed += try await producer.sendAll(batch).filter { !$0.isDelivered }.count
            sent += count
        }
        await producer.close()
        if failed > 0 { throw ValidationError("preload: \(failed) messages not delivered") }
    }

    private func checkRetention(bootstrap: String) async throws {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(
            bootstrapServers: [bootstrap], groupID: "popstream-bench-check"))
        var total: Int64 = 0
        for partition in 0..<partitions {
            let marks = try await consumer.watermarks(KafkaTopicPartition(topic: Self.topic, partition: Int32(partition)))
            guard marks.low == 0 else {
                throw ValidationError("partition \(partition) lost data (low watermark \(marks.low)): use more partitions")
            }
            total += marks.high
        }
        try await consumer.close()
        guard total == Int64(messages) else { throw ValidationError("topic holds \(total) messages, expected \(messages)") }
    }

    private func consumeWithC(bootstrap: String, run: Int) async throws -> Measurement {
        var properties = Self.consumerProperties
        properties["group.id"] = "popstream-bench-c-\(run)"
        let result = try await CBaselineConsumer.consume(bootstrap: bootstrap, topic: Self.topic, partitions: partitions,
                                                         messages: messages, batch: batch, properties: properties)
        return Measurement(messages: result.messages, bytes: result.bytes, elapsed: result.elapsedSeconds)
    }

    private func consumeWithSwift(bootstrap: String, run: Int) async throws -> Measurement {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: "popstream-bench-swift-\(run)")
        configuration.properties = Self.consumerProperties
        let consumer = try KafkaConsumer(configuration: configuration, logger: KafkaCLISupport.logger("popstream.bench.consumer"))
        var offsets: [KafkaTopicPartition: KafkaOffset] = [:]
        for partition in 0..<partitions {
            offsets[KafkaTopicPartition(topic: Self.topic, partition: Int32(partition))] = .beginning
        }
        let clock = ContinuousClock()
        let start = clock.now
        var last = start
        try consumer.assign(offsets)
        var count = 0
        var bytes = 0
        let deadline = start + .seconds(120)
        while count < messages, clock.now < deadline {
            let polled = try await consumer.poll(maxMessages: batch, timeout: .seconds(1))
            for message in polled {
                bytes += message.value.count
            }
            count += polled.count
            if !polled.isEmpty { last = clock.now }
        }
        try await consumer.close()
        guard count == messages else { throw ValidationError("Swift consumer read \(count) of \(messages) messages") }
        let elapsed = last - start
        return Measurement(messages: count, bytes: bytes,
                           elapsed: elapsed.seconds)
    }
}

extension KafkaBenchCommand {
    /// Produce at a steady rate while consuming; latency = consume time - produce time of each message
    /// (both read from the same monotonic clock: one process). Swift layer only.
    fileprivate func endToEndLatency(bootstrap: String) async throws -> String {
        let total = latencyMessages
        var consumerConfiguration = KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: "popstream-bench-latency")
        // The mock answers an empty fetch at once; librdkafka then backs off fetch.error.backoff.ms (500 ms).
        consumerConfiguration.properties = ["fetch.wait.max.ms": "0", "fetch.error.backoff.ms": "5"]
        let consumer = try KafkaConsumer(configuration: consumerConfiguration,
                                         logger: KafkaCLISupport.logger("popstream.bench.consumer"))
        var offsets: [KafkaTopicPartition: KafkaOffset] = [:]
        for partition in 0..<6 { offsets[KafkaTopicPartition(topic: Self.latencyTopic, partition: Int32(partition))] = .beginning }
        try consumer.assign(offsets)
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: [bootstrap])
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration,
                                         logger: KafkaCLISupport.logger("popstream.bench.producer"))
        // Warm-up, not measured: producer id, metadata and leaders of every partition (about 1 s on the mock;
        // without it the first second of messages queues behind it).
        let warmUp = (0..<6).map {
            KafkaProducerMessage(topic: Self.latencyTopic, partition: Int32($0), key: "warm-up", value: [UInt8](repeating: 0, count: 8))
        }
        guard try await producer.sendAll(warmUp).allSatisfy({ $0.isDelivered }) else {
            throw ValidationError("latency scenario: warm-up messages not delivered")
        }
        // ... and the consumer's first fetches.
        var warmedUp = 0
        let warmUpDeadline = ContinuousClock.now + .seconds(30)
        while warmedUp < warmUp.count, ContinuousClock.now < warmUpDeadline {
            warmedUp += try await consumer.poll(maxMessages: 100, timeout: .milliseconds(100)).count
        }
        let reader = Task { () throws -> [UInt64] in
            var latencies: [UInt64] = []
            latencies.reserveCapacity(total)
            let deadline = DispatchTime.now().uptimeNanoseconds + 120_000_000_000
            while latencies.count < total, DispatchTime.now().uptimeNanoseconds < deadline {
                // rd_kafka_consume_batch_queue waits for a full batch or the timeout: a short timeout bounds the latency.
                let batch = try await consumer.poll(maxMessages: 1000, timeout: .milliseconds(10))
                let now = DispatchTime.now().uptimeNanoseconds
                for message in batch {
                    let sent = message.value.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    if sent != 0 { latencies.append(now &- sent) }  // 0: warm-up message
                }
            }
            return latencies
        }

        let tick = Duration.milliseconds(10)
        let perTick = max(1, latencyRate / 100)
        let padding = [UInt8](repeating: 0x61, count: max(0, size - 8))
        var senders: [Task<Int, any Error>] = []
        let clock = ContinuousClock()
        var next = clock.now
        var sent = 0
        while sent < total {
            let count = min(perTick, total - sent)
            let messages = (0..<count).map { index in
                var value = withUnsafeBytes(of: DispatchTime.now().uptimeNanoseconds) { Array($0) }
                value += padding
                return KafkaProducerMessage(topic: Self.latencyTopic, key: "subject-\(sent + index)", value: value)
            }
            senders.append(Task { try await producer.sendAll(messages).filter { !$0.isDelivered }.count })
            sent += count
            next = next.advanced(by: tick)
            try await Task.sleep(until: next, clock: clock)
        }
        var failed = 0
        for sender in senders { failed += try await sender.value }
        await producer.close()
        let latencies = try await reader.value.sorted()
        try await consumer.close()
        guard failed == 0, latencies.count == total else {
            throw ValidationError("latency scenario: \(failed) failed, \(latencies.count) of \(total) consumed")
        }
        func percentile(_ p: Double) -> String {
            let index = min(latencies.count - 1, Int((Double(latencies.count) * p).rounded(.up)) - 1)
            return String(format: "%.2f", Double(latencies[max(0, index)]) / 1e6)
        }
        return #"{"scenario":"kafka-produce-consume-latency","messages":\#(total),"rate_per_s":\#(latencyRate),"p50_ms":\#(percentile(0.5)),"p99_ms":\#(percentile(0.99)),"max_ms":\#(percentile(1.0))}"#
    }
}

/// One consume run.
private struct Measurement {
    var messages: Int
    var bytes: Int
    var elapsed: Double

    var eventsPerSecond: Double { Double(messages) / elapsed }
    var megabytesPerSecond: Double { Double(bytes) / 1_000_000 / elapsed }

    static func median(_ runs: [Measurement]) -> Measurement {
        let sorted = runs.sorted { $0.elapsed < $1.elapsed }
        return sorted[sorted.count / 2]
    }

    func json(scenario: String, runs: Int) -> String {
        let peakMB = ProcessMemory.peakResidentMegabytes
        return #"{"scenario":"\#(scenario)","messages":\#(messages),"bytes":\#(bytes),"elapsed_s":\#(String(format: "%.3f", elapsed)),"events_per_s":\#(String(format: "%.0f", eventsPerSecond)),"mb_per_s":\#(String(format: "%.1f", megabytesPerSecond)),"runs":\#(runs),"peak_rss_mb_process":\#(String(format: "%.1f", peakMB))}"#
    }
}
