import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct EngineBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "engine")
    func run() async throws { throw ConfigurationError("'engine' is not built yet") }
}
