import Synchronization

/// An error kept for later: the first error of a request that ran without its caller waiting for it.
final class PendingFailure: Sendable {
    private let error = Mutex<KafkaError?>(nil)

    /// Keeps `failure` unless an earlier one is still kept.
    func record(_ failure: KafkaError) {
        error.withLock { if $0 == nil { $0 = failure } }
    }

    /// The kept error, if any, which is no longer kept.
    func take() -> KafkaError? {
        error.withLock { $0.take() }
    }
}
