import Store
import Synchronization

/// Whether the store answers: one cheap read (the alert state of an id that never exists), bounded in time.
/// A read that hangs past the timeout counts as unreachable; it is left to finish on its own.
enum StoreProbe {
    static func isReachable(_ store: any StateStore, timeout: Duration) async -> Bool {
        await withCheckedContinuation { continuation in
            let answer = ResumeOnce(continuation)
            Task {
                let reachable = (try? await store.alertStates(ids: ["popstream-readiness-probe"])) != nil
                answer.resume(reachable)
            }
            Task {
                try? await Task.sleep(for: timeout)
                answer.resume(false)
            }
        }
    }

    /// Resumes a continuation with the first answer; later answers are dropped.
    private final class ResumeOnce: Sendable {
        private let continuation: Mutex<CheckedContinuation<Bool, Never>?>

        init(_ continuation: CheckedContinuation<Bool, Never>) { self.continuation = Mutex(continuation) }

        func resume(_ value: Bool) {
            let waiting = continuation.withLock { stored in
                defer { stored = nil }
                return stored
            }
            waiting?.resume(returning: value)
        }
    }
}
