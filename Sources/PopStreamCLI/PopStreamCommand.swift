import ArgumentParser

/// The `popstream` admin command line (see docs and the interfaces spec).
public struct PopStreamCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "popstream",
        abstract: "PopStream: live population-policy indicators from hospital events on Kafka.",
        subcommands: [
            DevBrokerCommand.self,
            TopicsCommand.self,
            PublishCommand.self,
            ValidateCommand.self,
            SimulateCommand.self,
            AlertsCommand.self,
            DeadLetterCommand.self,
            ReportCommand.self,
            ServeCommand.self,
            BenchCommand.self,
        ]
    )

    public init() {}
}
