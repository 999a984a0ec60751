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
        for (message, outcome) in zip(batch, decoded) {
            switch outcome {
            case .unclaimed: continue
            case .event(let event): events.append(event)
            case .rejected(let reason, let letter):
                rejected.append(reason)
                deadLetters.append(letter)
            }
            let number = message.partition, offset = message.offset
            if current?.partition.partition != number {
                if let finished = current { progress[finished.partition.partition] = finished }
                current = progress.removeValue(forKey: number)
            }
            if var seen = current.take() {   // taken out, so that `gaps` is not copied when it grows
                if offset > seen.last + 1 { seen.gaps.append(OffsetGap(partition: seen.partition, from: seen.last + 1, to: offset)) }
                seen.last = offset
                seen.count += 1
                seen.bytes += message.value.count
                current = seen
            } else {
                current = PreparedBatch.PartitionProgress(partition: TopicPartition(topic: message.topic, partition: number),
                                                          first: offset, last: offset, count: 1, bytes: message.value.count)
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

    /// What became of one message of a poll batch.
    private enum Decoded: Sendable {
        /// Its partition is not this instance's (any more): ignored.
        case unclaimed
        case event(HealthEvent)
        /// Refused: the reason, and the dead letter to send.
        case rejected(DeadLetterReason, KafkaProducerMessage)
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
            for offset in range {
                let message = batch[batch.index(batch.startIndex, offsetBy: offset)]
                let isClaimed = claimedPartitions[message.partition] ?? {
                    let value = claims[TopicPartition(topic: message.topic, partition: message.partition)] != nil
                    claimedPartitions[message.partition] = value
                    return value
                }()
                guard isClaimed else {
                    slice.append(.unclaimed)
                    continue
                }
                do {
                    slice.append(.event(try decodeMessage(message, decoder: decoder, kind: kind)))
                } catch {
                    slice.append(.rejected(error.reason, DeadLetters.message(for: message, rejection: error, topic: deadLetterTopic)))
                }
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
