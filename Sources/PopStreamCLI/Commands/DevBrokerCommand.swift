import ArgumentParser
import Foundation
import Kafka
import ProcessShutdown

/// `popstream dev-broker`: an in-memory Kafka-protocol cluster (librdkafka's mock) with the contract topics.
struct DevBrokerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dev-broker",
        abstract: "Run an embedded Kafka-protocol broker (in memory) with the contract topics.",
        discussion: """
            Prints the bootstrap address as the first line of stdout and runs until SIGINT/SIGTERM. \
            Data is kept in memory only (about 5 MB per partition).
            """
    )

    @Option(help: "Number of brokers.")
    var brokers: Int = 1

    @Option(help: "Partitions of every contract topic.")
    var partitions: Int = 6

    @Option(name: .customLong("bootstrap-file"), help: "Also write the bootstrap address to this file.")
    var bootstrapFile: String?

    func run() async throws {
        guard (1...16).contains(brokers) else { throw ConfigurationError("--brokers must be between 1 and 16") }
        guard (1...1000).contains(partitions) else { throw ConfigurationError("--partitions must be between 1 and 1000") }
        let shutdown = await ShutdownSignal.install(stopDeadline: StopDeadline(grace: .seconds(10), exitStatus: 0, program: "popstream dev-broker"))
        let logger = KafkaCLISupport.logger("popstream.dev-broker")
        let cluster = try MockCluster(brokers: brokers, logger: logger)
        for topic in ContractTopics.all {
            try cluster.createTopic(topic, partitions: partitions, replicationFactor: min(brokers, 3))
        }
        // The file first: whoever has read the stdout line may read the file at once.
        if let bootstrapFile {
            do {
                try Data((cluster.bootstrapServers + "\n").utf8).write(to: URL(fileURLWithPath: bootstrapFile))
            } catch {
                throw ConfigurationError("cannot write --bootstrap-file \(bootstrapFile): \(error.localizedDescription)")
            }
        }
        // Unbuffered write: the first stdout line must reach a parent process reading a pipe at once.
        FileHandle.standardOutput.write(Data((cluster.bootstrapServers + "\n").utf8))
        KafkaCLISupport.printError(
            "dev-broker: \(brokers) broker(s), \(ContractTopics.all.count) topics x \(partitions) partitions; Ctrl-C to stop")
        let signal = await shutdown.wait()
        KafkaCLISupport.printError("dev-broker: stopping (signal \(signal))")
        withExtendedLifetime(cluster) {}
    }
}
