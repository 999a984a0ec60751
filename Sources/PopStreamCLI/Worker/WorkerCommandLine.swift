import ArgumentParser
import Foundation
import Kafka
import Logging
import PopStreamCore
import ProcessShutdown
import Store
import WorkerRuntime

/// The `main` of the four worker executables: options from the command line and the environment, then
/// the shared runtime. Exit codes per the interfaces spec: 0 clean stop, 2 bad configuration (one line on
/// stderr), 1 runtime failure.
public enum WorkerCommandLine {
    /// How long a worker may take to stop after SIGTERM (commit its window, publish its alerts) before it
    /// ends with 1: under the Kubernetes manifests' `terminationGracePeriodSeconds` (45).
    static let stopGrace: Duration = .seconds(40)

    /// Runs the worker of `kind` and exits the process.
    public static func main(kind: EventKind, arguments: [String] = Array(CommandLine.arguments.dropFirst()),
                            environment: [String: String] = ProcessInfo.processInfo.environment) async -> Never {
        let name = "popstream-\(kind.shortName)-worker"
        let configuration: WorkerConfiguration
        let logLevel: Logger.Level
        do {
            let options = try WorkerOptions.parse(try WorkerEnvironment.arguments(arguments, environment: environment))
            guard let level = Logger.Level(rawValue: options.logLevel) else {
                throw ConfigurationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            logLevel = level
            configuration = try options.configuration(kind: kind)
            if let port = configuration.metricsPort { try await ListeningPort.check(port: port, option: "--metrics-port") }
        } catch let error as ConfigurationError {
            fail(name, error.message)
        } catch {
            if WorkerOptions.exitCode(for: error) == .success {
                print(WorkerHelp.helpMessage().replacingOccurrences(of: "worker-help", with: name))
                exit(0)
            }
            fail(name, WorkerOptions.message(for: error))
        }

        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = logLevel
            return handler
        }
        let logger = Logger(label: "popstream.\(kind.shortName)-worker")
        do {
            try await Worker.run(configuration, logger: logger,
                                 stopDeadline: StopDeadline(grace: stopGrace, exitStatus: 1, program: name))
            exit(0)
        } catch let error as KafkaError where error.kind == .configuration {
            fail(name, "--kafka-config: \(error.message)")
        } catch let error as StoreError {
            if case .invalidURL(let message) = error { fail(name, "--store: \(message)") }
            logger.critical("stopped: \(error)")
            exit(1)
        } catch {
            logger.critical("stopped: \(error)")
            exit(1)
        }
    }

    private static func fail(_ name: String, _ message: String) -> Never {
        let line = message.split(separator: "\n").first.map(String.init) ?? message
        FileHandle.standardError.write(Data("\(name): \(line)\n".utf8))
        exit(2)
    }
}

/// The help text's command (the worker options, under the executable's name).
struct WorkerHelp: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker-help",
        abstract: "Consume one PopStream topic into the store, dead-letter bad events, evaluate and publish alerts.",
        discussion: "Every option can also be given as POPSTREAM_<NAME> (e.g. POPSTREAM_BOOTSTRAP, POPSTREAM_METRICS_PORT).")
    @OptionGroup var options: WorkerOptions
}

extension EventKind {
    /// The executable's word for the kind: prenatal, newborn, premarital, elderly.
    var shortName: String {
        switch self {
        case .prenatalScreening: "prenatal"
        case .newbornScreening: "newborn"
        case .premaritalCheckup: "premarital"
        case .elderlyRecord: "elderly"
        }
    }
}
