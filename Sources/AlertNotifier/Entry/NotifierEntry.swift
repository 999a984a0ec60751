import ArgumentParser
import Foundation
import Logging
import ProcessShutdown
import ServiceLifecycle

/// The `popstream-alert-notifier` process: parses the configuration, runs `AlertNotifierService` in a
/// `ServiceGroup` (SIGTERM and SIGINT shut it down gracefully) and maps the outcome to the exit status:
/// 0 clean stop, 2 bad configuration (one line on stderr), 1 unrecoverable runtime error.
public enum NotifierEntry {
    /// Runs the notifier with the process's arguments and environment; never returns.
    public static func main(
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async -> Never {
        let configuration: NotifierConfiguration
        do {
            configuration = try NotifierOptions.parse(arguments).resolve(environment: environment)
        } catch let error as NotifierConfigurationError {
            fail(error.message, status: 2)
        } catch {
            if NotifierOptions.exitCode(for: error) == .success { NotifierOptions.exit(withError: error) }
            let message = NotifierOptions.message(for: error)
            fail(message.split(separator: "\n").first.map(String.init) ?? "invalid arguments", status: 2)
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = configuration.logLevel
            return handler
        }
        let logger = Logger(label: "popstream.alert-notifier")
        let service: AlertNotifierService
        do {
            service = try AlertNotifierService(configuration: configuration, logger: logger)
        } catch {
            fail(error.message, status: 2)
        }
        // The deadline last: the group stops services in reverse order, so it starts counting at once.
        let deadline = StopDeadlineService(StopDeadline(grace: .seconds(25), exitStatus: 1, program: "popstream-alert-notifier"))
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service), .init(service: deadline)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            fail("runtime error: \(error)", status: 1)
        }
        exit(0)
    }

    private static func fail(_ message: String, status: Int32) -> Never {
        let line = message.replacingOccurrences(of: "\n", with: " ")
        FileHandle.standardError.write(Data("popstream-alert-notifier: \(line)\n".utf8))
        exit(status)
    }
}
