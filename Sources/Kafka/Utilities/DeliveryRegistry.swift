import Dispatch
import Synchronization

/// The tasks waiting for one producer's delivery reports, shared with its delivery callback (not the producer
/// itself, which would be a cycle). Every waiter is resumed exactly once: by its report, by `cancel`, or by
/// `failAll` when the producer closes; `forget` drops waiters nobody awaits any more.
final class DeliveryRegistry: Sendable {
    enum Waiter: Sendable {
        /// One `send`: resumed with the report, or nil when the sending task was cancelled.
        case single(CheckedContinuation<KafkaDeliveryReport?, Never>)
        /// One message of a `sendAll`, at its index.
        case collector(DeliveryCollector, Int)
    }

    private struct State {
        var nextID: UInt64 = 1
        var waiters: [UInt64: Waiter] = [:]
        /// Tasks waiting for room in librdkafka's local queue, woken by the next delivery report.
        var roomWaiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var nextRoomWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A new message id (librdkafka's opaque, returned in the delivery report).
    func makeID() -> UInt64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            return state.nextID
        }
    }

    /// Registers the waiter of message `id`; must happen before the message is produced (its report may
    /// arrive before `produce` returns).
    func register(_ id: UInt64, _ waiter: Waiter) {
        state.withLock { $0.waiters[id] = waiter }
    }

    /// Hands `report` to the waiter of `id` (if it still has one) and wakes the tasks waiting for room.
    func resolve(_ id: UInt64, _ report: KafkaDeliveryReport) {
        let (waiter, roomWaiters) = state.withLock { state in
            let waiter = state.waiters.removeValue(forKey: id)
            guard !state.roomWaiters.isEmpty else { return (waiter, [CheckedContinuation<Void, Never>]()) }
            defer { state.roomWaiters.removeAll() }
            return (waiter, Array(state.roomWaiters.values))
        }
        Self.resume(waiter, with: report)
        for roomWaiter in roomWaiters { roomWaiter.resume() }
    }

    /// Resumes a cancelled `send` (nil report) if it is still waiting.
    func cancel(_ id: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        if case .single(let continuation) = waiter { continuation.resume(returning: nil) }
    }

    /// Drops the waiters of `ids` without resuming anything (a cancelled `sendAll` that no longer awaits them).
    func forget(_ ids: [UInt64]) {
        state.withLock { state in
            for id in ids { state.waiters.removeValue(forKey: id) }
        }
    }

    /// Fails every waiter left with `report` (the producer closed: their reports will never come).
    func failAll(_ report: KafkaDeliveryReport) {
        let waiters = state.withLock { state in
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { Self.resume(waiter, with: report) }
        wakeRoomWaiters()
    }

    /// Wakes every task waiting for room (the producer is closing: they stop waiting).
    func wakeRoomWaiters() {
        let roomWaiters = state.withLock { state in
            defer { state.roomWaiters.removeAll() }
            return Array(state.roomWaiters.values)
        }
        for roomWaiter in roomWaiters { roomWaiter.resume() }
    }

    /// Suspends until the next delivery report (a message left the local queue), the task is cancelled, or
    /// `timeout` at most (a bound in case the queue is held by something other than messages awaiting reports).
    func waitForRoom(timeout: DispatchTimeInterval) async {
        let id = state.withLock { state in
            state.nextRoomWaiterID += 1
            return state.nextRoomWaiterID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                state.withLock { $0.roomWaiters[id] = continuation }
                if Task.isCancelled { wakeRoomWaiter(id) }
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [weak self] in
                    self?.wakeRoomWaiter(id)
                }
            }
        } onCancel: {
            wakeRoomWaiter(id)
        }
    }

    /// Waiters and room waiters not resumed yet.
    var pendingCount: Int {
        state.withLock { $0.waiters.count + $0.roomWaiters.count }
    }

    private func wakeRoomWaiter(_ id: UInt64) {
        state.withLock { $0.roomWaiters.removeValue(forKey: id) }?.resume()
    }

    private static func resume(_ waiter: Waiter?, with report: KafkaDeliveryReport) {
        switch waiter {
        case .single(let continuation): continuation.resume(returning: report)
        case .collector(let collector, let index): collector.record(report, at: index)
        case nil: break
        }
    }
}
