import Foundation
@testable import PopStreamCLI
import PopStreamCore

/// A seeded stream of hospital events for the four kinds, as the contract allows them to arrive:
/// revisions out of order, revisions that move a unit to another area or period, duplicates, stale late
/// copies, retractions, and one bad event of every reason; with what the figures must end as.
struct Scenario {
    /// One Kafka message to publish.
    struct Message: Sendable {
        var key: String?
        var value: [UInt8]
    }

    /// A bad event and the reason it must be dead-lettered with.
    struct BadEvent: Sendable {
        var key: String
        var reason: DeadLetterReason
    }

    /// Messages per kind, in publish order.
    var messages: [EventKind: [Message]] = [:]
    /// The bad events among them.
    var badEvents: [EventKind: [BadEvent]] = [:]
    /// The highest revision of each unit: what the figures are recomputed from.
    var finalEvents: [UnitKey: HealthEvent] = [:]

    /// A scenario of `units` units per kind over `communes`.
    static func make(seed: UInt64, units: Int, kinds: [EventKind] = EventKind.allCases, communes: [String]) -> Scenario {
        var scenario = Scenario()
        var generator = WorkloadGenerator(seed: seed, kinds: kinds, communes: communes)
        for kind in kinds {
            var events: [HealthEvent] = []
            for number in 0..<units {
                var previous: HealthEvent?
                let revisions = 1 + generator.below(3)
                for revision in 1...revisions {
                    let retracted = revision == revisions && revisions > 1 && generator.below(6) == 0
                    var event = generator.makeEvent(kind: kind, subject: "\(kind.rawValue)-\(number)", revision: revision,
                                                    retracted: retracted, previous: previous)
                    // Recorded after every date the generator makes (July 2025 to June 2026), as a source system would.
                    event.envelope.recordedAt = 1_790_000_000 + Double(revision * 3600)
                    events.append(event)
                    previous = event
                }
                if let previous { scenario.finalEvents[previous.unitKey] = previous }
            }
            // Duplicates (the same event again) and stale late copies (an older revision, a new event id).
            let originals = events
            for _ in 0..<(originals.count / 8) {
                events.append(originals[generator.below(originals.count)])
                var late = originals[generator.below(originals.count)]
                guard late.envelope.revision > 1 else { continue }
                late.envelope.revision -= 1
                late.envelope.eventId += "-late"
                events.append(late)
            }
            // Out of order: the whole stream shuffled.
            for index in events.indices.reversed() where index > 0 {
                events.swapAt(index, generator.below(index + 1))
            }
            if kind == .elderlyRecord { events += retractionsOfEveryYear(&scenario, &generator, subjects: min(5, units)) }
            var messages = events.map { Message(key: $0.envelope.subjectId, value: Array($0.jsonText().utf8)) }
            let bad = badEvents(kind: kind, template: originals[0])
            for (offset, event) in bad.enumerated() {
                messages.insert(event.message, at: min(messages.count, (offset + 1) * messages.count / (bad.count + 1)))
            }
            scenario.messages[kind] = messages
            scenario.badEvents[kind] = bad.map(\.bad)
        }
        return scenario
    }

    /// Retractions that name no `reportingYear` (every person-year of the subject goes): the first `subjects`
    /// elderly subjects get a second person-year, then such a retraction, published after all their records (one
    /// key, one partition: in order), then two records of new years: one at a lower revision than the retraction
    /// (it stays retracted), one at a higher revision (it counts).
    private static func retractionsOfEveryYear(_ scenario: inout Scenario, _ generator: inout WorkloadGenerator,
                                               subjects: Int) -> [HealthEvent] {
        var events: [HealthEvent] = []
        for number in 0..<subjects {
            let subject = "\(EventKind.elderlyRecord.rawValue)-\(number)"
            guard let own = scenario.finalEvents.first(where: { $0.key.subjectId == subject })?.value,
                  let year = own.envelope.reportingYear else { continue }
            func record(year: Int, revision: Int) -> HealthEvent {
                var event = generator.makeEvent(kind: .elderlyRecord, subject: subject, revision: revision, retracted: false, previous: nil)
                    .forPersonYear(year)
                event.envelope.eventId = "\(subject)-\(year)-r\(revision)"
                event.envelope.recordedAt = 1_790_000_000 + Double(revision * 3600)
                return event
            }
            let otherYear = year == 2025 ? 2024 : 2025
            let other = record(year: otherYear, revision: 1)
            var retraction = own
            retraction.envelope.eventId = "\(subject)-every-year"
            retraction.envelope.revision = 9
            retraction.envelope.retracted = true
            retraction.envelope.reportingYear = nil
            retraction.envelope.recordedAt = 1_790_000_000 + 9 * 3600
            retraction.body = nil
            let lateBelow = record(year: 2026, revision: 8), lateAbove = record(year: 2027, revision: 10)
            events += [other, retraction, lateBelow, lateAbove]
            scenario.finalEvents[own.unitKey] = retraction.forPersonYear(year)
            scenario.finalEvents[other.unitKey] = retraction.forPersonYear(otherYear)
            scenario.finalEvents[lateBelow.unitKey] = retraction.forPersonYear(2026)
            scenario.finalEvents[lateAbove.unitKey] = lateAbove
        }
        return events
    }

    /// One bad event of each reason that can occur on `kind`'s topic, made from a valid event.
    private static func badEvents(kind: EventKind, template: HealthEvent) -> [(message: Message, bad: BadEvent)] {
        var result: [(Message, BadEvent)] = []
        func add(_ reason: DeadLetterReason, key: String? = nil, _ change: (inout HealthEvent) -> Void = { _ in },
                 text: ((String) -> String)? = nil) {
            var event = template
            let subject = "bad-\(reason.rawValue)-\(kind.rawValue)"
            event.envelope.subjectId = subject
            event.envelope.eventId = subject
            event.envelope.retracted = false
            change(&event)
            var json = event.jsonText()
            if let text { json = text(json) }
            let messageKey = key ?? subject
            result.append((Message(key: messageKey, value: Array(json.utf8)), BadEvent(key: messageKey, reason: reason)))
        }
        add(.invalidJSON, text: { String($0.dropLast(3)) })
        add(.tooLarge, { $0.envelope.facilityCode = String(repeating: "x", count: 70_000) })
        add(.unsupportedSchemaVersion, text: { $0.replacingOccurrences(of: #""schemaVersion":1"#, with: #""schemaVersion":2"#) })
        add(.wrongKind, text: {
            let other = EventKind.allCases.first { $0 != kind } ?? kind
            return $0.replacingOccurrences(of: #""kind":"\#(kind.rawValue)""#, with: #""kind":"\#(other.rawValue)""#)
        })
        add(.schemaViolation, text: { $0.replacingOccurrences(of: #""revision":"#, with: #""revision":-"#) })
        add(.keyMismatch, key: "someone-else-\(kind.rawValue)")
        add(.unknownArea, { $0.envelope.areaCode = "99999" })
        add(.invalidDate, text: { json in
            guard let range = json.range(of: #""recordedAt":"[^"]*""#, options: .regularExpression) else { return json }
            return json.replacingCharacters(in: range, with: #""recordedAt":"2025-02-30T10:00:00+07:00""#)
        })
        if kind == .elderlyRecord {
            add(.outOfScope, text: { json in
                guard let range = json.range(of: #""birthDate":"[^"]*""#, options: .regularExpression) else { return json }
                return json.replacingCharacters(in: range, with: #""birthDate":"2000-01-01""#)
            })
        }
        return result
    }
}
