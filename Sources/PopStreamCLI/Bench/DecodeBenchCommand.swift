import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct DecodeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "decode")
    func run() async throws { throw ConfigurationError("'decode' is not built yet") }
}
