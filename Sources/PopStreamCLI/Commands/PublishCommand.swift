import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct PublishCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "publish")
    func run() async throws { throw ConfigurationError("'publish' is not built yet") }
}
