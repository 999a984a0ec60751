import ArgumentParser

/// `popstream alerts ...`: the alert messages of topic `indicators.alerts.v1`.
struct AlertsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alerts",
        abstract: "Read the alert messages (contract section 6).",
        subcommands: [AlertsTailCommand.self]
    )
}
