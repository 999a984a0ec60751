import Testing
@testable import PopStreamCore

/// One rule of the envelope (contract section 2) per case, on every kind.
@Suite struct EventsEnvelopeRulesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var change: @Sendable (EventJSON) -> EventJSON
        var reason: DeadLetterReason
        var detail: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "eventId missing", change: { $0.without("eventId") }, reason: .schemaViolation,
             detail: "eventId: required field missing"),
        Case(name: "eventId empty", change: { $0.with("eventId", string: "") }, reason: .schemaViolation,
             detail: "eventId: expected 1..128 characters, got 0"),
        Case(name: "eventId 129 chars", change: { $0.with("eventId", string: String(repeating: "e", count: 129)) },
             reason: .schemaViolation, detail: "eventId: expected 1..128 characters, got 129"),
        Case(name: "eventId number", change: { $0.with("eventId", "12") }, reason: .schemaViolation,
             detail: "eventId: expected a string, got a number"),
        Case(name: "schemaVersion missing", change: { $0.without("schemaVersion") }, reason: .schemaViolation,
             detail: "schemaVersion: required field missing"),
        Case(name: "schemaVersion string", change: { $0.with("schemaVersion", string: "1") }, reason: .schemaViolation,
             detail: "schemaVersion: expected an integer, got a string"),
        Case(name: "schemaVersion 1.0", change: { $0.with("schemaVersion", "1.0") }, reason: .schemaViolation,
             detail: "schemaVersion: expected an integer, got a number with a fraction or exponent"),
        Case(name: "schemaVersion 2", change: { $0.with("schemaVersion", "2") }, reason: .unsupportedSchemaVersion,
             detail: "schemaVersion: 2 is not supported (expected 1)"),
        Case(name: "schemaVersion 0", change: { $0.with("schemaVersion", "0") }, reason: .unsupportedSchemaVersion,
             detail: "schemaVersion: 0 is not supported (expected 1)"),
        Case(name: "kind missing", change: { $0.without("kind") }, reason: .schemaViolation,
             detail: "kind: required field missing"),
        Case(name: "kind not a string", change: { $0.with("kind", "[]") }, reason: .schemaViolation,
             detail: "kind: expected a string, got an array"),
        Case(name: "kind unknown", change: { $0.with("kind", string: "vaccination") }, reason: .wrongKind,
             detail: "kind: got \"vaccination\", the topic carries"),
        Case(name: "subjectId missing", change: { $0.without("subjectId") }, reason: .schemaViolation,
             detail: "subjectId: required field missing"),
        Case(name: "subjectId too long", change: { $0.with("subjectId", string: String(repeating: "s", count: 200)) },
             reason: .schemaViolation, detail: "subjectId: expected 1..128 characters, got 200"),
        Case(name: "revision missing", change: { $0.without("revision") }, reason: .schemaViolation,
             detail: "revision: required field missing"),
        Case(name: "revision 0", change: { $0.with("revision", "0") }, reason: .schemaViolation,
             detail: "revision: must be >= 1"),
        Case(name: "revision negative", change: { $0.with("revision", "-3") }, reason: .schemaViolation,
             detail: "revision: must be >= 1"),
        Case(name: "revision 1.0", change: { $0.with("revision", "1.0") }, reason: .schemaViolation,
             detail: "revision: expected an integer, got a number with a fraction or exponent"),
        Case(name: "revision 1e0", change: { $0.with("revision", "1e0") }, reason: .schemaViolation,
             detail: "revision: expected an integer, got a number with a fraction or exponent"),
        Case(name: "revision \"1\"", change: { $0.with("revision", string: "1") }, reason: .schemaViolation,
             detail: "revision: expected an integer, got a string"),
        Case(name: "revision huge", change: { $0.with("revision", "123456789012345678901234567890") },
             reason: .schemaViolation, detail: "revision: integer out of range"),
        Case(name: "recordedAt missing", change: { $0.without("recordedAt") }, reason: .schemaViolation,
             detail: "recordedAt: required field missing"),
        Case(name: "recordedAt number", change: { $0.with("recordedAt", "1756954803") }, reason: .schemaViolation,
             detail: "recordedAt: expected an RFC 3339 timestamp string, got a number"),
        Case(name: "recordedAt without offset", change: { $0.with("recordedAt", string: "2025-09-04T10:00:03") },
             reason: .invalidDate, detail: "recordedAt: not an RFC 3339 timestamp with offset"),
        Case(name: "recordedAt impossible day", change: { $0.with("recordedAt", string: "2025-02-30T10:00:03Z") },
             reason: .invalidDate, detail: "recordedAt: not an RFC 3339 timestamp with offset"),
        Case(name: "recordedAt hour 24", change: { $0.with("recordedAt", string: "2025-09-04T24:00:00Z") },
             reason: .invalidDate, detail: "recordedAt: not an RFC 3339 timestamp with offset"),
        Case(name: "recordedAt date only", change: { $0.with("recordedAt", string: "2025-09-04") },
             reason: .invalidDate, detail: "recordedAt: not an RFC 3339 timestamp with offset"),
        Case(name: "facilityCode missing", change: { $0.without("facilityCode") }, reason: .schemaViolation,
             detail: "facilityCode: required field missing"),
        Case(name: "facilityCode empty", change: { $0.with("facilityCode", string: "") }, reason: .schemaViolation,
             detail: "facilityCode: expected 1..64 characters, got 0"),
        Case(name: "facilityCode 65", change: { $0.with("facilityCode", string: String(repeating: "f", count: 65)) },
             reason: .schemaViolation, detail: "facilityCode: expected 1..64 characters, got 65"),
        Case(name: "areaCode missing", change: { $0.without("areaCode") }, reason: .schemaViolation,
             detail: "areaCode: required field missing"),
        Case(name: "areaCode number", change: { $0.with("areaCode", "1840") }, reason: .schemaViolation,
             detail: "areaCode: expected a string, got a number"),
        Case(name: "areaCode unknown", change: { $0.with("areaCode", string: "99999") }, reason: .unknownArea,
             detail: "areaCode: \"99999\" is not in the area registry"),
        Case(name: "areaCode of the old map", change: { $0.with("areaCode", string: "00001") }, reason: .unknownArea,
             detail: "areaCode: \"00001\" is not in the area registry"),
        Case(name: "retracted string", change: { $0.with("retracted", string: "true") }, reason: .schemaViolation,
             detail: "retracted: expected a boolean, got a string"),
        Case(name: "retracted number", change: { $0.with("retracted", "1") }, reason: .schemaViolation,
             detail: "retracted: expected a boolean, got a number"),
        Case(name: "duplicate eventId key", change: { $0.with("eventId2", "1").renamingLast(to: "eventId") },
             reason: .schemaViolation, detail: "event: duplicate key \"eventId\""),
    ]

    @Test(arguments: EventKind.allCases, cases)
    func envelopeRule(kind: EventKind, rule: Case) {
        let event = rule.change(EventJSON.valid(kind))
        let rejected = rejection(event)
        #expect(rejected?.reason == rule.reason, "\(event)")
        #expect(rejected?.detail.hasPrefix(rule.detail) == true, "\(rejected?.detail ?? "accepted")")
    }

    @Test(arguments: EventKind.allCases)
    func wrongKindNamesBoth(kind: EventKind) {
        let other = EventKind.allCases.first { $0 != kind } ?? kind
        let rejected = rejection(EventJSON.valid(other).with("kind", string: other.rawValue), kind: kind)
        #expect(rejected == EventRejection(.wrongKind, "kind: got \"\(other.rawValue)\", the topic carries \(kind.rawValue)"))
    }

    @Test func identifierLengthCountsUnicodeScalars() {
        let ids = String(repeating: "ệ", count: 128) // 3 UTF-8 bytes each
        #expect(rejection(EventJSON.newborn.with("eventId", string: ids)) == nil)
        #expect(rejection(EventJSON.newborn.with("eventId", string: ids + "x"))?.detail
                == "eventId: expected 1..128 characters, got 129")
    }

    @Test func retractedFalseAndTrueAreBooleans() throws {
        #expect(try decoded(EventJSON.newborn.with("retracted", "false")).envelope.retracted == false)
        #expect(try decoded(EventJSON.newborn.with("retracted", "true")).envelope.retracted == true)
    }

    @Test func revisionAcceptsLargeIntegers() throws {
        #expect(try decoded(EventJSON.newborn.with("revision", "9223372036854775807")).envelope.revision == Int.max)
    }

    @Test func keyPresentMustEqualSubjectId() {
        #expect(rejection(.newborn, key: "nb-0001") == nil)
        #expect(rejection(.newborn, key: nil) == nil)
        #expect(rejection(.newborn, key: "nb-0002") == EventRejection(.keyMismatch, "key: the Kafka key differs from subjectId"))
        #expect(rejection(.newborn, key: "")?.reason == .keyMismatch)
        #expect(rejection(.newborn, key: "nb-0001 ")?.reason == .keyMismatch)
    }
}

extension EventJSON {
    func renamingLast(to key: String) -> EventJSON {
        var copy = self
        if let last = copy.fields.indices.last { copy.fields[last].key = key }
        return copy
    }
}

func rejection(_ event: EventJSON, kind: EventKind) -> EventRejection? { rejection(event.bytes, kind: kind) }
