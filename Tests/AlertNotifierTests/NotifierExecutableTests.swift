import Foundation
import Testing

/// The `popstream-alert-notifier` process as an operator runs it: exit statuses and stderr.
@Suite("popstream-alert-notifier executable", .timeLimit(.minutes(2)))
struct NotifierExecutableTests {
    struct BadConfiguration: Sendable, CustomTestStringConvertible {
        var arguments: [String]
        var environment: [String: String] = [:]
        var expected: String
        var testDescription: String { expected }
    }

    /// Stands for a regular file made for the test case, so that a state folder below it cannot be created.
    static let blockingFile = "<FILE>"

    static let cases: [BadConfiguration] = [
        BadConfiguration(arguments: ["--webhook", "ftp://example.org/hook"], expected: "--webhook 'ftp://example.org/hook': not an http(s) URL"),
        BadConfiguration(arguments: ["--alertmanager", "not a url"], expected: "--alertmanager 'not a url': not an http(s) URL"),
        BadConfiguration(arguments: ["--no-such-option"], expected: "Unknown option '--no-such-option'"),
        BadConfiguration(arguments: ["--state", blockingFile + "/sub/notifier.sqlite"], expected: "--state \(blockingFile)/sub/notifier.sqlite: cannot create directory \(blockingFile)/sub: \(blockingFile) is not a directory"),
        BadConfiguration(arguments: [], environment: ["POPSTREAM_WEBHOOK": "http://127.0.0.1:1/ok,mailto:someone"], expected: "POPSTREAM_WEBHOOK 'mailto:someone': not an http(s) URL"),
        BadConfiguration(arguments: [], environment: ["POPSTREAM_RETRY_ATTEMPTS": "many"], expected: "POPSTREAM_RETRY_ATTEMPTS many: expected a whole number"),
        BadConfiguration(arguments: ["--kafka-config", "no.such.property=1"], expected: #"No such configuration property: "no.such.property""#),
    ]

    @Test("a bad configuration exits 2 with one line on stderr", arguments: cases)
    func badConfiguration(_ bad: BadConfiguration) async throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("notifier-cfg-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: state, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: state) }
        let file = state.appendingPathComponent("a-file").path
        _ = FileManager.default.createFile(atPath: file, contents: Data("x".utf8))
        var arguments = bad.arguments.map { $0.replacingOccurrences(of: Self.blockingFile, with: file) }
        let expected = bad.expected.replacingOccurrences(of: Self.blockingFile, with: file)
        if !arguments.contains("--state") { arguments += ["--state", state.appendingPathComponent("n.sqlite").path] }
        let output = try await NotifierExecutable.run(arguments + ["--bootstrap", "127.0.0.1:1"], environment: bad.environment)
        #expect(output.status == 2)
        let lines = output.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr: \(output.stderr)")
        #expect(lines.first?.hasPrefix("popstream-alert-notifier: ") == true)
        #expect(output.stderr.contains(expected), "stderr: \(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("SIGTERM and SIGINT stop a running notifier cleanly (exit 0) after it forwarded an alert",
          arguments: [SIGTERM, SIGINT])
    func stopsCleanly(_ signal: Int32) async throws {
        let harness = try NotifierHarness(partitions: 1)
        defer { harness.removeState() }
        let webhook = try await WebhookRecorder.start(.always(200))
        let running = try await NotifierExecutable.Running(arguments: [
            "--state", harness.stateDirectory.appendingPathComponent("n.sqlite").path,
            "--kafka-config", "fetch.wait.max.ms=50",
        ], environment: ["POPSTREAM_BOOTSTRAP": harness.cluster.bootstrapServers, "POPSTREAM_WEBHOOK": webhook.url])
        let alert = TestAlerts.message(sequence: 1)
        try await harness.publish([alert])
        do {
            try await waitFor("the webhook received the alert", timeout: .seconds(60)) { !webhook.accepted.isEmpty }
        } catch {
            running.signal(SIGKILL)
            let output = await running.wait()
            Issue.record("notifier stderr: \(output.stderr)")
            throw error
        }
        running.signal(signal)
        let output = await running.wait(timeout: 30)
        await webhook.stop()
        #expect(output.status == 0, "stderr: \(output.stderr)")
        #expect(webhook.accepted.map(\.body) == [alert.jsonBytes()])
        #expect(output.stderr.contains("alertId=\(alert.alertId)"), "the alert is logged")
        #expect(output.stderr.contains("alert notifier stopped"))
    }
}
