import ArgumentParser

/// `popstream bench ...`: the benchmarks behind `make bench` (never part of `make test`).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a benchmark and print one JSON object per scenario.",
        subcommands: [
            KafkaBenchCommand.self,
            DecodeBenchCommand.self,
            EngineBenchCommand.self,
            StoreBenchCommand.self,
            WorkerBenchCommand.self,
            DashboardBenchCommand.self,
        ]
    )
}
