import Synchronization

/// Collects the delivery reports of one `KafkaProducer.sendAll` call, in the order of its messages, and
/// resumes the waiting task once all have arrived, or at once with `CancellationError` when cancelled.
final class DeliveryCollector: Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport?]
        var remaining: Int
        var continuation: CheckedContinuation<[KafkaDeliveryReport], any Error>?
        var cancelled = false
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(reports: Array(repeating: nil, count: count), remaining: count, continuation: nil))
    }

    /// Records the report of message `index` (the first report of an index counts).
    func record(_ report: KafkaDeliveryReport, at index: Int) {
        let finished: (CheckedContinuation<[KafkaDeliveryReport], any Error>, [KafkaDeliveryReport])? = state.withLock { state in
            guard state.reports[index] == nil else { return nil }
            state.reports[index] = report
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.reports.compactMap { $0 })
        }
        if let (continuation, reports) = finished { continuation.resume(returning: reports) }
    }

    /// Ends `wait` with `CancellationError` (now, or as soon as it is called).
    func cancel() {
        let continuation = state.withLock { state in
            state.cancelled = true
            defer { state.continuation = nil }
            return state.continuation
        }
        continuation?.resume(throwing: CancellationError())
    }

    /// Suspends until every report has been recorded; throws `CancellationError` once `cancel` was called.
    func wait() async throws -> [KafkaDeliveryReport] {
        try await withCheckedThrowingContinuation { continuation in
            let outcome: Result<[KafkaDeliveryReport], any Error>? = state.withLock { state in
                if state.cancelled { return .failure(CancellationError()) }
                if state.remaining == 0 { return .success(state.reports.compactMap { $0 }) }
                state.continuation = continuation
                return nil
            }
            if let outcome { continuation.resume(with: outcome) }
        }
    }
}
