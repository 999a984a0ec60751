import Foundation

/// The built `popstream-alert-notifier` executable (next to the test bundle), run as a subprocess.
enum NotifierExecutable {
    static func url() throws -> URL {
        var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in candidates {
            let url = directory.appendingPathComponent("popstream-alert-notifier")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        throw TestFailure("popstream-alert-notifier not found next to the test bundle (looked in \(candidates.map(\.path)))")
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A started notifier process; its output goes to temporary files.
    final class Running: Sendable {
        let process: Process
        private let outURL: URL
        private let errURL: URL

        init(arguments: [String], environment: [String: String] = [:]) throws {
            let directory = FileManager.default.temporaryDirectory
            outURL = directory.appendingPathComponent("notifier-out-\(UUID().uuidString)")
            errURL = directory.appendingPathComponent("notifier-err-\(UUID().uuidString)")
            _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
            process = Process()
            process.executableURL = try NotifierExecutable.url()
            process.arguments = arguments
            // Only what the test passes, so that the tester's own POPSTREAM_* variables play no part.
            process.environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"].merging(environment) { $1 }
            process.standardInput = FileHandle.nullDevice
            process.standardOutput = try FileHandle(forWritingTo: outURL)
            process.standardError = try FileHandle(forWritingTo: errURL)
            try process.run()
        }

        func signal(_ number: Int32) { kill(process.processIdentifier, number) }

        /// Waits for the exit (killing the process after `timeout`) and returns its status and output.
        func wait(timeout: TimeInterval = 60) async -> Output {
            let process = self.process
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                Thread.detachNewThread {
                    let killer = DispatchWorkItem { if process.isRunning { process.interrupt(); kill(process.processIdentifier, SIGKILL) } }
                    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
                    process.waitUntilExit()
                    killer.cancel()
                    continuation.resume()
                }
            }
            defer {
                try? FileManager.default.removeItem(at: outURL)
                try? FileManager.default.removeItem(at: errURL)
            }
            return Output(status: process.terminationStatus,
                          stdout: (try? String(contentsOf: outURL, encoding: .utf8)) ?? "",
                          stderr: (try? String(contentsOf: errURL, encoding: .utf8)) ?? "")
        }
    }

    /// Runs to completion.
    static func run(_ arguments: [String], environment: [String: String] = [:], timeout: TimeInterval = 60) async throws -> Output {
        await (try Running(arguments: arguments, environment: environment)).wait(timeout: timeout)
    }
}
