import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct KafkaBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "kafka")
    func run() async throws { throw ConfigurationError("'kafka' is not built yet") }
}
