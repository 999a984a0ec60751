import Kafka
import Synchronization

/// Publishes the generator's messages with a Kafka producer: at `rate` messages per second of wall time
/// (message `i` is due `i / rate` seconds after the start), or as fast as the producer takes them.
/// The messages themselves never depend on this timing.
struct SimulationPublisher: Sendable {
    /// How the run ends.
    enum Limit: Sendable, Equatable {
        /// Paced, this many messages (rate x duration).
        case paced(count: Int)
        /// Paced, until stopped.
        case pacedForever
        /// This many messages, unpaced.
        case asFastAsPossible(count: Int)
    }

    /// A flag set from a signal handler task and read by the publishing loop.
    final class StopFlag: Sendable {
        private let flag = Mutex(false)
        func set() { flag.withLock { $0 = true } }
        var isSet: Bool { flag.withLock { $0 } }
    }

    let settings: SimulationSettings
    let limit: Limit
    /// Largest batch handed to the producer at once.
    var batchLimit = 2_000

    /// Publishes until the limit, `stop`, or cancellation; returns what was handed to Kafka and delivered.
    func run(producer: KafkaProducer, stop: StopFlag) async -> SimulationSummary {
        var generator = SimulationGenerator(settings: settings)
        var summary = SimulationSummary()
        let start = ContinuousClock.now
        while !stop.isSet, !Task.isCancelled {
            let produced = generator.produced
            let due: Int
            switch limit {
            case .paced(let count):
                guard produced < count else { return summary }
                due = min(count, dueCount(since: start))
            case .pacedForever:
                due = dueCount(since: start)
            case .asFastAsPossible(let count):
                guard produced < count else { return summary }
                due = count
            }
            let batchSize = min(due - produced, batchLimit)
            guard batchSize > 0 else {
                // Sleep until the next message is due, in short steps so a stop is seen quickly.
                let next = Double(produced) / settings.rate
                let wait = max(0.001, min(0.05, next - elapsedSeconds(since: start)))
                try? await Task.sleep(for: .milliseconds(Int(wait * 1000) + 1))
                continue
            }
            let batch = generator.messages(count: batchSize)
            let messages = batch.map { KafkaProducerMessage(topic: $0.topic, key: $0.key, value: $0.value) }
            guard let reports = try? await producer.sendAll(messages) else { return summary }
            for (message, report) in zip(batch, reports) {
                summary.count(message)
                if report.error != nil { summary.failedDeliveries += 1 }
            }
        }
        return summary
    }

    private func dueCount(since start: ContinuousClock.Instant) -> Int {
        Int(elapsedSeconds(since: start) * settings.rate) + 1
    }

    private func elapsedSeconds(since start: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
