import Dashboard
import Logging
import ServiceLifecycle

/// Keeps the dashboard's costliest reads warm while `serve` runs (``Dashboard/warm()`` every `interval`), so
/// that the national page and the provinces' pages answer a first view from memory. A failed read is logged
/// and tried again at the next turn; pages read the store themselves meanwhile.
struct DashboardWarmer: Service {
    let dashboard: Dashboard
    /// Under the dashboard's 10 s during which a value is still served while it is read again.
    let interval: Duration
    let logger: Logger

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await dashboard.warm()
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("dashboard warm-up read failed: \(error)")
                }
                try await Task.sleep(for: interval)
            }
        }
    }
}
