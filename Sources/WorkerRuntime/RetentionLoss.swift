import Kafka
import Logging
import Store

/// Offsets a consumer passed over without reading them: from the offset it expected next on a partition
/// up to (not including) the offset it read instead.
struct OffsetGap: Sendable, Equatable {
    let partition: TopicPartition
    /// The offset the consumer expected next.
    let from: Int64
    /// The offset it read instead.
    let to: Int64
}

/// Messages the broker deleted (retention) before this worker read them, reported once each: an error log
/// naming the partition and the count, and `popstream_messages_lost_total`. Consumption goes on from the
/// oldest message kept (librdkafka itself moves such a partition there with only a warning); what was
/// deleted is gone from the figures.
///
/// Two ways lead here: a partition claimed with a stored next offset below its low watermark (the worker was
/// down longer than the topic's retention), and a gap in the offsets read while running (the worker fell
/// behind the retention, and librdkafka reset its position to the oldest message). Not every gap is a loss:
/// transaction markers, aborted transactions and compaction leave gaps too, so a gap counts only as far as it
/// lies below the partition's low watermark, which the watch asks the broker for.
actor RetentionLoss {
    private let consumer: KafkaConsumer
    private let metrics: WorkerMetrics
    private let logger: Logger
    /// Per partition, the offset below which losses have been reported: a loss is counted once, whichever
    /// way it is seen first.
    private var reportedBelow: [TopicPartition: Int64] = [:]
    /// Gaps waiting for a watermark look-up, and whether one is running.
    private var pending: [OffsetGap] = []
    private var checking = false
    /// The least time between two rounds of look-ups: a topic written in transactions has a gap (the commit
    /// marker) after each one, and the broker need not be asked about each.
    private let checkInterval: Duration = .seconds(1)
    /// When the last round of look-ups began.
    private var lastRound: ContinuousClock.Instant?

    init(consumer: KafkaConsumer, metrics: WorkerMetrics, logger: Logger) {
        self.consumer = consumer
        self.metrics = metrics
        self.logger = logger
    }

    /// Reports the messages of `partition` between `stored` and `low` (its low watermark), if any.
    func claimed(_ partition: TopicPartition, stored: Int64?, low: Int64) {
        guard let stored else { return }
        report(partition, from: stored, to: low)
    }

    /// Compares the stored offsets of a group assignment's `claims` with their partitions' low watermarks.
    func check(_ claims: [TopicPartition: PartitionOwnership.Claim]) async {
        for (partition, claim) in claims.sorted(by: { $0.key < $1.key }) where claim.storedOffset != nil {
            guard let low = await lowWatermark(partition) else { continue }
            claimed(partition, stored: claim.storedOffset, low: low)
        }
    }

    /// Queues `gaps` for a check against the partitions' low watermarks (in the background: the caller goes on).
    nonisolated func skipped(_ gaps: [OffsetGap]) {
        guard !gaps.isEmpty else { return }
        Task { await self.verify(gaps) }
    }

    /// Waits, at most `limit`, for the gaps already seen to be checked: a worker that stops calls it before it
    /// closes its consumer.
    func settle(within limit: Duration = .seconds(3)) async {
        let deadline = ContinuousClock.now + limit
        await Task.yield()   // gives the look-ups just queued by `skipped` a chance to begin
        while checking || !pending.isEmpty, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    private func verify(_ gaps: [OffsetGap]) async {
        pending += gaps
        guard !checking else { return }
        checking = true
        defer { checking = false }
        while !pending.isEmpty {
            // Gaps wholly below what was reported already need no look-up (the first batch after a claim that
            // reported a loss starts at the low watermark).
            let batch = pending.filter { $0.to > (reportedBelow[$0.partition] ?? .min) }
            pending = []
            guard !batch.isEmpty else { continue }
            // Gaps that come while a round waits or runs join the next one.
            if let lastRound, ContinuousClock.now < lastRound + checkInterval {
                try? await Task.sleep(until: lastRound + checkInterval)
            }
            lastRound = .now
            for (partition, gaps) in Dictionary(grouping: batch, by: \.partition).sorted(by: { $0.key < $1.key }) {
                guard let low = await lowWatermark(partition) else { continue }
                for gap in gaps.sorted(by: { $0.from < $1.from }) { report(partition, from: gap.from, to: min(gap.to, low)) }
            }
        }
    }

    /// Logs and counts the offsets `from ..< to` of `partition` not reported before.
    private func report(_ partition: TopicPartition, from: Int64, to: Int64) {
        let start = max(from, reportedBelow[partition] ?? from)
        guard start < to else { return }
        reportedBelow[partition] = to
        logger.error("messages deleted before this worker read them: the broker's retention moved past the worker's offset", metadata: [
            "topic": "\(partition.topic)", "partition": "\(partition.partition)", "expectedOffset": "\(start)", "resumedAt": "\(to)",
            "lost": "\(to - start)",
        ])
        metrics.messagesLost(topic: partition.topic, partition: partition.partition, count: to - start)
    }

    private func lowWatermark(_ partition: TopicPartition) async -> Int64? {
        do {
            return try await consumer.watermarks(partition.kafka).low
        } catch let error as KafkaError where error.kind == .closed {
            // The worker stopped without ``settle(within:)`` (an error): a stored offset the retention passed is
            // reported at the next claim; a gap seen in the last moments goes unreported.
            logger.debug("the consumer closed before the offsets could be compared", metadata: ["partition": "\(partition.partition)"])
            return nil
        } catch {
            logger.warning("could not compare the worker's offset with the broker's oldest message", metadata: [
                "partition": "\(partition.partition)", "error": "\(error)",
            ])
            return nil
        }
    }
}
