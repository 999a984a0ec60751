import Dispatch
import Synchronization

/// Runs `body` as a task and blocks the current thread until it returns.
///
/// Only for threads of our own (a consumer's poll queue serving a rebalance callback), never a cooperative
/// one: the blocked thread waits for a task that needs the cooperative pool.
func runAndWait<T: Sendable>(_ body: @escaping @Sendable () async -> T) -> T {
    let result = Mutex<T?>(nil)
    let semaphore = DispatchSemaphore(value: 0)
    Task {
        let value = await body()
        result.withLock { $0 = value }
        semaphore.signal()
    }
    semaphore.wait()
    // Set before the signal that ended the wait.
    guard let value = result.withLock({ $0 }) else { preconditionFailure("runAndWait: no result after the signal") }
    return value
}
