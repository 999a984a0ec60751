import Testing
@testable import PopStreamCore

/// The documented order of checks: when an event breaks several rules, the earliest wins.
@Suite struct EventsPrecedenceTests {
    @Test func tooLargeBeforeInvalidJSON() {
        let bytes = [UInt8](repeating: UInt8(ascii: "x"), count: EventDecoder.maximumEventBytes + 1)
        #expect(rejection(bytes, kind: .newbornScreening)
                == EventRejection(.tooLarge, "event is 65537 bytes, the limit is 65536"))
    }

    @Test func exactlyTheLimitIsAccepted() {
        let base = EventJSON.newborn.with("padding", string: "")
        let padding = String(repeating: "p", count: EventDecoder.maximumEventBytes - base.bytes.count)
        let event = EventJSON.newborn.with("padding", string: padding)
        #expect(event.bytes.count == EventDecoder.maximumEventBytes)
        #expect(rejection(event) == nil)
        #expect(rejection(EventJSON.newborn.with("padding", string: padding + "p"))?.reason == .tooLarge)
    }

    @Test func invalidJSONBeforeEverythingElse() {
        #expect(rejection(Array(#"{"schemaVersion":2,"#.utf8), kind: .newbornScreening)?.reason == .invalidJSON)
    }

    @Test(arguments: ["[]", "\"event\"", "42", "null", "true"])
    func notAnObjectIsASchemaViolation(json: String) {
        #expect(rejection(Array(json.utf8), kind: .newbornScreening)?.detail.hasPrefix("event: expected a JSON object") == true)
    }

    @Test func duplicateTopLevelKeyBeforeVersion() {
        let event = EventJSON.newborn.with("schemaVersion", "2").with("x", "1").renamingLast(to: "revision")
        #expect(rejection(event) == EventRejection(.schemaViolation, #"event: duplicate key "revision""#))
    }

    @Test func duplicateUnknownKeysAreIgnored() {
        let event = EventJSON.newborn.with("note", "1").with("x", "2").renamingLast(to: "note")
        #expect(rejection(event) == nil)
    }

    @Test func schemaVersionBeforeKind() {
        let event = EventJSON.newborn.with("schemaVersion", "2").with("kind", string: "elderly-record")
        #expect(rejection(event)?.reason == .unsupportedSchemaVersion)
    }

    @Test func kindBeforeEnvelopeFields() {
        let event = EventJSON.newborn.with("kind", string: "elderly-record").without("eventId")
        #expect(rejection(event)?.reason == .wrongKind)
    }

    @Test func envelopeBeforeKeyMismatch() {
        #expect(rejection(EventJSON.newborn.with("revision", "0"), key: "other")?.reason == .schemaViolation)
    }

    @Test func keyMismatchBeforeKindFields() {
        #expect(rejection(EventJSON.newborn.with("sex", string: "x"), key: "other")?.reason == .keyMismatch)
    }

    @Test func kindFieldTypesBeforeDates() {
        let event = EventJSON.newborn.with("birthDate", string: "2025-02-30").with("sex", string: "x")
        #expect(rejection(event)?.reason == .schemaViolation)
        let badRecordedAt = EventJSON.newborn.with("recordedAt", string: "soon").with("sex", string: "x")
        #expect(rejection(badRecordedAt)?.reason == .schemaViolation)
    }

    @Test func recordedAtBeforeKindDates() {
        let event = EventJSON.newborn.with("recordedAt", string: "soon").with("birthDate", string: "2025-02-30")
        #expect(rejection(event)?.detail.hasPrefix("recordedAt") == true)
    }

    @Test func datesBeforeSanityAndArea() {
        let event = EventJSON.newborn.with("birthDate", string: "2025-02-30").with("areaCode", string: "99999")
        #expect(rejection(event)?.reason == .invalidDate)
    }

    @Test func sanityBeforeUnknownArea() {
        let event = EventJSON.prenatal.with("motherBirthYear", "1850").with("areaCode", string: "99999")
        #expect(rejection(event)?.reason == .schemaViolation)
    }

    @Test func unknownAreaBeforeOutOfScope() {
        let event = EventJSON.elderly.with("birthDate", string: "1990-01-01").with("areaCode", string: "99999")
        #expect(rejection(event)?.reason == .unknownArea)
    }

    @Test func everyReasonCodeIsReachable() {
        let samples: [DeadLetterReason: EventRejection?] = [
            .tooLarge: rejection([UInt8](repeating: 0x20, count: 70_000), kind: .newbornScreening),
            .invalidJSON: rejection(Array("{".utf8), kind: .newbornScreening),
            .unsupportedSchemaVersion: rejection(EventJSON.newborn.with("schemaVersion", "3")),
            .wrongKind: rejection(EventJSON.newborn.with("kind", string: "elderly-record")),
            .schemaViolation: rejection(EventJSON.newborn.without("sex")),
            .keyMismatch: rejection(EventJSON.newborn, key: "someone-else"),
            .unknownArea: rejection(EventJSON.newborn.with("areaCode", string: "063")),
            .outOfScope: rejection(EventJSON.elderly.with("birthDate", string: "1970-01-01")),
            .invalidDate: rejection(EventJSON.newborn.with("birthDate", string: "2025-00-10")),
        ]
        #expect(Set(samples.keys) == Set(DeadLetterReason.allCases))
        for (reason, rejected) in samples { #expect(rejected?.reason == reason) }
        #expect(DeadLetterReason.allCases.map(\.rawValue) == [
            "too_large", "invalid_json", "unsupported_schema_version", "wrong_kind", "schema_violation",
            "key_mismatch", "unknown_area", "out_of_scope", "invalid_date",
        ])
    }
}
