import ChildProcesses
import Foundation
import PopStreamCore

/// A worker executable running as a child process, as an operator runs it: its output goes to a log file
/// that tests read (and show when something fails).
final class WorkerProcess: Sendable {
    let name: String
    let logURL: URL
    private let child: ChildProcess

    /// Starts the worker of `kind` with `arguments`.
    convenience init(_ kind: EventKind, arguments: [String], environment: [String: String] = [:], logDirectory: URL) async throws {
        try await self.init(executable: "popstream-\(Self.shortName(kind))-worker", arguments: arguments, environment: environment,
                            logDirectory: logDirectory)
    }

    /// Starts the package's executable `name` (`popstream`, a worker...) with `arguments`.
    init(executable name: String, arguments: [String], environment: [String: String] = [:], logDirectory: URL) async throws {
        self.name = name
        logURL = logDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("POPSTREAM_") }
        env.merge(environment) { $1 }
        child = try await ChildProcess.start(try BuiltProduct.url(name), arguments: arguments, environment: env,
                                             output: .file(logURL), error: .file(logURL))
    }

    /// The process id.
    var pid: Int32 { child.pid }

    /// Sends `signal` (SIGKILL, SIGTERM...).
    func signal(_ signal: Int32) { child.signal(signal) }

    /// Waits for the process to exit and returns its exit code (the signal number when a signal ended it);
    /// past `timeout` kills it and throws with the end of its log.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(120)) async throws -> Int32 {
        do {
            return try await child.waitForExit(timeout: timeout).status
        } catch let timedOut as ChildProcessTimeout {
            throw WorkerTestFailure("\(logURL.lastPathComponent): \(timedOut)\n\(tail())")
        }
    }

    var isRunning: Bool { child.isRunning }

    /// The log so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The last lines of the log.
    func tail(_ lines: Int = 30) -> String { log.split(separator: "\n").suffix(lines).joined(separator: "\n") }

    /// Stops it if it still runs (test cleanup).
    func stop() async {
        guard child.isRunning else { return }
        signal(SIGKILL)
        _ = try? await child.waitForExit(timeout: .seconds(10))
    }

    static func shortName(_ kind: EventKind) -> String {
        switch kind {
        case .prenatalScreening: "prenatal"
        case .newbornScreening: "newborn"
        case .premaritalCheckup: "premarital"
        case .elderlyRecord: "elderly"
        }
    }
}

/// A failed expectation of the worker tests' own machinery.
struct WorkerTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
