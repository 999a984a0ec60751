import ChildProcesses
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Hummingbird

/// Debian's `prometheus-alertmanager`, started for one test on a free loopback port with a temporary
/// configuration and storage, clustering off. Tests that need it are skipped when it is not installed
/// (`apt-get install prometheus-alertmanager`; `scripts/install-deps.sh` does it).
final class AlertmanagerProcess: Sendable {
    /// The binary, or nil when it is not installed.
    static let binary: URL? = BuiltProduct.installed("prometheus-alertmanager")

    static var isInstalled: Bool { binary != nil }

    let process: ChildProcess
    let baseURL: String
    private let directory: URL

    private init(process: ChildProcess, baseURL: String, directory: URL) {
        self.process = process
        self.baseURL = baseURL
        self.directory = directory
    }

    /// Starts Alertmanager with one route to a webhook receiver at `receiverURL` (grouping by alert id,
    /// notifications after 1 s) and waits until its API answers.
    static func start(receiverURL: String) async throws -> AlertmanagerProcess {
        guard let binary else { throw TestFailure("prometheus-alertmanager is not installed") }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-am-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let config = """
            route:
              receiver: popstream-test
              group_by: ['alertname', 'indicator', 'area', 'period', 'severity']
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: popstream-test
                webhook_configs:
                  - url: '\(receiverURL)'
                    send_resolved: true
            """
        let configURL = directory.appendingPathComponent("alertmanager.yml")
        try Data(config.utf8).write(to: configURL)
        let port = try await freePort()
        let logURL = directory.appendingPathComponent("alertmanager.log")
        let process = try await ChildProcess.start(binary, arguments: [
            "--config.file=\(configURL.path)", "--storage.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=warn",
        ], output: .file(logURL), error: .file(logURL))
        let alertmanager = AlertmanagerProcess(process: process, baseURL: "http://127.0.0.1:\(port)", directory: directory)
        do {
            try await waitFor("Alertmanager answering on port \(port)", timeout: .seconds(30)) {
                guard process.isRunning else { throw TestFailure("Alertmanager exited: \(alertmanager.log)") }
                return (try? await alertmanager.alerts()) != nil
            }
        } catch {
            await alertmanager.stop()
            throw error
        }
        return alertmanager
    }

    /// `GET /api/v2/alerts`: the alerts Alertmanager shows as current (resolved ones are not listed).
    func alerts() async throws -> [[String: Any]] {
        guard let url = URL(string: baseURL + "/api/v2/alerts") else { throw TestFailure("bad URL") }
        let (data, response) = try await URLSession.shared.data(from: url)
        guard (response as? HTTPURLResponse)?.statusCode == 200 else { throw TestFailure("GET /api/v2/alerts failed") }
        guard let array = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            throw TestFailure("GET /api/v2/alerts: not an array")
        }
        return array
    }

    var log: String {
        (try? String(contentsOf: directory.appendingPathComponent("alertmanager.log"), encoding: .utf8)) ?? ""
    }

    /// SIGTERM, wait (SIGKILL after 30 s), remove the temporary folder.
    func stop() async {
        process.signal(SIGTERM)
        if (try? await process.waitForExit(timeout: .seconds(30))) == nil {
            _ = try? await process.waitForExit(timeout: .seconds(10))  // killed at the deadline
        }
        try? FileManager.default.removeItem(at: directory)
    }

    /// A loopback port nobody listens on: bound by a throw-away server, then released.
    private static func freePort() async throws -> Int {
        let probe = try await WebhookRecorder.start(.always(200))
        let port = probe.port
        await probe.stop()
        return port
    }
}
