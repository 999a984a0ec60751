import Synchronization

/// Collects the delivery reports of one `KafkaProducer.sendAll` call, in the order of its messages, and
/// resumes the waiting task once all have arrived.
final class DeliveryCollector: Sendable {
    private struct State {
        var reports: [KafkaDeliveryReport?]
        var remaining: Int
        var continuation: CheckedContinuation<[KafkaDeliveryReport], Never>?
    }

    private let state: Mutex<State>

    init(count: Int) {
        state = Mutex(State(reports: Array(repeating: nil, count: count), remaining: count, continuation: nil))
    }

    func record(_ report: KafkaDeliveryReport, at index: Int) {
        let finished: (CheckedContinuation<[KafkaDeliveryReport], Never>, [KafkaDeliveryReport])? = state.withLock { state in
            guard state.reports[index] == nil else { return nil }
            state.reports[index] = report
            state.remaining -= 1
            guard state.remaining == 0, let continuation = state.continuation else { return nil }
            state.continuation = nil
            return (continuation, state.reports.compactMap { $0 })
        }
        if let (continuation, reports) = finished { continuation.resume(returning: reports) }
    }

    /// Suspends until every report has been recorded.
    func wait() async -> [KafkaDeliveryReport] {
        await withCheckedContinuation { continuation in
            let ready: [KafkaDeliveryReport]? = state.withLock { state in
                if state.remaining == 0 { return state.reports.compactMap { $0 } }
                state.continuation = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
