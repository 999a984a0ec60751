import ChildProcesses
import Foundation

/// The built `popstream-alert-notifier` executable (next to the test bundle), run as a subprocess.
enum NotifierExecutable {
    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A started notifier process; its output is kept in memory.
    final class Running: Sendable {
        private let child: ChildProcess

        init(arguments: [String], environment: [String: String] = [:]) async throws {
            // Only what the test passes, so that the tester's own POPSTREAM_* variables play no part.
            let environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(environment) { $1 }
            child = try await ChildProcess.start(try BuiltProduct.url("popstream-alert-notifier"), arguments: arguments, environment: environment,
                                                 output: .memory, error: .memory)
        }

        func signal(_ number: Int32) { child.signal(number) }

        /// Waits for the exit (killing the process after `timeout` seconds) and returns its status and output.
        func wait(timeout: TimeInterval = 60) async -> Output {
            let status: Int32
            do {
                status = try await child.waitForExit(timeout: .milliseconds(Int64(timeout * 1000))).status
            } catch {
                // Killed at the deadline: its status is the signal's, and the test sees the output so far.
                status = (try? await child.waitForExit(timeout: .seconds(10)).status) ?? SIGKILL
            }
            return Output(status: status, stdout: child.standardOutput, stderr: child.standardError)
        }
    }

    /// Runs to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> Output {
        await (try await Running(arguments: arguments, environment: environment)).wait(timeout: timeout)
    }
}
