import Foundation
import Kafka
import Pipeline
import PopStreamCore
import Store

/// Turns poll batches into the open commit window: decode and validate each message, set rejected
/// ones aside as dead letters, read the units of the accepted ones once per batch, apply them in
/// order, and record each partition's progress under its claim.
///
/// The first steps (decoding, reading units) are ``BatchPreparer``'s and touch nothing of the window,
/// so that a worker can prepare its next poll batch while it applies the current one.
struct WindowFiller {
    /// Decodes poll batches and reads their units.
    let preparer: BatchPreparer
    let metrics: WorkerMetrics
    /// Told of offsets the consumer passed over, which may be messages deleted before they were read.
    let retention: RetentionLoss

    /// The open window.
    var window: CommitWindowBuilder
    /// Its rejected events.
    var deadLetters: [KafkaProducerMessage] = []
    /// When its first message arrived.
    var openedAt: ContinuousClock.Instant?

    init(kind: EventKind, decoder: EventDecoder, deadLetterTopic: String, store: any StateStore, metrics: WorkerMetrics,
         retention: RetentionLoss, window: CommitWindowBuilder) {
        self.preparer = BatchPreparer(kind: kind, decoder: decoder, deadLetterTopic: deadLetterTopic, store: store, metrics: metrics)
        self.metrics = metrics
        self.retention = retention
        self.window = window
    }

    /// Adds a batch prepared for this window, or for its predecessor before that one closed (its units
    /// were read while the predecessor's predecessor may still have been committing: see
    /// ``CommitWindowBuilder/successor()``), never one prepared earlier.
    ///
    /// - Throws: ``AreaMissingError`` when a stored contribution lies in an area the map lacks.
    mutating func absorb(_ prepared: PreparedBatch) throws {
        if openedAt == nil { openedAt = .now }
        var gaps: [OffsetGap] = []
        for entry in prepared.progress {
            guard let claim = prepared.claims[entry.partition] else { continue }
            // Where the partition was expected to go on: after the window's (or its predecessors') last message,
            // else at the claim's stored offset (a partition never committed starts wherever the broker begins).
            if let expected = window.nextOffset(of: entry.partition) ?? claim.storedOffset, entry.first > expected {
                gaps.append(OffsetGap(partition: entry.partition, from: expected, to: entry.first))
            }
            gaps += entry.gaps
            window.consumed(entry.partition, epoch: claim.epoch, from: claim.storedOffset, through: entry.last,
                            messages: entry.count, bytes: entry.bytes)
        }
        retention.skipped(gaps)
        deadLetters.append(contentsOf: prepared.deadLetters)
        for reason in prepared.rejected { metrics.rejected(reason) }
        guard !prepared.events.isEmpty else { return }
        let outcomes = try window.apply(prepared.events, adopting: prepared.units)
        var duplicates = 0, stale = 0
        let now = Date().timeIntervalSince1970
        for (event, outcome) in zip(prepared.events, outcomes) {
            switch outcome {
            case .applied: metrics.eventLag(seconds: now - event.envelope.recordedAt)
            case .duplicate: duplicates += 1
            case .stale: stale += 1
            }
        }
        metrics.events(.applied, count: outcomes.count - duplicates - stale)
        metrics.events(.duplicate, count: duplicates)
        metrics.events(.stale, count: stale)
    }

    /// Closes the window for the committer and opens its successor.
    mutating func close() -> ClosedWindow {
        let closed = ClosedWindow(window: window, deadLetters: deadLetters, messages: window.messageCount,
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
