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
            let line: String = try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread {
                    var buffer = Data()
                    while !buffer.contains(UInt8(ascii: "\n")) {
                        let chunk = out.fileHandleForReading.availableData
                        if chunk.isEmpty { break }  // EOF: the process ended
                        buffer.append(chunk)
                    }
                    let first = String(decoding: buffer.prefix(while: { $0 != UInt8(ascii: "\n") }), as: UTF8.self)
                    if first.isEmpty {
                        continuation.resume(throwing: ProcessFailure("dev-broker printed no bootstrap line"))
                    } else {
                        continuation.resume(returning: first)
                    }
                }
            }
            return DevBroker(process: process, bootstrap: line)
        }

        /// Sends SIGTERM and waits for the exit status (killing it after 30 s).
        func stop() async throws -> Int32 {
            process.terminate()
            return try await Subprocess.exitStatus(of: process)
        }
    }
}
