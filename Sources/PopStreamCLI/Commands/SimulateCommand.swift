import ArgumentParser
import Foundation
import Kafka
import PopStreamCore
import ProcessShutdown

/// `popstream simulate`: realistic synthetic hospital traffic for the four kinds, published to the contract
/// topics (key = subjectId). The generator is `SimulationGenerator` (pure); this command parses the options,
/// paces the publishing and prints the summary. See docs/simulator.md.
struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Publish realistic synthetic hospital traffic (all four kinds) to the contract topics.",
        discussion: """
            Paced at --rate events/s for --duration seconds (0: until SIGINT/SIGTERM); --count N publishes N \
            events as fast as possible instead. The same --seed, --rate, --clock, options and scenario give the \
            same events byte for byte. Exit 0 when done or stopped by a signal, 1 when a delivery failed, 2 on \
            bad options or scenario.
            """
    )

    @Option(help: "Kafka bootstrap servers, HOST:PORT[,...].")
    var bootstrap: String

    @Option(help: "Events per second (all kinds together).")
    var rate: Double = 100

    @Option(help: "Seconds to run; 0 runs until stopped.")
    var duration: Double = 0

    @Option(help: "Publish exactly N events as fast as possible (instead of pacing by --duration).")
    var count: Int?

    @Option(help: "Seed of the random draws (default: random, printed at the start).")
    var seed: UInt64?

    @Option(help: "Simulation clock at the start, RFC 3339 (default: now).")
    var clock: String?

    @Option(help: "Scenario file (JSON) of anomalies to inject.")
    var scenario: String?

    @Option(help: "Area registry: a bundled map name or a CSV file (default: the bundled map in force on the clock's date).")
    var areas: String?

    @Option(name: .customLong("bad-share"), help: "Share of malformed events, 0...1.")
    var badShare: Double = 0.01

    @Option(help: "Comma-separated kinds to generate (default: all four).")
    var kinds: String?

    @Option(name: .customLong("kafka-config"), help: "Extra librdkafka property KEY=VALUE (repeatable).")
    var kafkaConfig: [String] = []

    func run() async throws {
        let settings = try makeSettings()
        let limit = try makeLimit()
        var configuration = KafkaProducerConfiguration(bootstrapServers: try KafkaCLISupport.servers(bootstrap))
        configuration.clientID = "popstream-simulate"
        configuration.messageTimeout = .seconds(30)
        configuration.properties = try KafkaCLISupport.properties(kafkaConfig)
        let producer: KafkaProducer
        do {
            producer = try KafkaProducer(configuration: configuration, logger: KafkaCLISupport.logger("popstream.simulate"))
        } catch let error as KafkaError {
            throw ConfigurationError(error.message)
        }

        let shutdown = await ShutdownSignal.install(stopDeadline: StopDeadline(grace: .seconds(20), exitStatus: 0, program: "popstream simulate"))
        let stop = SimulationPublisher.StopFlag()
        let publisher = SimulationPublisher(settings: settings, limit: limit)
        var header = "simulate: seed \(settings.seed), clock \(AlertTimestamp.format(epochSeconds: settings.clock)), "
        header += "rate \(rate)/s, bad share \(settings.badShare)"
        if let name = settings.scenario.name ?? scenario { header += ", scenario \(name)" }
        // Written at once, not buffered until exit: whoever reads the output through a pipe sees that the run
        // has started (and that SIGINT/SIGTERM now stop it cleanly).
        FileHandle.standardOutput.write(Data((header + "\n").utf8))
        let started = ContinuousClock.now
        let loop = Task { await publisher.run(producer: producer, stop: stop) }
        let watcher = Task {
            _ = await shutdown.wait()
            stop.set()
            // A publish stuck on an unreachable broker is abandoned after a grace period.
            try? await Task.sleep(for: .seconds(5))
            loop.cancel()
        }
        let summary = await loop.value
        await producer.close(timeout: .seconds(10))
        watcher.cancel()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        for line in summary.lines(seconds: seconds) { print(line) }
        if summary.failedDeliveries > 0 { throw ExitCode(1) }
    }

    /// The generator's settings from the options; `ConfigurationError` (exit 2) for a bad value.
    func makeSettings() throws -> SimulationSettings {
        guard rate.isFinite, rate > 0, rate <= 1_000_000 else {
            throw ConfigurationError("--rate must be a number of events per second above 0 (at most 1000000)")
        }
        guard badShare.isFinite, (0...1).contains(badShare) else {
            throw ConfigurationError("--bad-share must be between 0 and 1")
        }
        let clock = try clockSeconds()
        let today = LocalDate(vietnamDateOf: clock) ?? BundledAreas.twoLevel2025FirstDay
        // Workers read each event on the map in force on its date: events come from that map's communes.
        let mapName = areas.flatMap { $0 == BundledAreas.mapSetName ? nil : $0 } ?? BundledAreas.mapSet.map(on: today).id
        let registry = try AreaRegistryOption.load(mapName)
        var settings = SimulationSettings(seed: seed ?? UInt64.random(in: 0...UInt64.max), clock: clock, rate: rate)
        if let days = BundledAreas.mapSet.days(of: mapName) {
            if let first = days.first, today < first {
                throw ConfigurationError("--clock \(today) is before \(first), when map \(mapName) comes into force")
            }
            if let last = days.last, today > last {
                throw ConfigurationError("--clock \(today) is after \(last), the last day of map \(mapName)")
            }
            settings.earliestAnchor = days.first
        }
        settings.badShare = badShare
        settings.registry = registry
        settings.reference = AreaReferenceData.bundled(named: mapName)
        if let kinds {
            settings.kinds = try kinds.split(separator: ",").map {
                try EventKindOption.parse($0.trimmingCharacters(in: .whitespaces))
            }
            guard !settings.kinds.isEmpty else { throw ConfigurationError("--kinds is empty") }
        }
        if let scenario {
            let data = Data(try InputFile.read(scenario, what: "--scenario"))
            do {
                settings.scenario = try ScenarioParser.parse(data, registry: registry)
            } catch {
                throw ConfigurationError("--scenario \(scenario): \(error.message)")
            }
        }
        return settings
    }

    /// How the run ends, from --duration and --count.
    func makeLimit() throws -> SimulationPublisher.Limit {
        if let count {
            guard count > 0 else { throw ConfigurationError("--count must be above 0") }
            return .asFastAsPossible(count: count)
        }
        guard duration.isFinite, duration >= 0 else { throw ConfigurationError("--duration must be 0 or more seconds") }
        if duration == 0 { return .pacedForever }
        return .paced(count: max(1, Int((rate * duration).rounded())))
    }

    private func clockSeconds() throws -> Double {
        guard let clock else { return Date().timeIntervalSince1970.rounded(.down) }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        guard let date = formatter.date(from: clock) ?? fractional.date(from: clock),
              LocalDate(vietnamDateOf: date.timeIntervalSince1970).map({ $0.year >= 1900 && $0.year <= 9000 }) == true
        else {
            throw ConfigurationError("--clock \(clock): expected an RFC 3339 timestamp such as 2026-03-01T10:00:00+07:00")
        }
        return date.timeIntervalSince1970
    }
}
