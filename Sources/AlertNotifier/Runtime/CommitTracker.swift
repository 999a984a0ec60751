import Kafka

/// Which Kafka offsets may be committed: a message counts as done once every destination has finished with
/// it (delivered, dropped as a copy, or given up on). Per partition, the committable offset is the lowest
/// offset still pending, or one past the highest dispatched when nothing is.
///
/// A rebalance resets the partitions it touches (a new epoch): completions of messages dispatched before
/// no longer move their commit position, since the partitions restart at the committed offsets.
actor CommitTracker {
    /// A dispatched message, handed to each destination's worker; `complete` it once per destination.
    struct Ticket: Sendable {
        let id: UInt64
        let partition: KafkaTopicPartition
        let offset: Int64
        let epoch: UInt64
    }

    private struct PartitionState {
        var epoch: UInt64 = 0
        /// offset -> destinations not yet done with it.
        var pending: [Int64: Int] = [:]
        var highestDispatched: Int64 = -1
        var committed: Int64 = -1
    }

    private var partitions: [KafkaTopicPartition: PartitionState] = [:]
    private var nextEpoch: UInt64 = 1
    /// Ticket id -> destinations not yet done, for every message in flight (all epochs).
    private var outstanding: [UInt64: Int] = [:]
    private var outstandingCount = 0
    private var ticketID: UInt64 = 0

    /// Messages in flight (read, not finished on every destination).
    var inFlight: Int { outstandingCount }

    /// Registers the message at `offset` of `partition` for `destinations` destinations (zero: done at once).
    func register(_ partition: KafkaTopicPartition, offset: Int64, destinations: Int) -> Ticket {
        var state = partitions[partition] ?? PartitionState()
        if state.epoch == 0 {
            state.epoch = nextEpoch
            nextEpoch += 1
        }
        state.highestDispatched = max(state.highestDispatched, offset)
        if destinations > 0 { state.pending[offset, default: 0] += destinations }
        partitions[partition] = state
        ticketID += 1
        if destinations > 0 {
            outstanding[ticketID] = destinations
            outstandingCount += 1
        }
        return Ticket(id: ticketID, partition: partition, offset: offset, epoch: state.epoch)
    }

    /// One destination is done with `ticket`'s message.
    func complete(_ ticket: Ticket) {
        if let remaining = outstanding[ticket.id] {
            if remaining <= 1 {
                outstanding[ticket.id] = nil
                outstandingCount -= 1
            } else {
                outstanding[ticket.id] = remaining - 1
            }
        }
        guard var state = partitions[ticket.partition], state.epoch == ticket.epoch,
              let remaining = state.pending[ticket.offset] else { return }
        state.pending[ticket.offset] = remaining <= 1 ? nil : remaining - 1
        partitions[ticket.partition] = state
    }

    /// The offsets to commit now (only those that moved since the last commit), for `only` these
    /// partitions when given.
    func committable(only: Set<KafkaTopicPartition>? = nil) -> [KafkaTopicPartition: KafkaOffset] {
        var result: [KafkaTopicPartition: KafkaOffset] = [:]
        for (partition, state) in partitions where only?.contains(partition) ?? true {
            guard state.highestDispatched >= 0 else { continue }
            let next = state.pending.keys.min() ?? (state.highestDispatched + 1)
            if next > state.committed { result[partition] = KafkaOffset(next) }
        }
        return result
    }

    /// Records a successful commit.
    func committed(_ offsets: [KafkaTopicPartition: KafkaOffset]) {
        for (partition, offset) in offsets {
            guard var state = partitions[partition] else { continue }
            state.committed = max(state.committed, offset.rawValue)
            partitions[partition] = state
        }
    }

    /// Forgets `reset` partitions (revoked, lost or newly assigned): they restart at the committed offsets.
    func reset(_ reset: [KafkaTopicPartition]) {
        for partition in reset { partitions[partition] = nil }
    }
}
