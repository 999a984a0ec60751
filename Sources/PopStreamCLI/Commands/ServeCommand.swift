import APIServer
import ArgumentParser
import Foundation
import Logging
import ProcessShutdown
import Reporting

/// `popstream serve`: the HTTP API and the dashboard over the store (docs/reports.md, docs/user-guide.md,
/// docs/openapi.yaml). Stops gracefully on SIGTERM or SIGINT. Exit status: 0 stopped, 1 the store cannot be
/// opened or the port cannot be bound, 2 bad options.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the dashboard (HTML) and the indicators, alerts and areas as JSON over HTTP.",
        discussion: """
            With a token (--api-token or POPSTREAM_API_TOKEN; prefer the variable, command lines are visible to \
            other users), every /api/ path requires Authorization: Bearer <token>. The dashboard (/, /areas/CODE), \
            /healthz, /readyz and /metrics stay open. The SQLite store is created if it is not there yet, so serve \
            may start before the workers.
            """
    )

    /// The environment variable holding the token when `--api-token` is not given.
    static let tokenVariable = "POPSTREAM_API_TOKEN"

    @OptionGroup var source: ReportingOptions

    @Option(help: "Address to listen on (default: every interface).")
    var host = "0.0.0.0"

    @Option(help: "TCP port.")
    var port = 8080

    @Option(name: .customLong("api-token"), help: "Require Authorization: Bearer TOKEN on /api/ (default: $POPSTREAM_API_TOKEN).")
    var apiToken: String?

    func run() async throws {
        guard (0...65_535).contains(port) else { throw ConfigurationError("--port must be 0...65535, got \(port)") }
        let token = try Self.token(option: apiToken, environment: ProcessInfo.processInfo.environment)
        let url = try source.storeURL()
        let deployment = try source.deployment()
        if port != 0 { try await ListeningPort.check(host: host, port: port, option: "--port") }
        let logger = Logger(label: "popstream.serve", factory: { StreamLogHandler.standardError(label: $0) })
        let configuration = APIServerConfiguration(host: host, port: port, apiToken: token)
        do {
            let store = try await source.openStore(url, mustExist: false, logger: logger)
            do {
                try await APIServer.run(configuration: configuration, report: IndicatorReport(store: store, deployment: deployment),
                                        store: store, logger: logger,
                                        stopDeadline: StopDeadline(grace: .seconds(25), exitStatus: 1, program: "popstream serve"))
            } catch {
                await store.close()
                throw RuntimeFailure("cannot serve on \(host):\(port): \(error)")
            }
            await store.close()
        } catch let failure as RuntimeFailure {
            throw failure.exit()
        }
    }

    /// The token: `--api-token`, else `POPSTREAM_API_TOKEN`, else none.
    /// - Throws: ``ConfigurationError`` for an empty token (it would protect nothing).
    static func token(option: String?, environment: [String: String]) throws -> String? {
        if let option {
            guard !option.isEmpty else { throw ConfigurationError("--api-token must not be empty") }
            return option
        }
        guard let value = environment[tokenVariable] else { return nil }
        guard !value.isEmpty else { throw ConfigurationError("\(tokenVariable) is set but empty (unset it, or give a token)") }
        return value
    }
}
