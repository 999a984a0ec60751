import PopStreamCore

/// What a simulated message is, for the summary and the tests.
enum SimulatedCategory: Hashable, Sendable {
    /// The first revision of a new unit.
    case newUnit
    /// A later revision of a unit already sent (sometimes moving it to another commune or month).
    case revision
    /// A later revision that retracts the unit.
    case retraction
    /// The same message again (same event id and bytes).
    case duplicate
    /// An older revision of a unit arriving late, under a new event id (the workers count it `stale`).
    case stale
    /// A malformed event that the workers must dead-letter with this reason.
    case bad(DeadLetterReason)
}

/// One Kafka message of the simulation: the kind's contract topic, key = `subjectId` (except a
/// `key_mismatch` bad event), the event's JSON bytes.
struct SimulatedMessage: Sendable, Equatable {
    /// The kind, whose contract topic the message goes to.
    let kind: EventKind
    /// The Kafka key.
    let key: String
    /// The value: the event's JSON (or the malformed bytes of a bad event).
    let value: [UInt8]
    /// What it is.
    let category: SimulatedCategory
    /// Seconds from the start of the run at which it is due (message index / rate).
    let offset: Double

    /// The contract topic of the kind.
    var topic: String { kind.defaultTopic }
}
