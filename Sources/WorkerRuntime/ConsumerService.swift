import Foundation
import Kafka
import Logging
import Pipeline
import PopStreamCore
import ServiceLifecycle
import Store

/// The consume loop every worker shares, as a service: claim partitions on assignment, consume in
/// batches into commit windows, commit them in order (one fenced transaction each) while the next one
/// fills, and stop cleanly: the open window is committed on a graceful shutdown, and with `--until-end`
/// once the end offsets seen at start are reached.
struct ConsumerService: Service, CustomStringConvertible {
    /// How the service group names it in its logs (not the whole configuration).
    var description: String { "consumer(\(configuration.topic), group \(configuration.group))" }

    let configuration: WorkerConfiguration
    let store: any StateStore
    let producer: KafkaProducer
    let metrics: WorkerMetrics
    let health: WorkerHealth
    let signal: CommitSignal
    let logger: Logger

    func run() async throws {
        let ownership = PartitionOwnership()
        let committer = WindowCommitter(store: store, producer: producer, ownership: ownership, metrics: metrics,
                                        health: health, signal: signal, logger: logger)
        let consumer = try KafkaConsumer(configuration: configuration.consumerConfiguration,
                                         rebalanceHandler: rebalanceHandler(ownership: ownership, committer: committer),
                                         logger: logger)
        let endOffsets: [TopicPartition: Int64]?
        if configuration.untilEnd {
            endOffsets = try await assignEverything(consumer, ownership: ownership)
        } else {
            try consumer.subscribe(topics: [configuration.topic])
            endOffsets = nil
        }
        health.consuming(true)
        defer { health.consuming(false) }

        let monitor = Task { await HealthMonitor(configuration: configuration, store: store, metrics: metrics, health: health,
                                                 logger: logger).run(consumer: consumer, ownership: ownership) }
        defer { monitor.cancel() }
        do {
            try await consume(consumer, ownership: ownership, committer: committer, endOffsets: endOffsets)
        } catch {
            _ = await committer.drain()
            try? await consumer.close(timeout: .seconds(10))
            throw error
        }
        if let failure = await committer.drain() {
            logger.warning("the last window did not commit", metadata: ["reason": "\(failure)"])
        }
        do {
            try await consumer.close()
        } catch {
            logger.warning("consumer close", metadata: ["error": "\(error)"])
        }
        logger.info("consumer stopped")
    }

    /// Claims assigned partitions in the store (a new epoch, the stored offset) and starts them there;
    /// on revocation finishes the window in flight, so that a revoked partition is never committed later.
    private func rebalanceHandler(ownership: PartitionOwnership, committer: WindowCommitter) -> KafkaRebalanceHandler {
        let store = store, group = configuration.group, logger = logger
        let release: @Sendable ([KafkaTopicPartition], String) async -> Void = { partitions, how in
            if let failure = await committer.drain() {
                logger.warning("the window in flight did not commit before the partitions went", metadata: ["reason": "\(failure)"])
            }
            await ownership.released(partitions.map(TopicPartition.init))
            logger.info("partitions \(how)", metadata: ["partitions": "\(partitions.map(\.partition).sorted())"])
        }
        return KafkaRebalanceHandler(
            assigned: { partitions in
                let claims = try await store.claimPartitions(group: group, partitions: partitions.map(TopicPartition.init))
                await ownership.assigned(claims)
                logger.info("partitions assigned", metadata: [
                    "partitions": "\(claims.map(\.partition.partition).sorted())",
                    "offsets": "\(claims.sorted { $0.partition < $1.partition }.map { $0.nextOffset.map(String.init) ?? "start" })",
                ])
                return Dictionary(uniqueKeysWithValues: claims.map { ($0.partition.kafka, $0.nextOffset.map(KafkaOffset.init) ?? .beginning) })
            },
            revoked: { partitions in await release(partitions, "revoked") },
            lost: { partitions in await release(partitions, "lost") })
    }

    /// `--until-end`: every partition of the topic, claimed and assigned by hand; returns the end
    /// offsets to reach.
    private func assignEverything(_ consumer: KafkaConsumer, ownership: PartitionOwnership) async throws -> [TopicPartition: Int64] {
        var adminConfiguration = KafkaAdminConfiguration(bootstrapServers: configuration.bootstrapServers)
        adminConfiguration.properties = configuration.producerConfiguration.properties
        let admin = try KafkaAdmin(configuration: adminConfiguration, logger: logger)
        guard let topic = try await admin.listTopics().first(where: { $0.name == configuration.topic }) else {
            throw WorkerError.topicMissing(configuration.topic)
        }
        let partitions = (0..<Int32(topic.partitionCount)).map { TopicPartition(topic: configuration.topic, partition: $0) }
        var ends: [TopicPartition: Int64] = [:]
        var starts: [TopicPartition: Int64] = [:]
        for partition in partitions {
            let marks = try await consumer.watermarks(partition.kafka)
            if marks.high > marks.low { ends[partition] = marks.high }
            starts[partition] = marks.low
        }
        let claims = try await store.claimPartitions(group: configuration.group, partitions: partitions)
        await ownership.assigned(claims)
        // A partition never committed starts at its low watermark, read just above, rather than at the logical
        // `beginning`: librdkafka 2.0 then looks the offset up itself, which delayed the first fetch by about half
        // a second in most runs of the worker benchmark (docs/performance.md).
        try consumer.assign(Dictionary(uniqueKeysWithValues: claims.map { claim in
            (claim.partition.kafka, KafkaOffset(claim.nextOffset ?? starts[claim.partition] ?? 0))
        }))
        logger.info("consuming until the end offsets seen at start", metadata: ["ends": "\(ends.sorted { $0.key < $1.key }.map(\.value))"])
        return ends
    }

    private func consume(_ consumer: KafkaConsumer, ownership: PartitionOwnership, committer: WindowCommitter,
                         endOffsets: [TopicPartition: Int64]?) async throws {
        var filler = WindowFiller(kind: configuration.kind, decoder: EventDecoder(maps: configuration.maps),
                                  deadLetterTopic: configuration.deadLetterTopic, store: store, metrics: metrics,
                                  window: CommitWindowBuilder(maps: configuration.maps, defaultMap: configuration.mapName,
                                                              group: configuration.group))
        let preparer = filler.preparer
        var windowGeneration = consumer.assignmentGeneration
        // While set, this instance waits for a new assignment (after a fenced commit) and consumes nothing.
        var suspendedGeneration: UInt64?
        // A full poll batch being prepared (decoded, its units read) while the one before it is applied: a full
        // batch means more messages are waiting, so the next poll will not wait. Absorbed at the next turn, into
        // the open window or its successor (never later: at most one window closes per turn).
        var pending: Task<PreparedBatch?, any Error>?
        defer { pending?.cancel() }   // on an error: its result is not wanted

        func dropPending() async {
            guard let task = pending else { return }
            pending = nil
            task.cancel()
            _ = try? await task.value
        }

        func absorbPending() async throws {
            guard let task = pending else { return }
            pending = nil
            if let prepared = try await task.value { try filler.absorb(prepared) }
        }

        func handle(_ failure: CommitFailure, generation: UInt64) async throws {
            await dropPending()
            switch failure {
            case .fenced(let message):
                guard endOffsets == nil else { throw WorkerError.fenced(message) }
                logger.warning("commit fenced: another instance owns a partition now; dropping the window and rejoining the group",
                               metadata: ["reason": "\(message)"])
                filler.reset()
                suspendedGeneration = generation
                try consumer.subscribe(topics: [configuration.topic])
            case .failed(let message):
                throw WorkerError.commitFailed(message)
            }
        }

        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let batch: KafkaMessageBatch
            do {
                batch = try await consumer.poll(maxMessages: configuration.pollBatchSize, timeout: configuration.pollTimeout)
            } catch let error as KafkaRebalanceHandlerError {
                // The store could not claim the partitions: nothing was assigned (never the broker's offsets).
                await dropPending()
                metrics.storeError()
                logger.error("could not claim the assigned partitions; retrying the assignment", metadata: ["error": "\(error.underlying)"])
                try await Task.sleep(for: .seconds(1))
                try consumer.subscribe(topics: [configuration.topic])
                continue
            }
            let generation = consumer.assignmentGeneration
            if generation != windowGeneration {
                if !filler.window.isEmpty || pending != nil {
                    logger.info("assignment changed: the open window is dropped (its messages come again from the stored offsets)",
                                metadata: ["messages": "\(filler.window.messageCount)"])
                }
                await dropPending()
                filler.reset()
                windowGeneration = generation
                suspendedGeneration = nil
            }
            if let failure = await committer.failureIfDone() { try await handle(failure, generation: generation) }
            if suspendedGeneration == generation { continue }
            var next: Task<PreparedBatch?, any Error>?
            if batch.assignmentGeneration == generation, !batch.isEmpty {
                let claims = await ownership.snapshot()
                next = Task { try await preparer.prepare(batch, claims: claims) }
            }
            do {
                try await absorbPending()
            } catch {
                next?.cancel()
                throw error
            }
            if let next {
                if batch.count >= configuration.pollBatchSize {
                    pending = next
                } else if let prepared = try await next.value {
                    try filler.absorb(prepared)
                }
            }
            let reachedEnd = try await endOffsets.asyncMap { try await Self.reached($0, filler: filler, ownership: ownership) } ?? false
            guard let opened = filler.openedAt else {
                if reachedEnd, pending == nil { break }
                continue
            }
            if reachedEnd || configuration.window.isDue(filler.window, age: .now - opened) {
                if let failure = await committer.submit(filler.close()) {
                    try await handle(failure, generation: generation)
                }
                if reachedEnd, pending == nil { break }
            }
        }
        // Graceful stop: the batch in preparation and the open window commit too.
        if suspendedGeneration == nil, consumer.assignmentGeneration == windowGeneration {
            try await absorbPending()
        } else {
            await dropPending()
        }
        if filler.openedAt != nil, suspendedGeneration == nil {
            if let failure = await committer.submit(filler.close()) { try await handle(failure, generation: windowGeneration) }
        }
        if let failure = await committer.drain() { try await handle(failure, generation: windowGeneration) }
    }

    /// Whether every partition has been consumed (into the open window or committed) up to its end offset.
    private static func reached(_ ends: [TopicPartition: Int64], filler: WindowFiller, ownership: PartitionOwnership) async throws -> Bool {
        let claims = await ownership.snapshot()
        var consumed: [TopicPartition: Int64] = [:]
        for progress in filler.window.progress { consumed[progress.partition] = progress.nextOffset }
        for (partition, end) in ends {
            let position = max(consumed[partition] ?? 0, claims[partition]?.storedOffset ?? 0)
            if position < end { return false }
        }
        return true
    }
}

extension Optional {
    /// `map` with an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// Runtime failures that stop a worker (exit code 1).
enum WorkerError: Error, CustomStringConvertible {
    case topicMissing(String)
    case fenced(String)
    case commitFailed(String)

    var description: String {
        switch self {
        case .topicMissing(let topic): "topic \(topic) does not exist"
        case .fenced(let message): "another instance owns the partitions (\(message))"
        case .commitFailed(let message): "a window could not be committed: \(message)"
        }
    }
}
