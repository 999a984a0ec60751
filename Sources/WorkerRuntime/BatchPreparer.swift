import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store

/// A poll batch made ready for a window: decoded, its rejected messages turned into dead letters, its
/// units read from the store, and what it consumed of each partition.
struct PreparedBatch: Sendable {
    /// How far a batch went in one partition.
    struct PartitionProgress: Sendable {
        let partition: TopicPartition
        /// The first offset the batch read, and the last.
        let first: Int64
        var last: Int64
        var count = 0
        var bytes = 0
        /// Offsets passed over between two messages of the batch.
        var gaps: [OffsetGap] = []
    }

    /// The claims the batch was prepared under (its messages of other partitions were left out).
    let claims: [TopicPartition: PartitionOwnership.Claim]
    let progress: [PartitionProgress]
    /// The accepted events, in the batch's order.
    let events: [HealthEvent]
    /// The reasons of the rejected ones, and their dead letters.
    let rejected: [DeadLetterReason]
    let deadLetters: [KafkaProducerMessage]
    /// The stored states of the accepted events' units.
    let units: PrefetchedUnits
}

/// Decodes a poll batch and reads its units: the part of filling a window that does not touch it.
struct BatchPreparer: Sendable {
    let kind: EventKind
    let decoder: EventDecoder
    let deadLetterTopic: String
    let store: any StateStore
    let metrics: WorkerMetrics

    /// `batch` made ready for a window, or `nil` when none of its messages is of a partition in `claims`.
    ///
    /// - Throws: store errors that retries did not overcome, undecodable stored states.
    func prepare(_ batch: KafkaMessageBatch, claims: [TopicPartition: PartitionOwnership.Claim]) async throws -> PreparedBatch? {
        guard !batch.isEmpty else { return nil }
        let decoded = await Self.decode(batch, claims: claims, decoder: decoder, kind: kind, deadLetterTopic: deadLetterTopic)
        var progress: [Int32: PreparedBatch.PartitionProgress] = [:]
        // The partition of the messages just read, kept out of the dictionary while its run lasts (a batch holds
        // long runs of one partition): one look-up per run, not three per message.
        var current: PreparedBatch.PartitionProgress?
        var events: [HealthEvent] = []
        events.reserveCapacity(batch.count)
        var rejected: [DeadLetterReason] = []
        var deadLetters: [KafkaProducerMessage] = []
        for (position, item) in decoded.enumerated() {
            switch item.outcome {
            case .unclaimed: continue
            case .event(let event): events.append(event)
            case .rejected(let reason, let letter):
                rejected.append(reason)
                deadLetters.append(letter)
            }
            let number = item.partition, offset = item.offset
            if current?.partition.partition != number {
                if let finished = current { progress[finished.partition.partition] = finished }
                current = progress.removeValue(forKey: number)
            }
            if var seen = current.take() {   // taken out, so that `gaps` is not copied when it grows
                if offset > seen.last + 1 { seen.gaps.append(OffsetGap(partition: seen.partition, from: seen.last + 1, to: offset)) }
                seen.last = offset
                seen.count += 1
                seen.bytes += item.bytes
                current = seen
            } else {
                let topic = batch[batch.index(batch.startIndex, offsetBy: position)].topic
                current = PreparedBatch.PartitionProgress(partition: TopicPartition(topic: topic, partition: number),
                                                          first: offset, last: offset, count: 1, bytes: item.bytes)
            }
        }
        if let finished = current { progress[finished.partition.partition] = finished }
        guard !progress.isEmpty else { return nil }
        let units = events.isEmpty ? PrefetchedUnits.none : try await readWithRetries(events.map(\.unitKey))
        return PreparedBatch(claims: claims, progress: Array(progress.values), events: events, rejected: rejected,
                             deadLetters: deadLetters, units: units)
    }

    /// Reads the units' stored states; a retryable store failure is tried again a few times (a brief
    /// outage of the store does not stop the worker), anything else is thrown.
    private func readWithRetries(_ keys: [UnitKey]) async throws -> PrefetchedUnits {
        var attempt = 1
        while true {
            do {
                return try await CommitWindowBuilder.prefetch(units: keys, from: store)
            } catch let error as StoreError where error.isRetryable && attempt < WindowCommitter.attempts {
                metrics.storeError()
                try await Task.sleep(for: .milliseconds(200 * (1 << attempt)))
                attempt += 1
            }
        }
    }

    /// What became of one message of a poll batch, and where it lay: read while decoding it, so that the
    /// window's progress does not go back to the messages (whose memory is cold by then).
    private struct Decoded: Sendable {
        enum Outcome: Sendable {
            /// Its partition is not this instance's (any more): ignored.
            case unclaimed
            case event(HealthEvent)
            /// Refused: the reason, and the dead letter to send.
            case rejected(DeadLetterReason, KafkaProducerMessage)
        }

        var outcome: Outcome
        var partition: Int32
        var offset: Int64
        /// The length of its value.
        var bytes: Int
    }

    /// Batches of at least this many messages are decoded in slices on several tasks (decoding is the largest
    /// part of filling a window, and the consume loop is otherwise one task); smaller ones on the calling task.
    static let parallelDecodeThreshold = 512

    /// Decodes `batch` in order, in parallel slices when it is large; messages of partitions not in `claims` are
    /// left undecoded.
    private static func decode(_ batch: KafkaMessageBatch, claims: [TopicPartition: PartitionOwnership.Claim], decoder: EventDecoder, kind: EventKind,
                               deadLetterTopic: String) async -> [Decoded] {
        @Sendable func decodeSlice(_ range: Range<Int>) -> [Decoded] {
            var slice: [Decoded] = []
            slice.reserveCapacity(range.count)
            var claimedPartitions: [Int32: Bool] = [:]
            // The partition of the run of messages being read, and whether it is claimed: looked up once per run.
            var run: (partition: Int32, isClaimed: Bool)?
            for offset in range {
                let message = batch[batch.index(batch.startIndex, offsetBy: offset)]
                let partition = message.partition
                if run?.partition != partition {
                    let isClaimed = claimedPartitions[partition] ?? {
                        let value = claims[TopicPartition(topic: message.topic, partition: partition)] != nil
                        claimedPartitions[partition] = value
                        return value
                    }()
                    run = (partition, isClaimed)
                }
                let isClaimed = run?.isClaimed ?? false
                let outcome: Decoded.Outcome
                if !isClaimed {
                    outcome = .unclaimed
                } else {
                    do {
                        outcome = .event(try decodeMessage(message, decoder: decoder, kind: kind))
                    } catch {
                        outcome = .rejected(error.reason, DeadLetters.message(for: message, rejection: error, topic: deadLetterTopic))
                    }
                }
                slice.append(Decoded(outcome: outcome, partition: partition, offset: message.offset, bytes: message.value.count))
            }
            return slice
        }
        let count = batch.count
        let slices = count < parallelDecodeThreshold ? 1 : min(4, max(1, ProcessInfo.processInfo.activeProcessorCount))
        guard slices > 1 else { return decodeSlice(0..<count) }
        let size = (count + slices - 1) / slices
        return await withTaskGroup(of: (Int, [Decoded]).self) { group in
            for slice in 0..<slices {
                let range = (slice * size)..<min(count, (slice + 1) * size)
                guard !range.isEmpty else { continue }
                group.addTask { (slice, decodeSlice(range)) }
            }
            var parts = [[Decoded]](repeating: [], count: slices)
            for await (slice, part) in group { parts[slice] = part }
            return parts.flatMap { $0 }
        }
    }

    /// Decodes one message of the worker's topic, checking its key.
    private static func decodeMessage(_ message: KafkaMessage, decoder: EventDecoder, kind: EventKind) throws(EventRejection) -> HealthEvent {
        let result: Result<HealthEvent, EventRejection> = message.value.withUnsafeBytes { value in
            guard let key = message.key else {
                return Result { () throws(EventRejection) in try decoder.decode(value, kind: kind, key: nil) }
            }
            return key.withUnsafeBytes { keyBytes in
                Result { () throws(EventRejection) in try decoder.decode(value, kind: kind, key: keyBytes) }
            }
        }
        return try result.get()
    }
}
