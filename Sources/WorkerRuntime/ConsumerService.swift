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
        let retention = RetentionLoss(consumer: consumer, metrics: metrics, logger: logger)
        var source: PartitionSource
        var watcher: Task<Void, Never>?
        defer { watcher?.cancel() }
        if configuration.takesWholeTopic {
            let started: (PartitionSource, Task<Void, Never>?)?
            do {
                started = try await assignWholeTopic(consumer, ownership: ownership, retention: retention)
            } catch {
                try? await consumer.close()
                throw error
            }
            guard let started else {
                try? await consumer.close()
                return   // stopped before the topic could be assigned
            }
            (source, watcher) = started
        } else {
            try consumer.subscribe(topics: [configuration.topic])
            source = .group
        }
        health.consuming(true)
        defer { health.consuming(false) }

        let monitor = Task { await HealthMonitor(configuration: configuration, store: store, metrics: metrics, health: health,
                                                 logger: logger).run(consumer: consumer, ownership: ownership) }
        defer { monitor.cancel() }
        do {
            try await consume(consumer, ownership: ownership, committer: committer, retention: retention, source: &source)
        } catch {
            _ = await committer.drain()
            try? await consumer.close(timeout: .seconds(10))
            throw error
        }
        if let failure = await committer.drain() {
            logger.warning("the last window did not commit", metadata: ["reason": "\(failure)"])
        }
        await retention.settle()
        do {
            try await consumer.close()
        } catch {
            logger.warning("consumer close", metadata: ["error": "\(error)"])
        }
        logger.info("consumer stopped")
    }

    /// Where the consumer's partitions come from.
    private enum PartitionSource {
        /// The group assigns them (rebalances).
        case group
        /// Every partition of the topic, assigned by hand (`assignedCount` of them); `TopicSize` follows the
        /// topic's partition count, so that partitions added to it are assigned too.
        case wholeTopic(WholeTopicAssigner, TopicSize, assignedCount: Int)
        /// `--until-end`: every partition, assigned by hand, consumed up to these end offsets.
        case untilEnd([TopicPartition: Int64])

        var endOffsets: [TopicPartition: Int64]? {
            if case .untilEnd(let ends) = self { ends } else { nil }
        }
    }

    /// Claims and assigns every partition of the topic: with `--until-end` at once (a missing topic is an
    /// error), otherwise once the topic exists and the broker and the store answer, then watched for partitions
    /// added later (the returned task, to cancel on stop). `nil` when the worker is stopped first.
    private func assignWholeTopic(_ consumer: KafkaConsumer, ownership: PartitionOwnership,
                                  retention: RetentionLoss) async throws -> (PartitionSource, Task<Void, Never>?)? {
        var adminConfiguration = KafkaAdminConfiguration(bootstrapServers: configuration.bootstrapServers)
        adminConfiguration.properties = configuration.producerConfiguration.properties
        let assigner = WholeTopicAssigner(topic: configuration.topic, group: configuration.group, store: store,
                                          admin: try KafkaAdmin(configuration: adminConfiguration, logger: logger),
                                          ownership: ownership, retention: retention, logger: logger)
        if configuration.untilEnd {
            let count = try await assigner.partitionCount()
            guard count > 0 else { throw WorkerError.topicMissing(configuration.topic) }
            let ends = try await assigner.assign(count: count, to: consumer).endOffsets
            logger.info("consuming until the end offsets seen at start", metadata: ["ends": "\(ends.sorted { $0.key < $1.key }.map(\.value))"])
            return (.untilEnd(ends), nil)
        }
        let count = await assigner.waitForTopic()
        guard count > 0, await assigner.assignRetrying(count: count, to: consumer) != nil else { return nil }
        let topicSize = TopicSize(count)
        let interval = configuration.partitionCheckInterval
        let watcher = Task { await assigner.watch(topicSize, every: interval) }
        return (.wholeTopic(assigner, topicSize, assignedCount: count), watcher)
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

    private func consume(_ consumer: KafkaConsumer, ownership: PartitionOwnership, committer: WindowCommitter,
                         retention: RetentionLoss, source: inout PartitionSource) async throws {
        let endOffsets = source.endOffsets
        var filler = WindowFiller(kind: configuration.kind, decoder: EventDecoder(maps: configuration.maps),
                                  deadLetterTopic: configuration.deadLetterTopic, store: store, metrics: metrics, retention: retention,
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
                guard case .group = source else { throw WorkerError.fenced(message) }
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
                if case .group = source {
                    let claims = await ownership.snapshot()
                    Task { await retention.check(claims) }
                }
            }
            if let failure = await committer.failureIfDone() { try await handle(failure, generation: generation) }
            if suspendedGeneration == generation { continue }
            if case .wholeTopic(let assigner, let topicSize, let assignedCount) = source, topicSize.count > assignedCount {
                // Partitions were added to the topic: the open window commits, then every partition is assigned
                // again (the new ones claimed), the others from the offsets just committed. This poll's messages
                // come again from there.
                await dropPending()
                if filler.openedAt != nil, let failure = await committer.submit(filler.close()) {
                    try await handle(failure, generation: generation)
                }
                if let failure = await committer.drain() { try await handle(failure, generation: generation) }
                filler.reset()
                guard let assigned = await assigner.assignRetrying(count: topicSize.count, to: consumer) else { break }
                source = .wholeTopic(assigner, topicSize, assignedCount: assigned.partitionCount)
                continue
            }
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
