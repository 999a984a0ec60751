import Foundation
import Kafka
@testable import PopStreamCLI
import Testing

@Suite("Kafka commands: dev-broker, publish, topics")
struct KafkaCommandsTests {
    private static func temporaryFile(_ contents: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-kafka-\(UUID().uuidString).jsonl")
        try Data(contents.utf8).write(to: url)
        return url
    }

    private static func event(_ subjectId: String, _ index: Int) -> String {
        #"{"eventId":"e-\#(index)","schemaVersion":1,"kind":"newborn-screening","subjectId":"\#(subjectId)","revision":1}"#
    }

    /// kcat's view of a topic: (key, value) per message.
    private static func readWithKcat(_ kcat: URL, bootstrap: String, topic: String) async throws -> [(key: String, value: String)] {
        let output = try await Subprocess.run(kcat, ["-C", "-b", bootstrap, "-t", topic, "-e", "-q", "-f", "%k\t%s\n"])
        #expect(output.status == 0, "kcat failed: \(output.stderr)")
        return output.stdout.split(separator: "\n").compactMap { line -> (key: String, value: String)? in
            let parts = line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { return nil }
            return (String(parts[0]), String(parts[1]))
        }
    }

    @Test("dev-broker + publish + kcat interoperate: keys are the subjectIds")
    func devBrokerPublishKcat() async throws {
        guard let kcat = Subprocess.kcatURL() else {
            print("SKIPPED devBrokerPublishKcat: kcat is not installed (apt-get install kcat)")
            return
        }
        let bootstrapFile = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-bootstrap-\(UUID().uuidString)")
        let broker = try await KafkaProcessSupport.DevBroker.start(["--bootstrap-file", bootstrapFile.path])
        do {
            let subjects = (0..<40).map { "NB-\($0)" }
            let file = try Self.temporaryFile(subjects.enumerated().map { Self.event($1, $0) }.joined(separator: "\n") + "\n")
            defer { try? FileManager.default.removeItem(at: file) }

            #expect(try String(contentsOf: bootstrapFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == broker.bootstrap)
            let publish = try await Subprocess.run(try Subprocess.popstreamURL(), [
                "publish", "--bootstrap", broker.bootstrap, "--kind", "newborn-screening", "--file", file.path])
            #expect(publish.status == 0, "publish failed: \(publish.stderr)")
            #expect(publish.stdout.contains("published 40, rejected 0"))

            let messages = try await Self.readWithKcat(kcat, bootstrap: broker.bootstrap, topic: "health.newborn-screening.v1")
            #expect(messages.map(\.key).sorted() == subjects.sorted())
            for message in messages {
                #expect(message.value.contains(#""subjectId":"\#(message.key)""#))
            }
        } catch {
            _ = try? await broker.stop()
            throw error
        }
        #expect(try await broker.stop() == 0)
    }

    @Test("publish reports bad lines by number, publishes the good ones and exits 1")
    func publishRejectsBadLines() async throws {
        let cluster = try MockCluster(brokers: 1)
        try cluster.createTopic("health.premarital-checkup.v1", partitions: 2)
        let lines = [
            Self.event("PM-1", 1),            // 1 good
            "this is not json",               // 2
            "",                               // 3 blank: skipped
            #"{"eventId":"x"}"#,              // 4 no subjectId
            "[1, 2, 3]",                      // 5 not an object
            Self.event("PM-2", 2),            // 6 good
            #"{"subjectId": 42}"#,            // 7 not a string
        ]
        let input = Data((lines.joined(separator: "\n") + "\n").utf8)
        let output = try await Subprocess.run(try Subprocess.popstreamURL(), [
            "publish", "--bootstrap", cluster.bootstrapServers, "--kind", "premarital-checkup", "--file", "-"], stdin: input)
        #expect(output.status == 1)
        let errorLines = output.stderr.split(separator: "\n").map(String.init)
        #expect(errorLines == ["2: not valid JSON", "4: missing subjectId", "5: not a JSON object", "7: subjectId is not a string"])
        #expect(output.stdout.contains("published 2, rejected 4"))
        #expect(!output.stderr.contains("PM-"), "event contents must not be printed")

        let consumer = try KafkaConsumer(configuration: KafkaConsumerConfiguration(bootstrapServers: [cluster.bootstrapServers], groupID: "check"))
        try consumer.assign([KafkaTopicPartition(topic: "health.premarital-checkup.v1", partition: 0): .beginning,
                             KafkaTopicPartition(topic: "health.premarital-checkup.v1", partition: 1): .beginning])
        var keys: [String] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while keys.count < 2, ContinuousClock.now < deadline {
            keys += try await consumer.poll(timeout: .milliseconds(200)).compactMap { $0.key?.string }
        }
        try await consumer.close()
        #expect(keys.sorted() == ["PM-1", "PM-2"])
    }

    @Test("publish with an unknown kind is a configuration error (exit 2)")
    func publishUnknownKind() async throws {
        let output = try await Subprocess.run(try Subprocess.popstreamURL(), [
            "publish", "--bootstrap", "localhost:1", "--kind", "nonsense", "--file", "-"], stdin: Data())
        #expect(output.status == 2)
        #expect(output.stderr.contains("--kind nonsense: unknown kind"))
    }

    @Test("dlq stats and dlq replay refuse a --topic that is not a dead-letter topic (exit 2)", arguments: ["stats", "replay"])
    func deadLetterTopicChecked(command: String) async throws {
        let output = try await Subprocess.run(try Subprocess.popstreamURL(), [
            "dlq", command, "--bootstrap", "localhost:1", "--topic", "health.newborn-screening.v1"], stdin: Data())
        #expect(output.status == 2, "\(output.stderr)")
        #expect(output.stderr.contains("must be a dead-letter topic ending in .dlq"), "\(output.stderr)")
    }

    @Test("topics create builds the contract request; against the mock it fails cleanly with exit 1")
    func topicsCreate() async throws {
        let specifications = ContractTopics.specifications(partitions: 12, replicationFactor: 3)
        #expect(specifications.map(\.name) == [
            "health.prenatal-screening.v1", "health.newborn-screening.v1", "health.premarital-checkup.v1",
            "health.elderly-record.v1", "indicators.alerts.v1",
            "health.prenatal-screening.v1.dlq", "health.newborn-screening.v1.dlq",
            "health.premarital-checkup.v1.dlq", "health.elderly-record.v1.dlq",
        ])
        #expect(specifications.allSatisfy { $0.partitions == 12 && $0.replicationFactor == 3 })
        #expect(specifications.first { $0.name == "indicators.alerts.v1" }?.configs == ["cleanup.policy": "compact"])

        let cluster = try MockCluster(brokers: 1)
        let output = try await Subprocess.run(try Subprocess.popstreamURL(), [
            "topics", "create", "--bootstrap", cluster.bootstrapServers, "--timeout", "2"])
        #expect(output.status == 1)
        #expect(output.stderr.contains("topics create failed"))
    }
}
