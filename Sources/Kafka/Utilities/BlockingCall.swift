import Dispatch

/// Runs a blocking librdkafka call on `queue` (a Dispatch thread, never Swift's cooperative pool) and
/// suspends the calling task until it returns.
func blockingCall<T: Sendable>(
    on queue: DispatchQueue,
    _ body: @escaping @Sendable () throws -> T
) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        queue.async {
            continuation.resume(with: Result { try body() })
        }
    }
}
