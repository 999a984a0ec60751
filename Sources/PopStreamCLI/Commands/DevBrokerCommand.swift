import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dev-broker")
    func run() async throws { throw ConfigurationError("'dev-broker' is not built yet") }
}
