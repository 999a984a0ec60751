import Kafka

/// Values of options that were not given on the command line, from `POPSTREAM_<NAME>` variables
/// (`--kafka-config` reads `POPSTREAM_KAFKA_CONFIG`). Repeatable options take a comma-separated list there.
struct EnvironmentFallback {
    let environment: [String: String]

    /// `POPSTREAM_` + the option's long name in upper case with `-` as `_`.
    static func variable(for option: String) -> String {
        "POPSTREAM_" + option.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The command-line value, else the variable's (nil when neither is set or the variable is empty).
    func value(_ commandLine: String?, option: String) -> (value: String, source: String)? {
        if let commandLine { return (commandLine, "--\(option)") }
        let name = Self.variable(for: option)
        guard let text = environment[name], !text.isEmpty else { return nil }
        return (text, name)
    }

    /// The command-line values when any, else the variable's comma-separated items.
    func list(_ commandLine: [String], option: String) -> (values: [String], source: String) {
        if !commandLine.isEmpty { return (commandLine, "--\(option)") }
        let name = Self.variable(for: option)
        let items = (environment[name] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return (items.filter { !$0.isEmpty }, name)
    }

    /// `KEY=VALUE` items of `POPSTREAM_KAFKA_CONFIG`: an item without `=` continues the previous value, so
    /// that `debug=cgrp,fetch` stays one property (``KafkaPropertyList``).
    func keyValueList(_ commandLine: [String], option: String) -> (values: [String], source: String) {
        if !commandLine.isEmpty { return (commandLine, "--\(option)") }
        let name = Self.variable(for: option)
        return (KafkaPropertyList.items(environment[name] ?? ""), name)
    }

    /// A flag: set on the command line, or the variable is `1`, `true` or `yes`.
    func flag(_ commandLine: Bool, option: String) throws(NotifierConfigurationError) -> Bool {
        if commandLine { return true }
        let name = Self.variable(for: option)
        guard let text = environment[name]?.lowercased(), !text.isEmpty else { return false }
        switch text {
        case "1", "true", "yes": return true
        case "0", "false", "no": return false
        default: throw NotifierConfigurationError("\(name)=\(text): expected true or false")
        }
    }
}
