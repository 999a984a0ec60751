import AlertNotifier
import Testing

@Suite("Notifier options and POPSTREAM_* variables", .timeLimit(.minutes(3)))
struct NotifierOptionsTests {
    private func resolve(_ arguments: [String], _ environment: [String: String] = [:]) throws -> NotifierConfiguration {
        try NotifierOptions.parse(arguments).resolve(environment: environment)
    }

    @Test("defaults")
    func defaults() throws {
        let configuration = try resolve([])
        #expect(configuration.bootstrapServers == ["localhost:9092"])
        #expect(configuration.groupID == "popstream-alert-notifier")
        #expect(configuration.topic == "indicators.alerts.v1")
        #expect(configuration.statePath == "./data/notifier.sqlite")
        #expect(configuration.webhooks.isEmpty && configuration.alertmanagers.isEmpty)
        #expect(configuration.resendInterval == .seconds(60))
        #expect(configuration.retry == .standard)
        #expect(!configuration.fromBeginning)
    }

    @Test("each option falls back to its variable; the command line wins; lists are comma-separated")
    func environmentFallback() throws {
        let environment = [
            "POPSTREAM_BOOTSTRAP": "k1:9092, k2:9092",
            "POPSTREAM_GROUP": "g-env",
            "POPSTREAM_WEBHOOK": "http://a.example/hook, https://b.example/x?token=secret",
            "POPSTREAM_ALERTMANAGER": "http://am:9093",
            "POPSTREAM_KAFKA_CONFIG": "debug=cgrp,fetch,session.timeout.ms=6000",
            "POPSTREAM_FROM_BEGINNING": "true",
            "POPSTREAM_RESEND_INTERVAL": "0",
            "POPSTREAM_RETRY_ATTEMPTS": "3",
        ]
        let fromEnvironment = try resolve([], environment)
        #expect(fromEnvironment.bootstrapServers == ["k1:9092", "k2:9092"])
        #expect(fromEnvironment.groupID == "g-env")
        #expect(fromEnvironment.webhooks.map(\.text) == ["http://a.example/hook", "https://b.example/x?token=secret"])
        #expect(fromEnvironment.webhooks.map(\.redacted) == ["http://a.example", "https://b.example"])
        #expect(fromEnvironment.alertmanagers.map(\.text) == ["http://am:9093"])
        #expect(fromEnvironment.kafkaProperties == ["debug": "cgrp,fetch", "session.timeout.ms": "6000"])
        #expect(fromEnvironment.fromBeginning)
        #expect(fromEnvironment.resendInterval == nil)
        #expect(fromEnvironment.retry.attempts == 3)

        let fromCommandLine = try resolve(["--group", "g-cli", "--webhook", "http://c.example/h"], environment)
        #expect(fromCommandLine.groupID == "g-cli")
        #expect(fromCommandLine.webhooks.map(\.text) == ["http://c.example/h"])
    }

    @Test("bad values name the option or the variable")
    func badValues() {
        #expect(throws: NotifierConfigurationError("--resend-interval -1: expected seconds, 0 to 86400")) {
            try resolve(["--resend-interval=-1"])
        }
        #expect(throws: NotifierConfigurationError("POPSTREAM_FROM_BEGINNING=maybe: expected true or false")) {
            try resolve([], ["POPSTREAM_FROM_BEGINNING": "maybe"])
        }
        #expect(throws: NotifierConfigurationError("--kafka-config expects KEY=VALUE, got 'oops'")) {
            try resolve(["--kafka-config", "oops"])
        }
        #expect(throws: NotifierConfigurationError("--log-level loud: expected trace, debug, info, notice, warning, error or critical")) {
            try resolve(["--log-level", "loud"])
        }
    }
}
