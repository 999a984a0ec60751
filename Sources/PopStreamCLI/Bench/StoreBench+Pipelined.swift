import Pipeline
import PopStreamCore
import Store

extension StoreBench {
    /// A poll batch made and its units read ahead of the window that applies it.
    private struct PreparedPoll: Sendable {
        /// The workload after making the batch (it carries its random state and recent events on).
        var workload: StoredUnitsWorkload
        let events: [HealthEvent]
        let units: PrefetchedUnits
    }

    /// The worker's path without Kafka, overlapped as a worker overlaps it: each poll batch (`pollBatch` events) is
    /// made (in place of decoding) and its units read in a task while the batch before it is applied
    /// (`CommitWindowBuilder.prefetch`, then `apply(_:adopting:)`), and each closed window becomes its transaction and
    /// commits in a task while the next one fills (`CommitWindowBuilder.successor()`).
    func pipelinedWindows(size: Int, totalEvents: Int) async throws {
        let group = "bench-\(mapName)-\(size)-p"
        let partition = TopicPartition(topic: "health.newborn-screening.v1", partition: 0)
        guard let claim = try await store.claimPartitions(group: group, partitions: [partition]).first else { return }
        let storedUnits = try await store.unitStateCount()
        let store = self.store

        // The poll batches in order, each with whether it closes its window.
        var polls: [(count: Int, closes: Bool)] = []
        for windowStart in stride(from: 0, to: totalEvents, by: size) {
            let count = min(size, totalEvents - windowStart)
            for pollStart in stride(from: 0, to: count, by: pollBatch) {
                polls.append((min(pollBatch, count - pollStart), pollStart + pollBatch >= count))
            }
        }
        func prepare(_ workload: StoredUnitsWorkload, count: Int) -> Task<PreparedPoll, any Error> {
            Task {
                var workload = workload
                let events = workload.events(count: count)
                let units = try await CommitWindowBuilder.prefetch(units: events.map(\.unitKey), from: store)
                return PreparedPoll(workload: workload, events: events, units: units)
            }
        }

        let start = ContinuousClock.now
        var readSeconds = 0.0, commitSeconds = 0.0, leafRows = 0, unitWrites = 0
        var offset: Int64 = claim.nextOffset ?? 0
        var window = CommitWindowBuilder(engine: engine, map: mapName, group: group)
        var committing: Task<(leafRows: Int, unitWrites: Int), any Error>?
        var next = prepare(StoredUnitsWorkload(prefix: prefix, storedUnits: storedUnits, communes: map.communes,
                                               seed: UInt64(size), newPrefix: "\(prefix)w\(size)p-"), count: polls[0].count)
        for (index, poll) in polls.enumerated() {
            let waitStart = ContinuousClock.now
            let prepared = try await next.value
            readSeconds += (ContinuousClock.now - waitStart).seconds
            if index + 1 < polls.count { next = prepare(prepared.workload, count: polls[index + 1].count) }
            _ = try window.apply(prepared.events, adopting: prepared.units)
            window.consumed(partition, epoch: claim.epoch, from: claim.nextOffset, through: offset + Int64(poll.count) - 1,
                            messages: poll.count, bytes: 0)
            offset += Int64(poll.count)
            guard poll.closes else { continue }
            // Windows commit in order: the previous one first.
            let commitStart = ContinuousClock.now
            if let done = try await committing?.value {
                leafRows += done.leafRows
                unitWrites += done.unitWrites
            }
            commitSeconds += (ContinuousClock.now - commitStart).seconds
            let closed = window
            window = window.successor()
            committing = Task {
                let batch = closed.commit()
                try await store.commitBatch(batch)
                return (batch.leafCounters.count, batch.unitStates.count)
            }
        }
        let drainStart = ContinuousClock.now
        if let done = try await committing?.value {
            leafRows += done.leafRows
            unitWrites += done.unitWrites
        }
        commitSeconds += (ContinuousClock.now - drainStart).seconds
        emitWindows(scenario: "store.windows-pipelined", size: size, windows: (totalEvents + size - 1) / size, totalEvents: totalEvents,
                    storedUnits: storedUnits, leafRows: leafRows, unitWrites: unitWrites,
                    totalSeconds: (ContinuousClock.now - start).seconds, commitSeconds: commitSeconds,
                    commitMeaning: "waiting for commits", loadSeconds: readSeconds, loadMeaning: "waiting for the batch read ahead")
    }
}
