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

    /// One step of a scripted alert: the row's status at `minute`, and the message expected then (`nil`: none).
    struct Step {
        var minute: Double
        var status: IndicatorStatus
        var expected: (status: AlertStatus, severity: AlertSeverity, sequence: Int)?
    }

    /// Every transition of contract section 6, in one scripted series: into firing, severity up and down,
    /// resolving from either severity through each non-firing status, and no message while nothing changes.
    static let script: [Step] = [
        Step(minute: 0, status: .ok, expected: nil),
        Step(minute: 1, status: .insufficientData, expected: nil),
        Step(minute: 2, status: .atRisk, expected: (.firing, .warning, 1)),
        Step(minute: 3, status: .atRisk, expected: nil),
        Step(minute: 4, status: .breach, expected: (.firing, .critical, 2)),
        Step(minute: 5, status: .breach, expected: nil),
        Step(minute: 6, status: .atRisk, expected: (.firing, .warning, 3)),
        Step(minute: 7, status: .noTarget, expected: (.resolved, .warning, 4)),
        Step(minute: 8, status: .ok, expected: nil),
        Step(minute: 9, status: .breach, expected: (.firing, .critical, 5)),
        Step(minute: 10, status: .insufficientData, expected: (.resolved, .critical, 6)),
        Step(minute: 11, status: .breach, expected: (.firing, .critical, 7)),
        Step(minute: 12, status: .ok, expected: (.resolved, .critical, 8)),
        Step(minute: 13, status: .noTarget, expected: nil),
    ]

    @Test func scriptedStatusesGiveTheContractsTransitionsAndSequences() throws {
        let t0 = 1_741_082_403.0 // 2025-03-04T10:00:03Z
        var stored: AlertState?
        for step in Self.script {
            let now = t0 + 60 * step.minute
            let stamp = AlertTimestamp.format(epochSeconds: now)
            // The state goes through JSON between evaluations, as the store keeps it.
            let previous = try stored.map { try JSONEncoderForTests.decode(AlertState.self, JSONEncoderForTests.encode($0)) }
            let transition = AlertMachine.evaluate(row(step.status), previous: previous, evaluatedAt: now)
            guard let expected = step.expected else {
                #expect(transition.message == nil, "minute \(step.minute)")
                #expect(transition.state == stored, "minute \(step.minute)")
                continue
            }
            let message = try #require(transition.message, "minute \(step.minute): no message")
            #expect(message.status == expected.status && message.severity == expected.severity
                    && message.sequence == expected.sequence, "minute \(step.minute): \(message.status) \(message.severity) \(message.sequence)")
            #expect(message.since == stamp && message.evaluatedAt == stamp, "minute \(step.minute)")
            #expect(message.alertId == "newborn_screening_coverage|058|2025")
            #expect(transition.state == AlertState(status: expected.status, severity: expected.severity,
                                                   sequence: expected.sequence, since: stamp))
            stored = transition.state
        }
        #expect(stored == AlertState(status: .resolved, severity: .critical, sequence: 8, since: "2025-03-04T10:12:03Z"))
    }

    @Test func aResolvedAlertStartsAgainFromItsSequence() throws {
        let resolved = AlertState(status: .resolved, severity: .critical, sequence: 41, since: "2025-01-01T00:00:00Z")
        let again = try #require(AlertMachine.evaluate(row(.atRisk), previous: resolved, evaluatedAt: 0).message)
        #expect(again.sequence == 42 && again.status == .firing && again.severity == .warning)
        #expect(again.since == "1970-01-01T00:00:00Z")
        let quiet = AlertMachine.evaluate(row(.ok), previous: resolved, evaluatedAt: 0)
        #expect(quiet.message == nil && quiet.state == resolved)
    }

    @Test func messageJSONIsExactlyTheContractsShape() throws {
        let transition = AlertMachine.evaluate(row(.breach), previous: nil, evaluatedAt: 1_741_082_403.25)
        let message = try #require(transition.message)
        let text = String(decoding: message.jsonBytes(), as: UTF8.self)
        let expected = #"{"alertId":"newborn_screening_coverage|058|2025","sequence":1,"status":"firing","severity":"critical","#
            + #""indicator":"newborn_screening_coverage","indicatorName":{"vi":"Tỷ lệ trẻ sơ sinh được tầm soát ít nhất 5 bệnh bẩm sinh phổ biến nhất","#
            + #""en":"Newborns screened for at least the 5 most common congenital conditions"},"#
            + #""area":{"code":"058","name":"Thành Phố Bắc Kạn","level":"district"},"period":"2025","value":61.4,"lower":58.0,"#
            + #""upper":64.7,"numerator":614,"denominator":1000,"unit":"%","target":{"comparator":">=","value":70.0},"#
            + #""since":"2025-03-04T10:00:03.250Z","evaluatedAt":"2025-03-04T10:00:03.250Z"}"#
        #expect(text == expected)
        #expect(!text.contains("subject"))
        // Codable (used by the HTTP API) reads the hand-written bytes back to the same message.
        let decoded = try JSONEncoderForTests.decode(AlertMessage.self, Data(message.jsonBytes()))
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

    @Test func logFieldsAreReadFromTheMessageBytes() throws {
        let breach = try #require(AlertMachine.evaluate(row(.breach), previous: nil, evaluatedAt: 0).message)
        #expect(AlertLogFields.parse(breach.jsonBytes())
                    == AlertLogFields(status: "firing", severity: "critical", value: "61.4", target: ">= 70.0"))
        let empty = IndicatorRow(indicator: .sexRatioAtBirth, area: "VN", areaName: "Việt Nam", level: "national",
                                 period: .year(2025), numerator: 5, denominator: 0, value: nil, lower: nil, upper: nil,
                                 unit: .boysPer100Girls, target: nil, status: .breach)
        let undefined = try #require(AlertMachine.evaluate(empty, previous: nil, evaluatedAt: 0).message)
        #expect(AlertLogFields.parse(undefined.jsonBytes())
                    == AlertLogFields(status: "firing", severity: "critical", value: "null", target: nil))
        #expect(AlertLogFields.parse(Array(#"{"status":"resolved","severity":"warning","value":1e2}"#.utf8))?.value == "1e2")
        #expect(AlertLogFields.parse(Array(#"{"status":"firing"}"#.utf8)) == nil, "no severity")
        #expect(AlertLogFields.parse(Array(#"{"status":"firing","#.utf8)) == nil, "not JSON")
        #expect(AlertLogFields.parse(Array("[]".utf8)) == nil, "not an object")
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
