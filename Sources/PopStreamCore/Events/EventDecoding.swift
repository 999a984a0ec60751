/// The checks of one `decode` call over a parsed document, in the documented order (docs/events.md,
/// "Check precedence": steps 1-2 are in `EventDecoder`, 3 in `init`, 4-12 in `decode`).
struct EventDecoding {
    typealias Slot = EventFieldNames.Envelope

    let document: JSONDocument
    let reader: FieldReader
    let kind: EventKind
    let fields: ObjectFields

    /// Checks the top-level shape: an object without duplicate keys.
    init(document: JSONDocument, kind: EventKind) throws(EventRejection) {
        guard document.kind(document.root) == .object else {
            throw EventRejection(.schemaViolation, "event: expected a JSON object, got \(document.kind(document.root).name)")
        }
        self.document = document
        self.reader = FieldReader(document: document)
        self.kind = kind
        self.fields = try ObjectFields(document, object: document.root, table: EventFieldNames.table(for: kind))
    }

    func decode(key: UnsafeBufferPointer<UInt8>?, maps: AreaMapSet) throws(EventRejection) -> HealthEvent {
        // 4-5. Version and kind decide how to read the rest.
        let version = try reader.integer(fields[Slot.schemaVersion], "schemaVersion", in: Int.min...Int.max)
        guard version == 1 else {
            throw EventRejection(.unsupportedSchemaVersion, "schemaVersion: \(version) is not supported (expected 1)")
        }
        let kindNode = try reader.require(fields[Slot.kind], .string, "kind", expected: "a string")
        guard Vocabulary.kinds.match(document, kindNode) == kind else {
            throw EventRejection(.wrongKind, "kind: got \(DetailText.quoted(document.string(kindNode))), "
                                 + "the topic carries \(kind.rawValue)")
        }
        // 6. Envelope fields (recordedAt and areaCode: type only).
        let eventId = try reader.string(fields[Slot.eventId], "eventId", length: EventDecoder.identifierLength)
        let subjectIdNode = try reader.require(fields[Slot.subjectId], .string, "subjectId", expected: "a string")
        let subjectId = try reader.string(subjectIdNode, "subjectId", length: EventDecoder.identifierLength)
        let revision = try reader.integer(fields[Slot.revision], "revision", in: 1...Int.max)
        let recordedAtNode = try reader.require(fields[Slot.recordedAt], .string, "recordedAt",
                                                expected: "an RFC 3339 timestamp string")
        let facilityCode = try reader.string(fields[Slot.facilityCode], "facilityCode",
                                             length: EventDecoder.facilityCodeLength)
        let areaCode = try reader.string(fields[Slot.areaCode], "areaCode", length: 0...Int.max)
        let retracted = try reader.optionalBool(fields[Slot.retracted], "retracted") ?? false
        let explicitMap = try reader.optionalString(fields[Slot.areaMap], "areaMap", length: 1...EventDecoder.identifierLength.upperBound)
        // 7. The Kafka key.
        if let key {
            let matches = document.withStringBytes(subjectIdNode) { $0.count == key.count && $0.elementsEqual(key) }
            guard matches else { throw EventRejection(.keyMismatch, "key: the Kafka key differs from subjectId") }
        }
        // 8. Kind fields (structure and types). The reporting year names the elderly unit (the person-year); a
        // retraction may leave it out, like every kind field, and then retracts every person-year of the subject.
        var reportingYear: Int?
        if kind == .elderlyRecord {
            let node = fields[EventFieldNames.Elderly.reportingYear]
            reportingYear = retracted ? try reader.optionalInteger(node, "reportingYear", in: Int.min...Int.max)
                                      : try reader.integer(node, "reportingYear", in: Int.min...Int.max)
        }
        let draft = retracted ? nil : try readBody()
        // 9. Dates and timestamps.
        let recordedAt = document.withStringBytes(recordedAtNode) { RFC3339Timestamp.epochSeconds($0) }
        guard let recordedAt, let recordedOn = LocalDate(vietnamDateOf: recordedAt) else {
            throw EventRejection(.invalidDate, "recordedAt: not an RFC 3339 timestamp with offset")
        }
        let body = try draft.map { draft throws(EventRejection) in try finish(draft) }
        // 10. Sanity rules, 11. area, 12. scope.
        try SanityRules.check(body: body, reportingYear: reportingYear, recordedOn: recordedOn)
        let areaMap = try AreaRule.place(areaCode, explicitMap: explicitMap, anchor: body?.anchorDate(recordedOn: recordedOn),
                                         in: maps)
        if case .elderly(let record) = body { try SanityRules.checkScope(record) }
        let envelope = EventEnvelope(eventId: eventId, schemaVersion: version, kind: kind, subjectId: subjectId,
                                     revision: revision, recordedAt: recordedAt, facilityCode: facilityCode,
                                     areaCode: areaCode, retracted: retracted, reportingYear: reportingYear,
                                     areaMap: areaMap)
        return HealthEvent(envelope: envelope, body: body)
    }
}
