import ChildProcesses
import Foundation
import Kafka
@testable import PopStreamCLI
import PopStreamCore
import Testing

@Suite("popstream simulate against the embedded broker", .timeLimit(.minutes(3)))
struct SimulateCommandTests {
    private static func temporaryFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-scenario-\(UUID().uuidString).json")
        try Data(contents.utf8).write(to: url)
        return url
    }

    /// Every message of the four input topics (all partitions), read from the beginning until `expected` arrived.
    private static func consumeAll(_ bootstrap: String, partitions: Int32, expected: Int) async throws -> [EventKind: Int] {
        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: [bootstrap], groupID: "simulate-check"))
        var assignment: [KafkaTopicPartition: KafkaOffset] = [:]
        for kind in EventKind.allCases {
            for partition in 0..<partitions {
                assignment[KafkaTopicPartition(topic: kind.defaultTopic, partition: partition)] = .beginning
            }
        }
        try consumer.assign(assignment)
        var counts: [EventKind: Int] = [:]
        var total = 0
        let deadline = ContinuousClock.now + .seconds(30)
        while total < expected, ContinuousClock.now < deadline {
            for message in try await consumer.poll(timeout: .milliseconds(200)) {
                guard let kind = EventKind.allCases.first(where: { $0.defaultTopic == message.topic }) else { continue }
                counts[kind, default: 0] += 1
                total += 1
            }
        }
        try await consumer.close()
        return counts
    }

    @Test("publishes about rate x duration events, paced, to the four topics, and prints the summary")
    func publishesPaced() async throws {
        let cluster = try MockCluster(brokers: 1)
        for kind in EventKind.allCases { try cluster.createTopic(kind.defaultTopic, partitions: 2) }
        let started = ContinuousClock.now
        let output = try await Subprocess.run(try Subprocess.popstreamURL(), [
            "simulate", "--bootstrap", cluster.bootstrapServers, "--rate", "200", "--duration", "3", "--seed", "5",
            "--bad-share", "0.05", "--scenario", SimulateFixtures.repositoryRoot.appendingPathComponent("deploy/scenarios/anomalies.json").path,
        ])
        let elapsed = ContinuousClock.now - started
        #expect(output.status == 0, "simulate failed: \(output.stderr)")
        #expect(output.stdout.contains("published 600 events"), "\(output.stdout)")
        #expect(output.stdout.contains("bad per reason: too_large"))
        #expect(output.stdout.contains("invalid_json"))
        #expect(output.stdout.contains("scenario anomalies"))
        #expect(elapsed >= .seconds(2.5), "paced: 600 events at 200/s take about 3 s, took \(elapsed)")

        let counts = try await Self.consumeAll(cluster.bootstrapServers, partitions: 2, expected: 600)
        #expect(counts.values.reduce(0, +) == 600)
        #expect(EventKind.allCases.allSatisfy { (counts[$0] ?? 0) > 50 }, "\(counts)")
        let summary = output.stdout.split(separator: "\n").first { $0.contains("per kind:") } ?? ""
        for kind in EventKind.allCases {
            #expect(summary.contains("\(kind.rawValue) \(counts[kind] ?? 0)"), "\(summary) vs \(counts)")
        }
    }

    @Test("--count publishes exactly N events as fast as possible; SIGTERM stops a run cleanly with the summary")
    func countAndSignal() async throws {
        let cluster = try MockCluster(brokers: 1)
        for kind in EventKind.allCases { try cluster.createTopic(kind.defaultTopic, partitions: 1) }
        let fast = try await Subprocess.run(try Subprocess.popstreamURL(), [
            "simulate", "--bootstrap", cluster.bootstrapServers, "--rate", "1", "--count", "300", "--seed", "1"])
        #expect(fast.status == 0, "\(fast.stderr)")
        #expect(fast.stdout.contains("published 300 events"))

        let process = try await Subprocess.start(try Subprocess.popstreamURL(),
                                                 ["simulate", "--bootstrap", cluster.bootstrapServers, "--rate", "50", "--duration", "0"])
        // Stopped once it has started (its header line, written after its signal handlers are in place) and
        // published for a while.
        let header = try await process.waitForLines(1).first ?? ""
        #expect(header.hasPrefix("simulate: seed "), "\(header)")
        try await Task.sleep(for: .seconds(1))
        let status = try await Subprocess.stop(process)
        let text = process.standardOutput
        #expect(status == 0)
        #expect(text.contains("simulate: published"), "\(text)")
        #expect(text.contains("bad per reason"))
    }

    @Test("bad options and scenario files exit 2 with one line")
    func badInput() async throws {
        let unknownField = try Self.temporaryFile(#"{"anomalies":[{"area":"19","indicator":"sex_ratio_at_birth","value":118,"colour":"red"}]}"#)
        let notJSON = try Self.temporaryFile("anomalies: none")
        defer {
            try? FileManager.default.removeItem(at: unknownField)
            try? FileManager.default.removeItem(at: notJSON)
        }
        let cases: [([String], String)] = [
            (["--scenario", unknownField.path], "anomalies[0].colour: unknown field"),
            (["--scenario", notJSON.path], "not valid JSON"),
            (["--scenario", "/nonexistent/scenario.json"], "--scenario"),
            (["--rate", "0"], "--rate must be"),
            (["--rate", "fast"], "rate"),
            (["--bad-share", "1.5"], "--bad-share must be between 0 and 1"),
            (["--kinds", "newborn,dogs"], "--kind dogs: unknown kind"),
            (["--clock", "yesterday"], "--clock yesterday: expected an RFC 3339 timestamp"),
        ]
        for (arguments, message) in cases {
            let output = try await Subprocess.run(try Subprocess.popstreamURL(),
                                                  ["simulate", "--bootstrap", "localhost:1", "--count", "1"] + arguments)
            #expect(output.status == 2, "\(arguments): \(output.status) \(output.stderr)")
            let lines = output.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(arguments): \(output.stderr)")
            #expect(output.stderr.contains(message), "\(arguments): \(output.stderr)")
        }
    }
}
