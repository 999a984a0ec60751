import AlertNotifier
import Foundation
import PopStreamCore
import Testing

/// Webhook forwarding end to end: a real embedded Kafka cluster, the notifier in this process, real HTTP
/// servers in this process.
@Suite("Webhook forwarding", .timeLimit(.minutes(3)))
struct WebhookForwardingTests {
    @Test("a webhook failing the first two attempts receives every (alertId, sequence) exactly once")
    func retriesAndDeduplicates() async throws {
        let harness = try NotifierHarness(partitions: 3)
        defer { harness.removeState() }
        let webhook = try await WebhookRecorder.start(.failFirst(2))
        let alerts = TestAlerts.firingThenResolved(count: 8)
        let copies = [alerts[0], alerts[3], alerts[3], alerts[6], alerts[11]]
        var configuration = harness.configuration()
        configuration.webhooks = [try DestinationURL(webhook.url, option: "--webhook")]
        let notifier = try RunningNotifier(configuration)

        try await harness.publish(alerts)
        try await harness.publishRaw([("garbage", Array("not json".utf8)),
                                      (alerts[1].alertId, Array(#"{"alertId":"x"}"#.utf8))])
        try await harness.publish(copies)
        try await harness.waitUntilCommittedToEnd(group: configuration.groupID)
        try await notifier.stop()
        await webhook.stop()

        let accepted = webhook.accepted
        #expect(accepted.count == alerts.count)
        let acceptedPairs = accepted.map { "\($0.alertId ?? "?")#\($0.sequence ?? "?")" }
        #expect(Set(acceptedPairs) == Set(alerts.map(\.pair)))
        #expect(acceptedPairs.count == Set(acceptedPairs).count, "a pair was accepted twice")
        // Bodies are the messages exactly as published.
        let published = Dictionary(uniqueKeysWithValues: alerts.map { ($0.pair, $0.jsonBytes()) })
        for request in accepted {
            #expect(request.body == published["\(request.alertId ?? "?")#\(request.sequence ?? "?")"])
        }
        // Two refusals, then the accepted attempt: never retried after a success, never a copy sent.
        #expect(webhook.all.count == alerts.count * 3)
        // In order per alert id: the firing transition before the resolution.
        for alertId in Set(alerts.map(\.alertId)) {
            let sequences = accepted.filter { $0.alertId == alertId }.compactMap(\.sequence)
            #expect(sequences == ["1", "2"])
        }
    }

    @Test("a webhook that keeps failing holds up neither the other webhook nor the log, and its alerts stay uncommitted")
    func failingWebhookIsIndependent() async throws {
        let harness = try NotifierHarness(partitions: 2)
        defer { harness.removeState() }
        let good = try await WebhookRecorder.start(.always(200))
        // Answers 503 after a second: giving up on every alert takes this webhook 3 attempts x 12 alerts x 1 s.
        let bad = try await WebhookRecorder.start(.slow(.seconds(1), status: 503))
        let alerts = TestAlerts.firingThenResolved(count: 6)
        var configuration = harness.configuration()
        configuration.retry = RetryPolicy(attempts: 3, initialDelay: .milliseconds(10), maxDelay: .milliseconds(10))
        configuration.drainTimeout = .milliseconds(200)
        configuration.webhooks = [try DestinationURL(bad.url, option: "--webhook"),
                                  try DestinationURL("http://127.0.0.1:9/refused", option: "--webhook"),
                                  try DestinationURL(good.url, option: "--webhook")]
        let notifier = try RunningNotifier(configuration)
        try await harness.publish(alerts)

        try await waitFor("the good webhook got \(good.accepted.count) of \(alerts.count)", timeout: .seconds(45)) {
            good.accepted.count >= alerts.count
        }
        let badRequestsMeanwhile = bad.all.count
        let committedMeanwhile = try await harness.committed(group: configuration.groupID)
        try await notifier.stop()
        await good.stop()
        await bad.stop()

        #expect(Set(good.accepted.map { "\($0.alertId ?? "?")#\($0.sequence ?? "?")" }) == Set(alerts.map(\.pair)))
        #expect(good.all.count == alerts.count)
        #expect(badRequestsMeanwhile < alerts.count * 3, "the good webhook waited for the failing one")
        // Not every alert was finished on the failing webhook: those offsets were not committed.
        #expect(committedMeanwhile.map { max($0, 0) }.reduce(0, +) < Int64(alerts.count))
    }

    @Test("a restarted notifier (same ledger, same group, replaying from the beginning) forwards nothing twice")
    func restartForwardsNothingTwice() async throws {
        let harness = try NotifierHarness(partitions: 1)
        defer { harness.removeState() }
        let webhook = try await WebhookRecorder.start(.always(200))
        let before = TestAlerts.firingThenResolved(count: 3)
        var configuration = harness.configuration()
        configuration.webhooks = [try DestinationURL(webhook.url, option: "--webhook")]

        let first = try RunningNotifier(configuration)
        try await harness.publish(before)
        try await harness.waitUntilCommittedToEnd(group: configuration.groupID)
        try await first.stop()
        #expect(webhook.accepted.count == before.count)

        configuration.fromBeginning = true
        let second = try RunningNotifier(configuration)
        let after = [TestAlerts.message(area: "00008", areaName: "Phường Ngọc Hà", sequence: 1)]
        try await harness.publish([before[2]] + after)
        // One partition: once the end is committed, the second notifier has read everything from offset 0.
        try await harness.waitUntilCommittedToEnd(group: configuration.groupID)
        try await second.stop()
        await webhook.stop()

        let pairs = webhook.accepted.map { "\($0.alertId ?? "?")#\($0.sequence ?? "?")" }
        #expect(pairs.sorted() == (before + after).map(\.pair).sorted())
    }
}
