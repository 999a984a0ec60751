import Foundation
import PopStreamCore

/// Turns a valid event into a malformed one that the workers must dead-letter with a chosen reason,
/// changing as little as possible (each change trips exactly the check of that reason, per the precedence
/// of docs/events.md).
struct BadEventMaker: Sendable {
    let registry: AreaRegistry

    /// The reasons that can occur on `kind`'s topic (`out_of_scope` exists for elderly records only).
    static func reasons(for kind: EventKind) -> [DeadLetterReason] {
        DeadLetterReason.allCases.filter { $0 != .outOfScope || kind == .elderlyRecord }
    }

    /// The Kafka key and value of `event` made bad for `reason`.
    func make(_ reason: DeadLetterReason, from event: HealthEvent,
              _ random: inout SimulationRandom) -> (key: String, value: [UInt8]) {
        let subject = event.envelope.subjectId
        var changed = event
        var key = subject
        let text: String
        switch reason {
        case .invalidJSON:
            // Cut short, as a truncated upload would be.
            let json = event.jsonText()
            text = String(json.prefix(max(1, json.utf8.count / 2 + random.below(max(1, json.utf8.count / 3)))))
        case .tooLarge:
            // An unknown field (ignored by the decoder) that takes the event past 64 KiB.
            text = "{\"attachment\":\"" + String(repeating: "A", count: EventDecoder.maximumEventBytes) + "\","
                + event.jsonText().dropFirst()
        case .unsupportedSchemaVersion:
            changed.envelope.schemaVersion = 2
            text = changed.jsonText()
        case .wrongKind:
            let kinds = EventKind.allCases.filter { $0 != event.kind }
            text = event.jsonText().replacingFirst("\"kind\":\"\(event.kind.rawValue)\"",
                                                   with: "\"kind\":\"\(random.element(of: kinds).rawValue)\"")
        case .schemaViolation:
            changed.envelope.revision = 0
            text = changed.jsonText()
        case .keyMismatch:
            key = subject + "-other"
            text = event.jsonText()
        case .unknownArea:
            changed.envelope.areaCode = unknownAreaCode
            text = changed.jsonText()
        case .invalidDate:
            // A day that does not exist, where the anchor (or birth) date is.
            let json = event.jsonText()
            if let date = Self.firstDate(of: event) {
                text = json.replacingFirst("\"\(date.field)\":\"\(date.value)\"",
                                           with: "\"\(date.field)\":\"\(date.value.year)-02-30\"")
            } else {
                text = json
            }
        case .outOfScope:
            if case .elderly(var record)? = event.body {
                record.birthDate = LocalDate(year: record.reportingYear - 50, month: 6, day: 15) ?? record.birthDate
                changed.body = .elderly(record)
            }
            text = changed.jsonText()
        }
        return (key, Array(text.utf8))
    }

    /// A code absent from the registry.
    var unknownAreaCode: String {
        var code = "99999"
        while registry.contains(code) { code += "9" }
        return code
    }

    private static func firstDate(of event: HealthEvent) -> (field: String, value: LocalDate)? {
        switch event.body {
        case .newborn(let body): ("birthDate", body.birthDate)
        case .prenatal(let body): ("registeredOn", body.registeredOn)
        case .premarital(let body): ("registeredOn", body.registeredOn)
        case .elderly(let body): ("birthDate", body.birthDate)
        case nil: nil
        }
    }
}

extension String {
    /// The text with the first occurrence of `target` replaced (unchanged when absent).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
