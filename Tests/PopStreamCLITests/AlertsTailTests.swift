import ChildProcesses
import Foundation
import Kafka
@testable import PopStreamCLI
import PopStreamCore
import Testing

@Suite("popstream alerts tail", .timeLimit(.minutes(2)))
struct AlertsTailTests {
    private static func alert(_ area: String, _ sequence: Int) -> AlertMessage {
        AlertMessage(alertId: "child_marriage_rate|\(area)|2025", sequence: sequence, status: .firing, severity: .warning,
                     indicator: .childMarriageRate, indicatorName: IndicatorID.childMarriageRate.name,
                     area: AlertMessage.AreaRef(code: area, name: "Xã \(area)", level: "commune"), period: .year(2025),
                     value: 4.2, lower: 2.1, upper: 6.3, numerator: 42, denominator: 1000, unit: .percent,
                     target: EffectiveTarget(comparator: .atMost, value: 3), since: "2025-05-01T00:00:00Z",
                     evaluatedAt: "2025-05-01T00:00:00Z")
    }

    @Test("prints what was produced, one JSON object per line, then what arrives; SIGINT and SIGTERM stop it with 0",
          arguments: [SIGINT, SIGTERM])
    func tailPrintsAlerts(_ signal: Int32) async throws {
        let cluster = try MockCluster(brokers: 1)
        try cluster.createTopic(defaultAlertTopic, partitions: 2)
        var producerConfiguration = KafkaProducerConfiguration(bootstrapServers: [cluster.bootstrapServers])
        producerConfiguration.linger = .milliseconds(1)
        let producer = try KafkaProducer(configuration: producerConfiguration)
        let before = (1...5).map { Self.alert(String(format: "%05d", $0), 1) }
        var messages = before.map { KafkaProducerMessage(topic: defaultAlertTopic, key: $0.alertId, value: $0.jsonBytes()) }
        messages.append(KafkaProducerMessage(topic: defaultAlertTopic, key: "junk", value: Array("not json".utf8)))
        #expect(try await producer.sendAll(messages).allSatisfy { $0.error == nil })

        let tail = try await Subprocess.start(try Subprocess.popstreamURL(),
                                              ["alerts", "tail", "--bootstrap", cluster.bootstrapServers, "--from-beginning"],
                                              keepStandardError: true)
        let after = [Self.alert("00006", 1), Self.alert("00001", 2)]
        do {
            _ = try await tail.waitForLines(before.count)
            _ = try await producer.sendAll(after.map { KafkaProducerMessage(topic: defaultAlertTopic, key: $0.alertId, value: $0.jsonBytes()) })
            _ = try await tail.waitForLines(before.count + after.count)
        } catch {
            tail.signal(SIGKILL)  // never leave it behind a failed test
            throw error
        }
        let status = try await Subprocess.stop(tail, with: signal)
        await producer.close()

        #expect(status == 0)
        let expected = (before + after).map { String(decoding: $0.jsonBytes(), as: UTF8.self) }
        let received = tail.outputLines
        #expect(received.sorted() == expected.sorted())
        #expect(Array(received.suffix(after.count)).sorted() == Array(expected.suffix(after.count)).sorted())
        #expect(tail.standardError.contains("not a JSON object, skipped"))
    }

    @Test("a multi-line JSON value is printed on one line; a non-object is refused")
    func lineFormatting() {
        #expect(AlertLine.make(Array("{\n  \"sequence\": 1,\n  \"alertId\": \"a/b|2025\"\n}".utf8)) == #"{"alertId":"a/b|2025","sequence":1}"#)
        #expect(AlertLine.make(Array(#"{"alertId":"x"}"#.utf8)) == #"{"alertId":"x"}"#)
        #expect(AlertLine.make(Array("[1,2]".utf8)) == nil)
        #expect(AlertLine.make(Array("nope".utf8)) == nil)
    }
}
