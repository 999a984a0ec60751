import Dispatch
import Foundation
import Logging
import Synchronization

/// Produces messages and surfaces every delivery report to the caller.
///
/// Idempotent by default (see `KafkaProducerConfiguration`). A dedicated thread serves librdkafka's events
/// (delivery reports) with `rd_kafka_poll`; callers await their reports without blocking any thread of the
/// cooperative pool:
/// - `send(_:)` awaits the report of one message and throws if it failed;
/// - `sendAll(_:)` enqueues many messages and returns every report, in order (throughput path).
/// Call `close()` to flush and release the client.
public final class KafkaProducer: Sendable {
    private enum Waiter: Sendable {
        case single(CheckedContinuation<KafkaDeliveryReport, Never>)
        case collector(DeliveryCollector, Int)
    }

    private struct State {
        var nextID: UInt64 = 1
        var waiters: [UInt64: Waiter] = [:]
        /// Tasks waiting for room in librdkafka's local queue, woken by the next delivery report.
        var roomWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextRoomWaiterID: UInt64 = 0
        var closed = false
    }

    /// Shared with the delivery callback (not the producer itself, which would be a cycle).
    private final class Deliveries: Sendable {
        let state = Mutex(State())

        func resolve(_ id: UInt64, _ report: KafkaDeliveryReport) {
            let (waiter, roomWaiters) = state.withLock { state in
                let waiter = state.waiters.removeValue(forKey: id)
                guard !state.roomWaiters.isEmpty else { return (waiter, [CheckedContinuation<Void, Never>]()) }
                defer { state.roomWaiters.removeAll() }
                return (waiter, Array(state.roomWaiters.values))
            }
            switch waiter {
            case .single(let continuation): continuation.resume(returning: report)
            case .collector(let collector, let index): collector.record(report, at: index)
            case nil: break
            }
            for roomWaiter in roomWaiters { roomWaiter.resume() }
        }

        /// Suspends until the next delivery report (a message left the local queue), or `timeout` at most
        /// (a bound in case the queue is held by something other than messages awaiting reports).
        func waitForRoom(timeout: DispatchTimeInterval) async {
            await withCheckedContinuation { continuation in
                let id = state.withLock { state in
                    state.nextRoomWaiterID += 1
                    state.roomWaiters[state.nextRoomWaiterID] = continuation
                    return state.nextRoomWaiterID
                }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [self] in
                    state.withLock { $0.roomWaiters.removeValue(forKey: id) }?.resume()
                }
            }
        }
    }

    private let client: RDKafkaClient
    private let deliveries: Deliveries
    private let pollThread: RDKafkaPollThread
    private let blockingQueue = DispatchQueue(label: "popstream.kafka.producer.blocking", attributes: .concurrent)
    public let logger: Logger

    /// Creates the producer; throws `KafkaError` (kind `.configuration`) with librdkafka's message when a
    /// property is unknown or invalid.
    public init(configuration: KafkaProducerConfiguration, logger: Logger = Logger(label: "popstream.kafka.producer")) throws {
        let deliveries = Deliveries()
        let context = RDKafkaCallbackContext(logger: logger, onDelivery: { id, report in
            deliveries.resolve(id, report)
        })
        let client = try RDKafkaClient(type: .producer, properties: configuration.librdkafkaProperties, context: context)
        self.client = client
        self.deliveries = deliveries
        self.logger = logger
        self.pollThread = RDKafkaPollThread(name: "popstream.kafka.producer.poll", client: client)
    }

    deinit {
        pollThread.stop()
    }

    /// Produces one message and waits for its delivery report; throws `KafkaError` when it cannot be delivered.
    @discardableResult
    public func send(_ message: KafkaProducerMessage) async throws -> KafkaDeliveryReport {
        let id = try nextID()
        let report: KafkaDeliveryReport = await withCheckedContinuation { continuation in
            // Register the waiter before producing: the report may arrive before `produce` returns.
            deliveries.state.withLock { $0.waiters[id] = .single(continuation) }
            if let error = client.produce(message, id: id) {
                deliveries.resolve(id, KafkaDeliveryReport(
                    topic: message.topic, partition: message.partition ?? -1, offset: nil, error: error))
            }
        }
        if let error = report.error { throw error }
        return report
    }

    /// Produces every message (waiting for delivery reports while librdkafka's local queue is full) and returns their delivery reports in
    /// the order of `messages`. A failed message has a report with `error` set; nothing is retried here.
    public func sendAll(_ messages: [KafkaProducerMessage]) async throws -> [KafkaDeliveryReport] {
        let collector = DeliveryCollector(count: messages.count)
        for (index, message) in messages.enumerated() {
            let id = try nextID()
            deliveries.state.withLock { $0.waiters[id] = .collector(collector, index) }
            while let error = client.produce(message, id: id) {
                if error.isQueueFull {
                    // The local queue is full: wait for the poll thread to serve a delivery report, then retry.
                    try Task.checkCancellation()
                    await deliveries.waitForRoom(timeout: .milliseconds(100))
                    continue
                }
                deliveries.resolve(id, KafkaDeliveryReport(
                    topic: message.topic, partition: message.partition ?? -1, offset: nil, error: error))
                break
            }
        }
        return await collector.wait()
    }

    /// Waits until every enqueued message is delivered or failed.
    public func flush(timeout: Duration = .seconds(30)) async throws {
        let client = self.client
        try await blockingCall(on: blockingQueue) { try client.flush(timeoutMs: timeout.milliseconds) }
    }

    /// Flushes (up to `timeout`), stops the poll thread and fails any report still awaited.
    public func close(timeout: Duration = .seconds(30)) async {
        let alreadyClosed = deliveries.state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        do {
            try await flush(timeout: timeout)
        } catch {
            logger.warning("closing producer: \(error)")
        }
        await pollThread.stopAndWait()
        // Reports that never came (flush timed out): fail them rather than leave callers suspended.
        let orphans = deliveries.state.withLock { state in
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        let closedError = KafkaError.closed("producer")
        for waiter in orphans.values {
            let report = KafkaDeliveryReport(topic: "", partition: -1, offset: nil, error: closedError)
            switch waiter {
            case .single(let continuation): continuation.resume(returning: report)
            case .collector(let collector, let index): collector.record(report, at: index)
            }
        }
    }

    private func nextID() throws -> UInt64 {
        try deliveries.state.withLock { state in
            guard !state.closed else { throw KafkaError.closed("producer") }
            defer { state.nextID += 1 }
            return state.nextID
        }
    }
}
