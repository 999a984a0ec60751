import Dispatch
import Foundation
import Kafka
import Logging
import Synchronization

/// Small helpers the Kafka commands share.
enum KafkaCLISupport {
    /// A logger that writes to stderr (stdout carries the commands' output), warnings and above.
    static func logger(_ label: String) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        logger.logLevel = .warning
        return logger
    }

    /// Parses repeated `KEY=VALUE` options into librdkafka properties.
    static func properties(_ pairs: [String]) throws -> [String: String] {
        var result: [String: String] = [:]
        for pair in pairs {
            guard let equals = pair.firstIndex(of: "="), equals != pair.startIndex else {
                throw ConfigurationError("--kafka-config expects KEY=VALUE, got '\(pair)'")
            }
            result[String(pair[..<equals])] = String(pair[pair.index(after: equals)...])
        }
        return result
    }

    /// Bootstrap servers from a comma-separated list.
    static func servers(_ bootstrap: String) throws -> [String] {
        let servers = bootstrap.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !servers.isEmpty else { throw ConfigurationError("--bootstrap is empty") }
        return servers
    }

    static func printError(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

}

/// SIGINT/SIGTERM as an awaitable event. Create it before announcing readiness: from then on the signals no
/// longer kill the process but are recorded, and `wait()` returns the first one (at once if it came already).
final class ShutdownSignal: Sendable {
    private struct State {
        var received: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private final class Box: Sendable {
        let state = Mutex(State())

        func fire(_ signalNumber: Int32) {
            let waiter: CheckedContinuation<Int32, Never>? = state.withLock { state in
                guard state.received == nil else { return nil }
                state.received = signalNumber
                defer { state.waiter = nil }
                return state.waiter
            }
            waiter?.resume(returning: signalNumber)
        }
    }

    private let box = Box()
    /// Kept alive for the life of this object; set once in `init`, never touched again.
    nonisolated(unsafe) private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32] = [SIGINT, SIGTERM]) {
        let queue = DispatchQueue(label: "popstream.signals")
        let box = self.box
        sources = signals.map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { box.fire(signalNumber) }
            source.resume()
            return source
        }
    }

    /// The first signal received, waiting for it if needed.
    func wait() async -> Int32 {
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
