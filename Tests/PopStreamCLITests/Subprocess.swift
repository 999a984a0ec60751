import Foundation

/// Runs the built `popstream` binary and other programs (kcat) as subprocesses, as an operator would.
enum Subprocess {
    /// The `popstream` executable in the build products directory (next to the test bundle).
    static func popstreamURL() throws -> URL {
        try productURL("popstream")
    }

    /// The package's executable `name` in the build products directory (next to the test bundle).
    static func productURL(_ name: String) throws -> URL {
        var candidates: [URL] = [Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()]
        if let argument = CommandLine.arguments.first {
            candidates.append(URL(fileURLWithPath: argument).deletingLastPathComponent())
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(bundle.bundleURL.deletingLastPathComponent())
        }
        for directory in candidates {
            let url = directory.appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: url.path) {
                return url
            }
        }
        throw ProcessFailure("\(name) binary not found next to the test bundle (looked in \(candidates.map(\.path)))")
    }

    /// The kcat executable, or nil when it is not installed.
    static func kcatURL() -> URL? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let directories = path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/local/bin"]
        for directory in directories {
            let url = URL(fileURLWithPath: directory).appendingPathComponent("kcat")
            if FileManager.default.isExecutableFile(atPath: url.path) { return url }
        }
        return nil
    }

    /// The first line `pipe` carries, read a byte at a time on a thread of its own (the read blocks), so that
    /// what follows stays in the pipe for the caller. Throws when the pipe ends before a newline.
    static func firstLine(of pipe: Pipe) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var line = Data()
                while true {
                    guard let byte = pipe.fileHandleForReading.readData(ofLength: 1).first else {
                        continuation.resume(throwing: ProcessFailure("the process ended before printing a line"))
                        return
                    }
                    if byte == UInt8(ascii: "\n") { break }
                    line.append(byte)
                }
                continuation.resume(returning: String(decoding: line, as: UTF8.self))
            }
        }
    }

    /// Waits for `process` to exit, at most `limit`; past it, kills it (SIGKILL) and throws, so that a
    /// child that does not stop fails its test instead of hanging the whole run.
    static func exitStatus(of process: Process, within limit: Duration = .seconds(30)) async throws -> Int32 {
        let deadline = ContinuousClock.now + limit
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(process.processIdentifier, SIGKILL)
                throw ProcessFailure("\(process.executableURL?.lastPathComponent ?? "child") \(process.arguments?.first ?? "") still running after \(limit); killed")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return process.terminationStatus
    }

    struct Output: Sendable {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` to completion (off the cooperative pool), returning its exit status and output.
    static func run(_ executable: URL, _ arguments: [String], stdin: Data? = nil, timeout: TimeInterval = 60) async throws -> Output {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = arguments
                    let out = Pipe(), err = Pipe(), input = Pipe()
                    process.standardOutput = out
                    process.standardError = err
                    process.standardInput = input
                    try process.run()
                    if let stdin { input.fileHandleForWriting.write(stdin) }
                    try input.fileHandleForWriting.close()
                    let killer = DispatchWorkItem { if process.isRunning { process.terminate() } }
                    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: killer)
                    // A child that ignores SIGTERM too must not hang the run.
                    let hardKiller = DispatchWorkItem { if process.isRunning { kill(process.processIdentifier, SIGKILL) } }
                    DispatchQueue.global().asyncAfter(deadline: .now() + timeout + 30, execute: hardKiller)
                    // Read both pipes to the end before waiting, so a full pipe cannot block the child.
                    let errData = Handoff<Data>()
                    let errReader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
                    errReader.start()
                    let outData = out.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    killer.cancel()
                    hardKiller.cancel()
                    let errText = errData.wait()
                    continuation.resume(returning: Output(
                        status: process.terminationStatus,
                        stdout: String(decoding: outData, as: UTF8.self),
                        stderr: String(decoding: errText, as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// A value handed from one thread to another: `set` once, `wait` blocks until it is set.
final class Handoff<Value: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    private var value: Value?

    init() {}

    func set(_ newValue: Value) {
        condition.lock()
        value = newValue
        condition.broadcast()
        condition.unlock()
    }

    func wait() -> Value {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let value { return value }
            condition.wait()
        }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
