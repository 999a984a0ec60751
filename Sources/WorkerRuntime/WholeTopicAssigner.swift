import Kafka
import Logging
import ServiceLifecycle
import Store

/// Gives a consumer every partition of its topic by hand, without group membership
/// (``PartitionAssignment/wholeTopic`` and `--until-end` runs).
///
/// Each partition is claimed in the store first (a new epoch, which fences any earlier owner, and the
/// stored next offset), then assigned from there; a partition never committed starts at its low
/// watermark. Partitions added to the topic later are claimed and assigned the same way, the ones already
/// owned kept at their stored offsets.
struct WholeTopicAssigner: Sendable {
    let topic: String
    let group: String
    let store: any StateStore
    let admin: KafkaAdmin
    let ownership: PartitionOwnership
    /// Reports stored offsets the broker's retention has passed.
    let retention: RetentionLoss
    let logger: Logger

    /// What an assignment found.
    struct Assigned: Sendable {
        /// How many partitions the topic has, all of them now assigned.
        var partitionCount: Int
        /// The high watermark of every partition that held messages when it was assigned.
        var endOffsets: [TopicPartition: Int64]
    }

    /// The topic's partition count, from the cluster's metadata; 0 when the topic does not exist.
    func partitionCount() async throws -> Int {
        try await admin.listTopics().first { $0.name == topic }?.partitionCount ?? 0
    }

    /// Claims the first `count` partitions of the topic that this instance does not own yet, then assigns all
    /// `count` to `consumer` (which makes its open window stale: a new assignment generation).
    ///
    /// Owned partitions restart at their stored offsets: commit what is in flight first.
    func assign(count: Int, to consumer: KafkaConsumer) async throws -> Assigned {
        let partitions = (0..<Int32(count)).map { TopicPartition(topic: topic, partition: $0) }
        var ends: [TopicPartition: Int64] = [:]
        var lows: [TopicPartition: Int64] = [:]
        for partition in partitions {
            let marks = try await consumer.watermarks(partition.kafka)
            if marks.high > marks.low { ends[partition] = marks.high }
            lows[partition] = marks.low
        }
        let owned = await ownership.snapshot()
        let claims = try await store.claimPartitions(group: group, partitions: partitions.filter { owned[$0] == nil })
        await ownership.assigned(claims)
        let next = await ownership.snapshot()
        for partition in partitions {
            if let low = lows[partition] { await retention.claimed(partition, stored: next[partition]?.storedOffset, low: low) }
        }
        // A partition never committed starts at its low watermark, read just above, rather than at the logical
        // `beginning`: librdkafka 2.0 then looks the offset up itself, which delayed the first fetch by about half
        // a second in most runs of the worker benchmark (docs/performance.md).
        let offsets = partitions.map { partition in
            (partition, max(next[partition]?.storedOffset ?? 0, lows[partition] ?? 0))
        }
        try consumer.assign(Dictionary(uniqueKeysWithValues: offsets.map { ($0.0.kafka, KafkaOffset($0.1)) }))
        logger.info("partitions assigned", metadata: [
            "partitions": "\(partitions.map(\.partition))",
            "offsets": "\(offsets.map { String($0.1) })",
            "claimed": "\(claims.map(\.partition.partition).sorted())",
        ])
        return Assigned(partitionCount: count, endOffsets: ends)
    }
}

extension WholeTopicAssigner {
    /// The topic's partition count once it exists (a worker may start before its topic is created); 0 when
    /// the worker is stopped first.
    func waitForTopic() async -> Int {
        var warning = WarningThrottle()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let count = try await partitionCount()
                if count > 0 { return count }
                if warning.isDue() { logger.warning("topic \(topic) does not exist yet; waiting for it") }
            } catch {
                if warning.isDue() { logger.warning("the topic's metadata could not be read; retrying", metadata: ["error": "\(error)"]) }
            }
            try? await Task.sleep(for: .seconds(1))
        }
        return 0
    }

    /// ``assign(count:to:)``, tried again every second while the broker or the store fails (a running worker
    /// waits for them, as a group member does); `nil` when the worker is stopped first.
    func assignRetrying(count: Int, to consumer: KafkaConsumer) async -> Assigned? {
        var warning = WarningThrottle()
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                return try await assign(count: count, to: consumer)
            } catch {
                if warning.isDue() { logger.warning("could not assign the topic's partitions; retrying", metadata: ["error": "\(error)"]) }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return nil
    }

    /// Reads the topic's partition count every `interval` into `size`, until cancelled. A failed read (the
    /// broker down) changes nothing; a count never shrinks (Kafka cannot remove partitions).
    func watch(_ size: TopicSize, every interval: Duration) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            guard !Task.isCancelled, let count = try? await partitionCount() else { continue }
            size.grow(to: count)
        }
    }
}
