import Foundation
import Testing
@testable import PopStreamCore

@Suite struct AlertTests {
    func row(_ status: IndicatorStatus, value: Double = 61.4) -> IndicatorRow {
        IndicatorRow(indicator: .newbornScreeningCoverage, area: "058", areaName: "Thành Phố Bắc Kạn", level: "district",
                     period: .year(2025), numerator: 614, denominator: 1000, value: value, lower: 58.0, upper: 64.7,
                     unit: .percent, target: EffectiveTarget(comparator: .atLeast, value: 70), status: status)
    }

    @Test func noMessageWhileNothingFires() {
        for status in [IndicatorStatus.ok, .insufficientData, .noTarget] {
            let transition = AlertMachine.evaluate(row(status), previous: nil, evaluatedAt: 0)
            #expect(transition.state == nil && transition.message == nil)
        }
    }

    @Test func warningCriticalResolvedWithIncreasingSequence() throws {
        let t0 = 1_741_082_403.0 // 2025-03-04T10:00:03Z
        let first = AlertMachine.evaluate(row(.atRisk), previous: nil, evaluatedAt: t0)
        let warning = try #require(first.message)
        #expect(warning.sequence == 1 && warning.status == .firing && warning.severity == .warning)
        #expect(warning.alertId == "newborn_screening_coverage|058|2025")
        #expect(warning.since == "2025-03-04T10:00:03Z" && warning.evaluatedAt == "2025-03-04T10:00:03Z")

        let unchanged = AlertMachine.evaluate(row(.atRisk, value: 62), previous: first.state, evaluatedAt: t0 + 60)
        #expect(unchanged.message == nil && unchanged.state == first.state)

        let worse = AlertMachine.evaluate(row(.breach), previous: first.state, evaluatedAt: t0 + 120)
        let critical = try #require(worse.message)
        #expect(critical.sequence == 2 && critical.status == .firing && critical.severity == .critical)
        #expect(critical.since == "2025-03-04T10:02:03Z")

        let better = AlertMachine.evaluate(row(.ok), previous: worse.state, evaluatedAt: t0 + 180)
        let resolved = try #require(better.message)
        #expect(resolved.sequence == 3 && resolved.status == .resolved && resolved.severity == .critical)
        #expect(AlertMachine.evaluate(row(.noTarget), previous: better.state, evaluatedAt: t0 + 240).message == nil)

        let again = AlertMachine.evaluate(row(.atRisk), previous: better.state, evaluatedAt: t0 + 300)
        #expect(again.message?.sequence == 4 && again.message?.severity == .warning)
        let down = AlertMachine.evaluate(row(.insufficientData), previous: again.state, evaluatedAt: t0 + 360)
        #expect(down.message?.status == .resolved && down.message?.sequence == 5)
    }

    @Test func messageJSONIsDeterministicAndHasTheContractKeys() throws {
        let transition = AlertMachine.evaluate(row(.breach), previous: nil, evaluatedAt: 1_741_082_403.25)
        let message = try #require(transition.message)
        let bytes = message.jsonBytes()
        #expect(bytes == message.jsonBytes())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix(#"{"alertId":"newborn_screening_coverage|058|2025","sequence":1,"status":"firing","severity":"critical","indicator":"newborn_screening_coverage","indicatorName":{"vi":"Tỷ lệ trẻ sơ sinh"#))
        #expect(text.contains(#""area":{"code":"058","name":"Thành Phố Bắc Kạn","level":"district"},"period":"2025","value":61.4,"lower":58.0,"upper":64.7,"numerator":614,"denominator":1000,"unit":"%","target":{"comparator":">=","value":70.0},"since":"2025-03-04T10:00:03.250Z","evaluatedAt":"2025-03-04T10:00:03.250Z"}"#))
        let object = try JSONEncoderForTests.object(Data(bytes))
        #expect(Set(object.keys) == ["alertId", "sequence", "status", "severity", "indicator", "indicatorName", "area", "period",
                                     "value", "lower", "upper", "numerator", "denominator", "unit", "target", "since", "evaluatedAt"])
        #expect(!text.contains("subject"))
        // Codable agrees with the hand-written bytes.
        let decoded = try JSONEncoderForTests.decode(AlertMessage.self, Data(bytes))
        #expect(decoded == message)
    }

    @Test func nullsAreWritten() throws {
        let empty = IndicatorRow(indicator: .sexRatioAtBirth, area: "VN", areaName: "Việt Nam", level: "national",
                                 period: .year(2025), numerator: 5, denominator: 0, value: nil, lower: nil, upper: nil,
                                 unit: .boysPer100Girls, target: nil, status: .breach)
        let message = try #require(AlertMachine.evaluate(empty, previous: nil, evaluatedAt: 0).message)
        let text = String(decoding: message.jsonBytes(), as: UTF8.self)
        #expect(text.contains(#""value":null,"lower":null,"upper":null,"numerator":5,"denominator":0,"unit":"boys per 100 girls","target":null,"since":"1970-01-01T00:00:00Z""#))
    }

    @Test func alertStateCodable() throws {
        let state = AlertState(status: .firing, severity: .critical, sequence: 7, since: "2025-03-04T10:00:03Z")
        #expect(try JSONEncoderForTests.decode(AlertState.self, JSONEncoderForTests.encode(state)) == state)
    }

    @Test func timestamps() {
        #expect(AlertTimestamp.format(epochSeconds: 0) == "1970-01-01T00:00:00Z")
        #expect(AlertTimestamp.format(epochSeconds: 951_782_400) == "2000-02-29T00:00:00Z")
        #expect(AlertTimestamp.format(epochSeconds: 1_767_225_599.999) == "2025-12-31T23:59:59.999Z")
        #expect(AlertTimestamp.format(epochSeconds: -1) == "1969-12-31T23:59:59Z")
    }
}
