import Kafka

/// Reads the worker options from `POPSTREAM_<NAME>` environment variables (`--metrics-port` is
/// `POPSTREAM_METRICS_PORT`): each variable set for an option the command line does not give is added to
/// the arguments, so that both are checked alike. `POPSTREAM_KAFKA_CONFIG` holds comma-separated
/// `KEY=VALUE` pairs (a value may hold commas: ``KafkaPropertyList``); `POPSTREAM_UNTIL_END` is `1`/`true` or `0`/`false`.
enum WorkerEnvironment {
    /// The options read from the environment, by long name.
    static let options = [
        "bootstrap", "group", "store", "areas", "map", "targets", "kafka-config", "metrics-port", "until-end", "topic",
        "alerts-topic", "assignment", "window-messages", "window-ms", "evaluation-interval-ms", "lease-seconds", "instance-id",
        "log-level",
    ]

    /// `arguments` completed from `environment`.
    static func arguments(_ arguments: [String], environment: [String: String]) throws -> [String] {
        var result = arguments
        for option in options {
            let flag = "--" + option
            let given = arguments.contains { $0 == flag || $0.hasPrefix(flag + "=") }
            let variable = "POPSTREAM_" + option.uppercased().replacingOccurrences(of: "-", with: "_")
            guard !given, let value = environment[variable] else { continue }
            switch option {
            case "until-end":
                switch value.lowercased() {
                case "1", "true", "yes": result.append(flag)
                case "0", "false", "no", "": break
                default: throw ConfigurationError("\(variable) must be true or false, got '\(value)'")
                }
            case "kafka-config":
                for item in KafkaPropertyList.items(value) { result += [flag, item] }
            default:
                result += [flag, value]
            }
        }
        return result
    }
}
