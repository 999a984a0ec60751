import Foundation
import Subprocess
import Synchronization
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// A program a test runs as a child process (a worker, the CLI, psql, Alertmanager...), started through
/// swift-subprocess.
///
/// Foundation's `Process` is not used: on Linux it learns that a child ended through a socket the child
/// inherits, which a sibling spawned at the same moment by a parallel test can inherit too (a child that
/// had exited stayed "running"), and its blocking `FileHandle` reads end the whole test process on an
/// interrupted system call. swift-subprocess spawns with every other descriptor closed, watches the child
/// through a pidfd, and reads its output asynchronously.
public final class ChildProcess: Sendable {
    /// Where a child's standard output or standard error goes.
    public enum Sink: Sendable, Equatable {
        /// Thrown away.
        case discard
        /// Kept in memory as it comes (`standardOutput`, `standardError`, `outputLines`).
        case memory
        /// Appended to a file (created if missing); both streams may name the same file.
        case file(URL)
    }

    /// How a child ended: its exit code, or the number of the signal that ended it.
    public enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)

        /// The exit code, or the signal number when a signal ended it (as Foundation's `terminationStatus`).
        public var status: Int32 {
            switch self {
            case .exited(let code), .signaled(let code): code
            }
        }
    }

    /// The executable's file name, for messages.
    public let name: String
    /// The process id.
    public let pid: pid_t
    private let state: SharedState

    private struct State {
        var termination: Termination?
        var failure: (any Error)?
        var standardOutput: [UInt8] = []
        var standardError: [UInt8] = []
    }

    /// The state the task that runs the child fills in and the tests read.
    private final class SharedState: Sendable {
        private let mutex = Mutex(State())
        func withLock<Result>(_ body: (inout State) -> Result) -> Result { mutex.withLock { body(&$0) } }
    }

    private enum Stream { case output, error }

    private init(name: String, pid: pid_t, state: SharedState) {
        self.name = name
        self.pid = pid
        self.state = state
    }

    /// Starts `executable` with standard input from /dev/null.
    ///
    /// - Parameter environment: the child's whole environment; nil inherits the test process's.
    public static func start(_ executable: URL, arguments: [String], environment: [String: String]? = nil,
                             output: Sink = .discard, error: Sink = .discard) async throws -> ChildProcess {
        try await launch(executable, arguments: arguments, environment: environment, input: NoInput.none,
                         output: output, error: error)
    }

    /// Runs `executable` to completion with `input` on its standard input, and returns its status and output.
    /// Past `timeout` it is sent SIGTERM, and SIGKILL 30 s later, so that a child that hangs fails its test
    /// instead of hanging the run.
    public static func run(_ executable: URL, arguments: [String], environment: [String: String]? = nil,
                           input: [UInt8] = [], timeout: Duration = .seconds(60)) async throws -> Completed {
        let child = try await launch(executable, arguments: arguments, environment: environment,
                                     input: ArrayInput.array(input), output: .memory, error: .memory)
        let termination: Termination
        do {
            termination = try await child.waitForExit(timeout: timeout, thenSend: SIGTERM)
        } catch is ChildProcessTimeout {
            termination = try await child.waitForExit(timeout: .seconds(30))
        }
        return Completed(status: termination.status, standardOutput: child.standardOutput,
                         standardError: child.standardError)
    }

    /// What a child run to completion left.
    public struct Completed: Sendable {
        /// The exit code, or the signal number when a signal ended it.
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// Sends `signal` (SIGTERM, SIGKILL, SIGSTOP...), unless the child has ended.
    public func signal(_ signal: Int32) {
        guard termination == nil else { return }
        kill(pid, signal)
    }

    /// How the child ended, or nil while it runs.
    public var termination: Termination? { state.withLock { $0.termination } }

    /// Whether the child still runs.
    public var isRunning: Bool { termination == nil }

    /// Waits for the child to end. Past `timeout` it is sent `signal` (SIGKILL unless told otherwise: a test
    /// never leaves a child behind) and `ChildProcessTimeout` is thrown; `ChildProcessFailure` is thrown when
    /// its output could not be read.
    @discardableResult
    public func waitForExit(timeout: Duration = .seconds(120), thenSend signal: Int32 = SIGKILL) async throws -> Termination {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let termination {
                // Its output could not be read (or written to its file): what the test saw is incomplete.
                if let failure = state.withLock({ $0.failure }) { throw ChildProcessFailure("\(name): \(failure)") }
                return termination
            }
            guard ContinuousClock.now < deadline else {
                self.signal(signal)
                throw ChildProcessTimeout(name: name, timeout: timeout)
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// What the child wrote to standard output so far (a `.memory` sink).
    public var standardOutput: String { String(decoding: state.withLock { $0.standardOutput }, as: UTF8.self) }

    /// What the child wrote to standard error so far (a `.memory` sink).
    public var standardError: String { String(decoding: state.withLock { $0.standardError }, as: UTF8.self) }

    /// The complete lines of standard output so far (a `.memory` sink), without their newlines.
    public var outputLines: [String] {
        let bytes = state.withLock { $0.standardOutput }
        guard let lastNewline = bytes.lastIndex(of: UInt8(ascii: "\n")) else { return [] }
        return bytes[...lastNewline].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            .dropLast().map { String(decoding: $0, as: UTF8.self) }
    }

    /// Waits until standard output (a `.memory` sink) holds `count` complete lines; throws if the child ends
    /// first or after `timeout`, and then kills a child still running (as ``waitForExit(timeout:thenSend:)``
    /// does at its limit: a test never leaves a child behind).
    public func waitForLines(_ count: Int, timeout: Duration = .seconds(30)) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        do {
            while true {
                let lines = outputLines
                if lines.count >= count { return lines }
                // Output written just before the end is read before the end is seen, so one more look suffices.
                if !isRunning, outputLines.count < count {
                    throw ChildProcessFailure("\(name) ended after \(lines.count) of \(count) lines: \(standardError)")
                }
                guard ContinuousClock.now < deadline else {
                    throw ChildProcessFailure("\(name) printed \(lines.count) of \(count) lines within \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
        } catch {
            signal(SIGKILL)
            throw error
        }
    }

    private static func launch<Input: InputProtocol>(
        _ executable: URL, arguments: [String], environment: [String: String]?, input: Input,
        output: Sink, error: Sink
    ) async throws -> ChildProcess {
        let state = SharedState()
        let (launched, announce) = AsyncStream<pid_t>.makeStream()
        let outputFile = try output.openFile()
        let errorFile = try error == output ? outputFile : error.openFile()
        let configuration = Configuration(executable: .path(FilePath(executable.path)), arguments: Arguments(arguments),
                                          environment: Self.environment(environment))
        Task {
            defer {
                try? outputFile?.close()
                if error != output { try? errorFile?.close() }
            }
            do {
                let result = try await Subprocess.run(configuration, input: input, output: .sequence, error: .sequence) { execution in
                    announce.yield(execution.processIdentifier.value)
                    announce.finish()
                    async let standardOutput: Void = Self.drain(execution.standardOutput, to: outputFile, state: state, .output,
                                                                keep: output == .memory)
                    async let standardError: Void = Self.drain(execution.standardError, to: errorFile, state: state, .error,
                                                               keep: error == .memory)
                    try await standardOutput
                    try await standardError
                }
                let termination: Termination = switch result.terminationStatus {
                case .exited(let code): .exited(code)
                case .signaled(let signal): .signaled(signal)
                }
                state.withLock { $0.termination = termination }
            } catch {
                announce.finish()
                state.withLock {
                    $0.failure = error
                    if $0.termination == nil { $0.termination = .exited(-1) }
                }
            }
        }
        for await pid in launched {
            return ChildProcess(name: executable.lastPathComponent, pid: pid, state: state)
        }
        let failure = state.withLock { $0.failure }
        throw ChildProcessFailure("\(executable.lastPathComponent) did not start: \(failure.map { "\($0)" } ?? "no reason given")")
    }

    /// Reads `stream` to its end (the child's end), into `file` and/or memory.
    private static func drain(_ sequence: SubprocessOutputSequence, to file: FileDescriptor?, state: SharedState,
                              _ stream: Stream, keep: Bool) async throws {
        for try await buffer in sequence {
            let bytes = [UInt8](Data(buffer: buffer))
            if let file { _ = try file.writeAll(bytes) }
            guard keep else { continue }
            state.withLock {
                switch stream {
                case .output: $0.standardOutput.append(contentsOf: bytes)
                case .error: $0.standardError.append(contentsOf: bytes)
                }
            }
        }
    }

    private static func environment(_ environment: [String: String]?) -> Subprocess.Environment {
        guard let environment else { return .inherit }
        var custom: [Subprocess.Environment.Key: String] = [:]
        for (name, value) in environment {
            if let key = Subprocess.Environment.Key(rawValue: name) { custom[key] = value }
        }
        return .custom(custom)
    }
}

extension ChildProcess.Sink {
    /// The file to append to, opened; nil for the other sinks.
    fileprivate func openFile() throws -> FileDescriptor? {
        guard case .file(let url) = self else { return nil }
        return try FileDescriptor.open(FilePath(url.path), .writeOnly, options: [.append, .create, .closeOnExec],
                                       permissions: [.ownerReadWrite, .groupRead, .otherRead])
    }
}

/// A child that did not end within the time a test gave it (it was signalled).
public struct ChildProcessTimeout: Error, CustomStringConvertible {
    public let name: String
    public let timeout: Duration
    public var description: String { "\(name) still running after \(timeout)" }
}

/// A failure of the child process machinery itself (it did not start, it ended too soon...).
public struct ChildProcessFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
