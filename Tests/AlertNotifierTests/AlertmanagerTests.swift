import AlertNotifier
import Foundation
import PopStreamCore
import Testing

/// The notifier against a real Prometheus Alertmanager (Debian's `prometheus-alertmanager`): alerts read
/// back through Alertmanager's own API. Skipped, and shown as skipped, when the binary is missing.
@Suite("Alertmanager forwarding", .timeLimit(.minutes(3)))
struct AlertmanagerTests {
    /// The alert whose labels are `labels`, from `GET /api/v2/alerts`.
    private static func find(_ alerts: [[String: Any]], _ labels: [String: String]) -> [String: Any]? {
        alerts.first { alert in
            guard let actual = alert["labels"] as? [String: String] else { return false }
            return labels.allSatisfy { actual[$0.key] == $0.value }
        }
    }

    private static func state(_ alert: [String: Any]?) -> String? {
        (alert?["status"] as? [String: Any])?["state"] as? String
    }

    @Test("firing alerts show in Alertmanager with their labels and annotations, are re-sent, and resolve",
          .enabled(if: AlertmanagerProcess.isInstalled, "prometheus-alertmanager is not installed (scripts/install-deps.sh installs it)"))
    func firingAndResolved() async throws {
        let receiver = try await WebhookRecorder.start(.always(200))
        let alertmanager = try await AlertmanagerProcess.start(receiverURL: receiver.url)
        let harness = try NotifierHarness(partitions: 2)
        defer { harness.removeState() }
        var notifier: RunningNotifier?
        do {
            var configuration = harness.configuration()
            configuration.alertmanagers = [try DestinationURL(alertmanager.baseURL, option: "--alertmanager")]
            configuration.resendInterval = .seconds(1)
            notifier = try RunningNotifier(configuration)

            // A breach in a commune of Hà Nội (province 01), an at-risk in another commune.
            let breach = TestAlerts.message(area: "00004", areaName: "Phường Ba Đình", sequence: 1, severity: .critical, value: 61.4)
            let atRisk = TestAlerts.message(indicator: .prenatalScreeningCoverage, area: "00008", areaName: "Phường Ngọc Hà",
                                            sequence: 1, severity: .warning, value: 68.2)
            try await harness.publish([breach, atRisk])
            let breachLabels = ["alertname": "PopStreamIndicator", "indicator": "newborn_screening_coverage", "area": "00004",
                                "level": "commune", "province": "01", "period": "2025", "severity": "critical"]
            let atRiskLabels = ["indicator": "prenatal_screening_coverage", "area": "00008", "severity": "warning"]
            var shown: [[String: Any]] = []
            try await waitFor("both alerts active in Alertmanager", timeout: .seconds(60)) {
                shown = try await alertmanager.alerts()
                return Self.state(Self.find(shown, breachLabels)) == "active" && Self.state(Self.find(shown, atRiskLabels)) == "active"
            }
            let annotations = Self.find(shown, breachLabels)?["annotations"] as? [String: String] ?? [:]
            #expect(annotations["value"] == "61.4 %")
            #expect(annotations["interval"] == "58.0–64.7 %")
            #expect(annotations["target"] == ">= 70.0 %")
            #expect(annotations["summary_vi"]?.contains("Phường Ba Đình") == true)
            #expect(annotations["summary_vi"]?.contains("không đạt mục tiêu") == true)
            #expect(annotations["summary_en"]?.contains("off target") == true)
            #expect(annotations["indicator_name_vi"] == IndicatorID.newbornScreeningCoverage.name.vi)

            // The periodic re-send moves endsAt forward: Alertmanager would otherwise resolve the alert by itself.
            let firstEndsAt = Self.find(shown, breachLabels)?["endsAt"] as? String ?? ""
            try await waitFor("endsAt moved forward by a re-send", timeout: .seconds(20)) {
                let endsAt = Self.find(try await alertmanager.alerts(), breachLabels)?["endsAt"] as? String ?? ""
                return endsAt > firstEndsAt
            }

            // The breach resolves; the at-risk one turns into a breach (another severity label).
            let resolved = TestAlerts.message(area: "00004", areaName: "Phường Ba Đình", sequence: 2, status: .resolved,
                                              severity: .critical, value: 71.0)
            let escalated = TestAlerts.message(indicator: .prenatalScreeningCoverage, area: "00008", areaName: "Phường Ngọc Hà",
                                               sequence: 2, severity: .critical, value: 60.1)
            try await harness.publish([resolved, escalated])
            let escalatedLabels = ["indicator": "prenatal_screening_coverage", "area": "00008", "severity": "critical"]
            try await waitFor("the resolution and the escalation shown", timeout: .seconds(60)) {
                let now = try await alertmanager.alerts()
                return Self.find(now, breachLabels) == nil && Self.find(now, atRiskLabels) == nil
                    && Self.state(Self.find(now, escalatedLabels)) == "active"
            }
            // Alertmanager itself notified the resolution to its receiver.
            try await waitFor("Alertmanager sent the resolution to its webhook receiver", timeout: .seconds(60)) {
                receiver.all.contains { request in
                    let text = String(decoding: request.body, as: UTF8.self)
                    return text.contains(#""status":"resolved""#) && text.contains(#""area":"00004""#)
                }
            }
            try await notifier?.stop()
        } catch {
            Issue.record("Alertmanager log:\n\(alertmanager.log)")
            try? await notifier?.stop()
            await alertmanager.stop()
            await receiver.stop()
            throw error
        }
        await alertmanager.stop()
        await receiver.stop()
    }
}
