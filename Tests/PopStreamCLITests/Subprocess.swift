import ChildProcesses
import Foundation

/// Runs the built `popstream` binary and other programs (kcat, chromium...) as subprocesses, as an operator
/// would, through the tests' `ChildProcess`.
enum Subprocess {
    /// The `popstream` executable in the build products directory (next to the test bundle).
    static func popstreamURL() throws -> URL {
        try productURL("popstream")
    }

    /// The package's executable `name` in the build products directory (next to the test bundle).
    static func productURL(_ name: String) throws -> URL {
        try BuiltProduct.url(name)
    }

    /// The kcat executable, or nil when it is not installed.
    static func kcatURL() -> URL? {
        BuiltProduct.installed("kcat")
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` to completion with `stdin` on its standard input (empty when nil), returning its exit
    /// status and output. Past `timeout` seconds it is sent SIGTERM, and SIGKILL 30 s later.
    static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, timeout: TimeInterval = 60) async throws -> Output {
        let run = try await ChildProcess.run(executable, arguments: arguments, input: stdin.map { [UInt8]($0) } ?? [],
                                             timeout: .milliseconds(Int64(timeout * 1000)))
        return Output(status: run.status, stdout: run.standardOutput, stderr: run.standardError)
    }

    /// Starts `executable` with its standard output kept in memory (read with `waitForLines`).
    static func start(_ executable: URL, _ arguments: [String], keepStandardError: Bool = false) async throws -> ChildProcess {
        try await ChildProcess.start(executable, arguments: arguments, output: .memory,
                                     error: keepStandardError ? .memory : .discard)
    }

    /// Sends `signal` to `child` and waits for its exit status, at most `limit`; past it, kills it (SIGKILL)
    /// and throws, so that a child that does not stop fails its test instead of hanging the whole run.
    static func stop(_ child: ChildProcess, with signal: Int32 = SIGTERM, within limit: Duration = .seconds(30)) async throws -> Int32 {
        child.signal(signal)
        return try await child.waitForExit(timeout: limit).status
    }
}
