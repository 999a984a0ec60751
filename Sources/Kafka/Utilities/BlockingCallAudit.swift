import Synchronization

/// Counts a client's blocking librdkafka calls by where they ran: inside a Swift task (on the cooperative
/// pool, which must never happen) or outside one (the clients' own Dispatch queues and threads).
///
/// A call runs inside a task when `withUnsafeCurrentTask` sees one: synchronous code called from an `async`
/// function. Code on a Dispatch queue or a `Thread` of our own sees none. Tests read the counts.
final class BlockingCallAudit: Sendable {
    private let inside = Atomic<Int>(0)
    private let outside = Atomic<Int>(0)

    /// Records one blocking call made from the current thread.
    func record() {
        let inTask = withUnsafeCurrentTask { $0 != nil }
        if inTask {
            inside.wrappingAdd(1, ordering: .relaxed)
        } else {
            outside.wrappingAdd(1, ordering: .relaxed)
        }
    }

    /// Blocking calls made from inside a Swift task.
    var callsInsideTasks: Int { inside.load(ordering: .relaxed) }
    /// Blocking calls made from a thread that runs no task.
    var callsOutsideTasks: Int { outside.load(ordering: .relaxed) }
}
