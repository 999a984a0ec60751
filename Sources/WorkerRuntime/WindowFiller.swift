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
        var progress: [Int32: (partition: TopicPartition, last: Int64, count: Int, bytes: Int)] = [:]
        var events: [HealthEvent] = []
        events.reserveCapacity(batch.count)
        var rejected: [DeadLetterReason] = []
        for message in batch {
            let number = message.partition
            if progress[number] == nil {
                let partition = TopicPartition(topic: message.topic, partition: number)
                guard claims[partition] != nil else { continue }
                progress[number] = (partition, message.offset, 0, 0)
            }
            let value = message.value
            progress[number]?.last = message.offset
            progress[number]?.count += 1
            progress[number]?.bytes += value.count
            do {
                events.append(try decode(message))
            } catch {
                rejected.append(error.reason)
                deadLetters.append(DeadLetters.message(for: message, rejection: error, topic: deadLetterTopic))
            }
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

    /// Decodes one message of the worker's topic, checking its key.
    private func decode(_ message: KafkaMessage) throws(EventRejection) -> HealthEvent {
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
