import ChildProcesses
import Foundation

/// A `popstream dev-broker` subprocess for the Kafka command tests.
enum KafkaProcessSupport {
    /// A running `popstream dev-broker`; `bootstrap` is its first stdout line.
    final class DevBroker: Sendable {
        let process: ChildProcess
        let bootstrap: String

        private init(process: ChildProcess, bootstrap: String) {
            self.process = process
            self.bootstrap = bootstrap
        }

        static func start(_ arguments: [String] = []) async throws -> DevBroker {
            let process = try await Subprocess.start(try Subprocess.popstreamURL(), ["dev-broker", "--partitions", "3"] + arguments)
            let line = try await process.waitForLines(1).first ?? ""
            guard !line.isEmpty else {
                process.signal(SIGKILL)
                throw ChildProcessFailure("dev-broker printed no bootstrap line")
            }
            return DevBroker(process: process, bootstrap: line)
        }

        /// Sends SIGTERM and waits for the exit status (killing it after 30 s).
        func stop() async throws -> Int32 {
            try await Subprocess.stop(process)
        }
    }
}
