import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct ValidateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate")
    func run() async throws { throw ConfigurationError("'validate' is not built yet") }
}
