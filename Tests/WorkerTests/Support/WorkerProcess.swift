import Foundation
import PopStreamCore

/// A worker executable running as a child process, as an operator runs it: its output goes to a log file
/// that tests read (and show when something fails).
final class WorkerProcess: @unchecked Sendable {
    let name: String
    let logURL: URL
    private let process: Process

    /// Starts the worker of `kind` with `arguments`.
    convenience init(_ kind: EventKind, arguments: [String], environment: [String: String] = [:], logDirectory: URL) throws {
        try self.init(executable: "popstream-\(Self.shortName(kind))-worker", arguments: arguments, environment: environment,
                      logDirectory: logDirectory)
    }

    /// Starts the package's executable `name` (`popstream`, a worker...) with `arguments`.
    init(executable name: String, arguments: [String], environment: [String: String] = [:], logDirectory: URL) throws {
        self.name = name
        let executable = try Self.executable(name)
        logURL = logDirectory.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).log")
        _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
        let log = try FileHandle(forWritingTo: logURL)
        process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("POPSTREAM_") }
        env.merge(environment) { $1 }
        process.environment = env
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// The process id.
    var pid: Int32 { process.processIdentifier }

    /// Sends `signal` (SIGKILL, SIGTERM...).
    func signal(_ signal: Int32) {
        kill(process.processIdentifier, signal)
    }

    /// Waits for the process to exit and returns its exit code (the signal number when a signal ended it);
    /// throws after `timeout`.
    @discardableResult
    func waitForExit(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let status = exitStatus { return status }
            guard ContinuousClock.now < deadline else {
                let log = tail()
                signal(SIGKILL)  // never leave a process behind a failed test
                throw WorkerTestFailure("\(logURL.lastPathComponent) still running after \(timeout)\n\(log)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    var isRunning: Bool { exitStatus == nil }

    /// The exit code (or ending signal) once the process has ended, asked of the kernel without reaping it
    /// (`WNOWAIT`: Foundation still reaps it). `Process.isRunning` alone is not enough on Linux: Foundation sees a
    /// child end when a socket the child inherited closes, and a sibling started by another test at the same
    /// moment can inherit that socket too and keep it open (swift-corelibs-foundation issue 4795): a worker
    /// that had exited was still "running" 60 s later in one CI run.
    private var exitStatus: Int32? {
        if !process.isRunning { return process.terminationStatus }
        var info = siginfo_t()
        guard waitid(P_PID, id_t(process.processIdentifier), &info, WEXITED | WNOHANG | WNOWAIT) == 0,
              info._sifields._sigchld.si_pid == process.processIdentifier else { return nil }
        return info._sifields._sigchld.si_status
    }

    /// The log so far.
    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The last lines of the log.
    func tail(_ lines: Int = 30) -> String { log.split(separator: "\n").suffix(lines).joined(separator: "\n") }

    /// Stops it if it still runs (test cleanup).
    func stop() async {
        guard process.isRunning else { return }
        signal(SIGKILL)
        _ = try? await waitForExit(timeout: .seconds(10))
    }

    static func shortName(_ kind: EventKind) -> String {
        switch kind {
        case .prenatalScreening: "prenatal"
        case .newbornScreening: "newborn"
        case .premaritalCheckup: "premarital"
        case .elderlyRecord: "elderly"
        }
    }

    /// A built executable of the package, found next to the test bundle.
    static func executable(_ name: String) throws -> URL {
        var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in candidates {
            let url = directory.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw WorkerTestFailure("\(name) not found next to the test bundle (looked in \(candidates.map(\.path)))")
    }
}

/// A failed expectation of the worker tests' own machinery.
struct WorkerTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
