import Synchronization

/// Tells a poll running on the poll queue that the task awaiting it was cancelled.
final class PollCancellation: Sendable {
    private let cancelled = Atomic<Bool>(false)

    func cancel() { cancelled.store(true, ordering: .sequentiallyConsistent) }

    var isCancelled: Bool { cancelled.load(ordering: .sequentiallyConsistent) }
}
