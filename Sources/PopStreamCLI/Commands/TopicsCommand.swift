import ArgumentParser

// PLACEHOLDER: replaced by the helper that owns this command.
struct TopicsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "topics")
    func run() async throws { throw ConfigurationError("'topics' is not built yet") }
}
