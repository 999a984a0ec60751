@testable import AlertNotifier
import PopStreamCore
import Testing

@Suite("Alertmanager labels and annotations", .timeLimit(.minutes(3)))
struct AlertmanagerPayloadTests {
    private let payload = AlertmanagerPayload(provinces: ProvinceLookup(registry: BundledAreas.defaultRegistry))

    @Test("labels route per province; annotations give value, interval and target in Vietnamese and English")
    func labelsAndAnnotations() {
        let message = TestAlerts.message(area: "00004", areaName: "Phường Ba Đình", sequence: 3, severity: .critical, value: 61.4)
        let alerts = payload.alerts(for: message, previous: nil, validUntil: "2030-01-01T00:00:00Z")
        #expect(alerts.count == 1)
        #expect(alerts[0].labels == [
            "alertname": "PopStreamIndicator", "indicator": "newborn_screening_coverage", "area": "00004",
            "level": "commune", "province": "01", "period": "2025", "severity": "critical",
        ])
        let annotations = alerts[0].annotations
        #expect(annotations["value"] == "61.4 %")
        #expect(annotations["interval"] == "58.0–64.7 %")
        #expect(annotations["target"] == ">= 70.0 %")
        #expect(annotations["sequence"] == "3")
        #expect(annotations["summary_en"] == "\(IndicatorID.newbornScreeningCoverage.name.en), Phường Ba Đình (00004), 2025: 61.4 % (95% CI 58.0–64.7 %), target >= 70.0 %: off target")
        #expect(annotations["summary_vi"] == "\(IndicatorID.newbornScreeningCoverage.name.vi), Phường Ba Đình (00004), 2025: 61,4 % (khoảng tin cậy 95%: 58,0–64,7 %), mục tiêu ≥ 70,0 %: không đạt mục tiêu")
        #expect(alerts[0].startsAt == message.since)
        #expect(alerts[0].endsAt == "2030-01-01T00:00:00Z")
    }

    @Test("an area the registry does not know has no province label")
    func unknownArea() {
        let message = TestAlerts.message(area: "99999", sequence: 1)
        #expect(payload.labels(message, severity: .warning)["province"] == nil)
    }

    @Test("a severity change fires the new severity and resolves the old one; a resolution ends the severity that fired")
    func transitions() {
        let warning = TestAlerts.message(sequence: 1, severity: .warning)
        var critical = TestAlerts.message(sequence: 2, severity: .critical, value: 55)
        critical = AlertMessage(alertId: critical.alertId, sequence: 2, status: .firing, severity: .critical,
                                indicator: critical.indicator, indicatorName: critical.indicatorName, area: critical.area,
                                period: critical.period, value: 55, lower: 52, upper: 58, numerator: 550, denominator: 1000,
                                unit: critical.unit, target: critical.target, since: "2025-06-01T00:00:00Z",
                                evaluatedAt: "2025-06-01T00:00:00Z")
        let escalation = payload.alerts(for: critical, previous: warning, validUntil: nil)
        #expect(escalation.map { $0.labels["severity"] } == ["critical", "warning"])
        #expect(escalation[0].endsAt == nil)
        #expect(escalation[1].endsAt == "2025-06-01T00:00:00Z")
        #expect(escalation[1].startsAt == warning.since)

        let resolved = TestAlerts.message(sequence: 3, status: .resolved, severity: .critical, value: 75)
        let resolution = payload.alerts(for: resolved, previous: critical, validUntil: "2030-01-01T00:00:00Z")
        #expect(resolution.count == 1)
        #expect(resolution[0].labels["severity"] == "critical")
        #expect(resolution[0].startsAt == "2025-06-01T00:00:00Z")
        #expect(resolution[0].endsAt == resolved.since)
        #expect(resolution[0].annotations["summary_en"]?.hasSuffix(": no longer at risk") == true)
    }
}
