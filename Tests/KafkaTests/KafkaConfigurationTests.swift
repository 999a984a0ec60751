import Kafka
import Testing

@Suite("Kafka configuration")
struct KafkaConfigurationTests {
    @Test("an unknown property throws librdkafka's message", .timeLimit(.minutes(2)))
    func unknownPropertyThrows() throws {
        var configuration = KafkaProducerConfiguration(bootstrapServers: ["localhost:9092"])
        configuration.properties["no.such.property"] = "1"
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaProducer(configuration: configuration, logger: KafkaTestSupport.logger)
        }
        #expect(error.kind == .configuration)
        #expect(error.message.contains("No such configuration property"))
        #expect(error.message.contains("no.such.property"))
    }

    @Test("an invalid value throws librdkafka's message", .timeLimit(.minutes(2)))
    func invalidValueThrows() throws {
        var configuration = KafkaConsumerConfiguration(bootstrapServers: ["localhost:9092"], groupID: "g")
        configuration.properties["session.timeout.ms"] = "banana"
        let error = try #require(throws: KafkaError.self) {
            _ = try KafkaConsumer(configuration: configuration, logger: KafkaTestSupport.logger)
        }
        #expect(error.kind == .configuration)
        #expect(error.message.contains("session.timeout.ms"))
    }

    @Test("typed settings map to librdkafka properties; raw properties win", .timeLimit(.minutes(2)))
    func typedSettingsMap() {
        var producer = KafkaProducerConfiguration(bootstrapServers: ["a:1", "b:2"])
        producer.compression = .zstd
        producer.linger = .milliseconds(25)
        producer.security = KafkaSecurity(
            sasl: .init(mechanism: .scramSHA512, username: "u", password: "p"),
            tls: .init(caLocation: "/ca.pem"))
        producer.properties["linger.ms"] = "7"
        let properties = producer.librdkafkaProperties
        #expect(properties["bootstrap.servers"] == "a:1,b:2")
        #expect(properties["enable.idempotence"] == "true")
        #expect(properties["acks"] == "all")
        #expect(properties["compression.codec"] == "zstd")
        #expect(properties["linger.ms"] == "7")
        #expect(properties["security.protocol"] == "sasl_ssl")
        #expect(properties["sasl.mechanisms"] == "SCRAM-SHA-512")
        #expect(properties["ssl.ca.location"] == "/ca.pem")

        var consumer = KafkaConsumerConfiguration(bootstrapServers: ["a:1"], groupID: "g")
        consumer.sessionTimeout = .seconds(6)
        consumer.maxPartitionFetchBytes = 2_000_000
        let consumerProperties = consumer.librdkafkaProperties
        #expect(consumerProperties["enable.auto.commit"] == "false")
        #expect(consumerProperties["enable.auto.offset.store"] == "false")
        #expect(consumerProperties["session.timeout.ms"] == "6000")
        #expect(consumerProperties["max.partition.fetch.bytes"] == "2000000")
        #expect(consumerProperties["group.id"] == "g")
    }
}

@Suite("Kafka property lists")
struct KafkaPropertyListTests {
    @Test("comma-separated KEY=VALUE items; an item without = continues the previous value")
    func items() {
        #expect(KafkaPropertyList.items("a=1,b=2") == ["a=1", "b=2"])
        #expect(KafkaPropertyList.items(" debug=cgrp, fetch ,session.timeout.ms=6000") == ["debug=cgrp,fetch", "session.timeout.ms=6000"])
        #expect(KafkaPropertyList.items("sasl.password=a,b,c=d") == ["sasl.password=a,b", "c=d"])
        #expect(KafkaPropertyList.items("a=1,,b=2,") == ["a=1", "b=2"])
        #expect(KafkaPropertyList.items("oops,a=1") == ["oops", "a=1"])
        #expect(KafkaPropertyList.items("").isEmpty)
    }
}
