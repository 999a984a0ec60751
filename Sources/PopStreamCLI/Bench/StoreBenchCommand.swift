import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct StoreBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store")
    func run() async throws { throw ConfigurationError("'store' is not built yet") }
}
