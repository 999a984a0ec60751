import ChildProcesses
import Foundation
import Testing

/// The tests' child-process harness: what every test that runs an executable relies on.
@Suite("Child processes (test harness)", .timeLimit(.minutes(3)))
struct ChildProcessTests {
    private static let shell = URL(fileURLWithPath: "/bin/sh")

    @Test("run: exit code, standard output and error apart, standard input given")
    func runToCompletion() async throws {
        let run = try await ChildProcess.run(Self.shell, arguments: ["-c", "cat; echo to-err >&2; exit 3"],
                                             input: Array("from-stdin\n".utf8))
        #expect(run.status == 3)
        #expect(run.standardOutput == "from-stdin\n")
        #expect(run.standardError == "to-err\n")
    }

    @Test("a signal that ends the child is its termination; nothing is sent once it has ended")
    func signalled() async throws {
        let child = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo ready; exec sleep 30"], output: .memory)
        _ = try await child.waitForLines(1)
        #expect(child.isRunning)
        child.signal(SIGKILL)
        #expect(try await child.waitForExit(timeout: .seconds(10)) == .signaled(SIGKILL))
        #expect(!child.isRunning)
        child.signal(SIGKILL)  // a no-op, not a signal to whatever process has the pid now
    }

    @Test("waitForExit past its limit signals the child and throws")
    func timeout() async throws {
        let child = try await ChildProcess.start(Self.shell, arguments: ["-c", "exec sleep 30"])
        await #expect(throws: ChildProcessTimeout.self) { try await child.waitForExit(timeout: .milliseconds(200)) }
        #expect(try await child.waitForExit(timeout: .seconds(10)) == .signaled(SIGKILL))
    }

    @Test("lines as they come; a child that ends before the lines awaited fails the wait")
    func lines() async throws {
        let child = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo one; sleep 0.2; printf 'two\\nthr'; sleep 0.2; echo ee"],
                                                 output: .memory)
        // At least the two lines awaited; on a loaded machine the third may already be there too.
        #expect(try await child.waitForLines(2).prefix(2) == ["one", "two"])
        #expect(try await child.waitForExit(timeout: .seconds(10)) == .exited(0))
        #expect(child.outputLines == ["one", "two", "three"])

        let short = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo only"], output: .memory)
        await #expect(throws: ChildProcessFailure.self) { try await short.waitForLines(2) }

        // Past its limit, a child still running is killed.
        let silent = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo one; exec sleep 30"], output: .memory)
        await #expect(throws: ChildProcessFailure.self) { try await silent.waitForLines(2, timeout: .milliseconds(300)) }
        #expect(try await silent.waitForExit(timeout: .seconds(10)) == .signaled(SIGKILL))
    }

    @Test("both streams appended to one file; the environment given is the child's whole environment")
    func fileAndEnvironment() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        try Data("before\n".utf8).write(to: log)
        let child = try await ChildProcess.start(Self.shell, arguments: ["-c", "echo \"out $ONLY_THIS ${HOME:-none}\"; echo err >&2"],
                                                 environment: ["ONLY_THIS": "yes"], output: .file(log), error: .file(log))
        #expect(try await child.waitForExit(timeout: .seconds(10)) == .exited(0))
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "before")
        #expect(Set(lines.dropFirst()) == ["out yes none", "err"])
    }

    @Test("a program that cannot start is an error, not a child")
    func missingProgram() async throws {
        await #expect(throws: (any Error).self) {
            try await ChildProcess.start(URL(fileURLWithPath: "/nonexistent/program"), arguments: [])
        }
    }
}
