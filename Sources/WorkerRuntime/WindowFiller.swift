import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store

/// Turns poll batches into the open commit window: decode and validate each message, set rejected
/// ones aside as dead letters, read the units of the accepted ones once per batch, apply them in
/// order, and record each partition's progress under its claim.
struct WindowFiller {
    let kind: EventKind
    let decoder: EventDecoder
    let deadLetterTopic: String
    let store: any StateStore
    let metrics: WorkerMetrics

    /// The open window.
    var window: CommitWindowBuilder
    /// Its rejected events.
    var deadLetters: [KafkaProducerMessage] = []
    /// When its first message arrived.
    var openedAt: ContinuousClock.Instant?

    /// Adds the messages of `batch` of partitions in `claims` (others are no longer this instance's).
    ///
    /// - Throws: ``AreaMissingError`` when a stored contribution lies in an area the map lacks; store errors.
    mutating func absorb(_ batch: KafkaMessageBatch, claims: [TopicPartition: PartitionOwnership.Claim]) async throws {
        guard !batch.isEmpty else { return }
        let decoded = await Self.decode(batch, claims: claims, decoder: decoder, kind: kind, deadLetterTopic: deadLetterTopic)
        var progress: [Int32: (partition: TopicPartition, last: Int64, count: Int, bytes: Int)] = [:]
        var events: [HealthEvent] = []
        events.reserveCapacity(batch.count)
        var rejected: [DeadLetterReason] = []
        for (message, outcome) in zip(batch, decoded) {
            switch outcome {
            case .unclaimed: continue
            case .event(let event): events.append(event)
            case .rejected(let reason, let letter):
                rejected.append(reason)
                deadLetters.append(letter)
            }
            let number = message.partition
            if progress[number] == nil {
                progress[number] = (TopicPartition(topic: message.topic, partition: number), message.offset, 0, 0)
            }
            progress[number]?.last = message.offset
            progress[number]?.count += 1
            progress[number]?.bytes += message.value.count
        }
        guard !progress.isEmpty else { return }
        if openedAt == nil { openedAt = .now }
        for (_, entry) in progress {
            guard let claim = claims[entry.partition] else { continue }
            window.consumed(entry.partition, epoch: claim.epoch, from: claim.storedOffset, through: entry.last,
                            messages: entry.count, bytes: entry.bytes)
        }
        for reason in rejected { metrics.rejected(reason) }
        guard !events.isEmpty else { return }
        try await loadWithRetries(events.map(\.unitKey))
        var counts: [ApplyOutcome: Int] = [:]
        let now = Date().timeIntervalSince1970
        for event in events {
            let outcome = try window.apply(event)
            counts[outcome, default: 0] += 1
            if outcome == .applied { metrics.eventLag(seconds: now - event.envelope.recordedAt) }
        }
        metrics.events(.applied, count: counts[.applied] ?? 0)
        metrics.events(.duplicate, count: counts[.duplicate] ?? 0)
        metrics.events(.stale, count: counts[.stale] ?? 0)
    }

    /// Reads the units' stored states; a retryable store failure is tried again a few times (a brief
    /// outage of the store does not stop the worker), anything else is thrown.
    private mutating func loadWithRetries(_ keys: [UnitKey]) async throws {
        var attempt = 1
        while true {
            do {
                try await window.load(units: keys, from: store)
                return
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

    /// Closes the window for the committer and opens its successor.
    mutating func close() -> ClosedWindow {
        let closed = ClosedWindow(commit: window.commit(), deadLetters: deadLetters, messages: window.messageCount,
                                  openedAt: openedAt ?? .now)
        window = window.successor()
        deadLetters = []
        openedAt = nil
        return closed
    }

    /// Drops the window and everything it carried over (units, partitions): the next one starts from
    /// the claims.
    mutating func reset() {
        window = CommitWindowBuilder(maps: window.maps, defaultMap: window.defaultMap, group: window.group)
        deadLetters = []
        openedAt = nil
    }
}
