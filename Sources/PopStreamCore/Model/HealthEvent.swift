/// A decoded and validated event: the envelope every kind shares plus the kind's own fields.
///
/// Built only by the decoder (`EventDecoder`), so a value of this type always satisfies the contract's rules.
/// It carries per-person fields (subject id, birth dates): it must never be logged or emitted outside the store.
public struct HealthEvent: Sendable, Equatable {
    public var envelope: EventEnvelope
    /// The kind's fields; `nil` only for a retraction (`envelope.retracted == true`), where they may be absent.
    public var body: EventBody?

    public init(envelope: EventEnvelope, body: EventBody?) {
        self.envelope = envelope
        self.body = body
    }

    public var kind: EventKind { envelope.kind }

    /// The tracked unit: the subject, or for `elderly-record` the person-year `(subjectId, reportingYear)`.
    /// For an event that ``retractsEveryPersonYear``, the subject's retraction mark
    /// (``UnitKey/isSubjectRetractionMark``): apply the event to it and ``forPersonYear(_:)`` of it to each of
    /// the subject's person-years.
    public var unitKey: UnitKey { UnitKey(kind: envelope.kind, subjectId: envelope.subjectId, reportingYear: envelope.reportingYear) }

    /// An `elderly-record` retraction without `reportingYear` (a retraction may leave out the kind's fields):
    /// it retracts every person-year of the subject, each by the usual revision rule, those recorded later
    /// at a lower revision included (through the subject's retraction mark).
    public var retractsEveryPersonYear: Bool {
        envelope.kind == .elderlyRecord && envelope.retracted && envelope.reportingYear == nil
    }

    /// This event applied to the subject's person-year `year` (an elderly record's body names the same year).
    public func forPersonYear(_ year: Int) -> HealthEvent {
        var copy = self
        copy.envelope.reportingYear = year
        if case .elderly(var record)? = body {
            record.reportingYear = year
            copy.body = .elderly(record)
        }
        return copy
    }
}

/// The envelope fields of the contract (section 2), shared by all kinds.
public struct EventEnvelope: Sendable, Equatable {
    public var eventId: String
    public var schemaVersion: Int
    public var kind: EventKind
    public var subjectId: String
    public var revision: Int
    /// `recordedAt` as seconds since 1970-01-01T00:00:00Z (the RFC 3339 offset applied).
    public var recordedAt: Double
    public var facilityCode: String
    public var areaCode: String
    public var retracted: Bool
    /// For `elderly-record` only: the reporting year, part of the unit identity (`nil` on a retraction of every
    /// person-year of the subject).
    public var reportingYear: Int?
    /// The id of the area map `areaCode` is read on: the optional envelope field `areaMap` when given,
    /// otherwise the map in force on the anchor date, set by the decoder (`nil` with a single unnamed map).
    public var areaMap: String?

    public init(eventId: String, schemaVersion: Int = 1, kind: EventKind, subjectId: String, revision: Int,
                recordedAt: Double, facilityCode: String, areaCode: String, retracted: Bool = false,
                reportingYear: Int? = nil, areaMap: String? = nil) {
        self.eventId = eventId
        self.schemaVersion = schemaVersion
        self.kind = kind
        self.subjectId = subjectId
        self.revision = revision
        self.recordedAt = recordedAt
        self.facilityCode = facilityCode
        self.areaCode = areaCode
        self.retracted = retracted
        self.reportingYear = reportingYear
        self.areaMap = areaMap
    }
}

/// The identity of a tracked unit: kind + subject (+ reporting year for elderly person-years).
public struct UnitKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var kind: EventKind
    public var subjectId: String
    public var reportingYear: Int?

    public init(kind: EventKind, subjectId: String, reportingYear: Int? = nil) {
        self.kind = kind
        self.subjectId = subjectId
        self.reportingYear = reportingYear
    }

    /// Stable storage key within a kind: `subjectId`, or `subjectId|year` for person-years.
    public var storageKey: String {
        if let reportingYear { return "\(subjectId)|\(reportingYear)" }
        return subjectId
    }

    public var description: String { "\(kind.rawValue):\(storageKey)" }

    /// Whether this is an elderly subject's key without a year: the unit that remembers the subject's latest
    /// retraction of every person-year (``HealthEvent/retractsEveryPersonYear``), stored as a tombstone.
    public var isSubjectRetractionMark: Bool { kind == .elderlyRecord && reportingYear == nil }

    /// For an elderly person-year, the key of its subject's retraction mark (``isSubjectRetractionMark``):
    /// a person-year with no state of its own starts from that mark, so that a record older than the
    /// subject's last retraction of every year stays retracted in whatever order the two arrive. `nil` for
    /// any other unit.
    public var subjectRetractionMark: UnitKey? {
        guard kind == .elderlyRecord, reportingYear != nil else { return nil }
        return UnitKey(kind: kind, subjectId: subjectId, reportingYear: nil)
    }
}

/// The kind-specific fields of an event (contract section 3).
public enum EventBody: Sendable, Equatable {
    case prenatal(PrenatalScreening)
    case newborn(NewbornScreening)
    case premarital(PremaritalCheckup)
    case elderly(ElderlyRecord)

    /// The date that places the event on an area map: the registration date (prenatal, premarital), the
    /// birth date (newborn), or the local date of `recordedAt` (elderly person-years), given as `recordedOn`.
    public func anchorDate(recordedOn: LocalDate) -> LocalDate {
        switch self {
        case .prenatal(let record): record.registeredOn
        case .newborn(let record): record.birthDate
        case .premarital(let record): record.registeredOn
        case .elderly: recordedOn
        }
    }
}
