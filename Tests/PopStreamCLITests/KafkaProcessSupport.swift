import Foundation

/// A `popstream dev-broker` subprocess for the Kafka command tests.
enum KafkaProcessSupport {
    /// A running `popstream dev-broker`; `bootstrap` is its first stdout line.
    final class DevBroker: Sendable {
        let process: Process
        let bootstrap: String

        private init(process: Process, bootstrap: String) {
            self.process = process
            self.bootstrap = bootstrap
        }

        static func start(_ arguments: [String] = []) async throws -> DevBroker {
            let process = Process()
            process.executableURL = try Subprocess.popstreamURL()
            process.arguments = ["dev-broker", "--partitions", "3"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let line = try await Subprocess.firstLine(of: out)
            guard !line.isEmpty else { throw ProcessFailure("dev-broker printed no bootstrap line") }
            return DevBroker(process: process, bootstrap: line)
        }

        /// Sends SIGTERM and waits for the exit status (killing it after 30 s).
        func stop() async throws -> Int32 {
            process.terminate()
            return try await Subprocess.exitStatus(of: process)
        }
    }
}
