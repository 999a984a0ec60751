import Dispatch
import Foundation
import Synchronization

/// SIGINT/SIGTERM as an awaitable event. Install it before announcing readiness: once ``install(_:stopDeadline:)``
/// returns, the signals no longer kill the process but are recorded, and `wait()` returns the first one (at
/// once if it came already).
///
/// One per process, and nothing else may handle these signals: it ignores them (`SIG_IGN`) before its
/// dispatch sources take them over, and libdispatch then installs its own handler; ignoring them again
/// later would make the kernel drop every signal sent to a thread that does not block it.
public final class ShutdownSignal: Sendable {
    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private final class Box: Sendable {
        let state = Mutex(State())
        let deadline: StopDeadline?

        init(deadline: StopDeadline?) {
            self.deadline = deadline
        }

        func fire(_ signalNumber: Int32) {
            let (first, waiter): (Bool, CheckedContinuation<Int32, Never>?) = state.withLock { state in
                guard state.received == nil else { return (false, nil) }
                state.received = signalNumber
                defer { state.waiter = nil }
                return (true, state.waiter)
            }
            if first { deadline?.start() }
            waiter?.resume(returning: signalNumber)
        }
    }

    private let box: Box
    /// Kept alive for the life of this object; set once in `init`, never touched again.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    private init(box: Box, sources: [any DispatchSourceSignal]) {
        self.box = box
        self.sources = sources
    }

    /// Starts recording `signals`, and returns once they are: libdispatch takes a signal over only when its
    /// source is registered, on its own thread, and until then an ignored signal would be lost. The first
    /// signal also starts `stopDeadline`, when given.
    public static func install(_ signals: [Int32] = [SIGINT, SIGTERM], stopDeadline: StopDeadline? = nil) async -> ShutdownSignal {
        let queue = DispatchQueue(label: "popstream.signals")
        let box = Box(deadline: stopDeadline)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in signals {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { box.fire(signalNumber) }
            await withCheckedContinuation { (registered: CheckedContinuation<Void, Never>) in
                source.setRegistrationHandler { registered.resume() }
                source.resume()
            }
            sources.append(source)
        }
        return ShutdownSignal(box: box, sources: sources)
    }

    /// The first signal received, waiting for it if needed.
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let received: Int32? = box.state.withLock { state in
                if let received = state.received { return received }
                state.waiter = continuation
                return nil
            }
            if let received { continuation.resume(returning: received) }
        }
    }
}
