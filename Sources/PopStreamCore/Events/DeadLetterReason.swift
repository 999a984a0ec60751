/// Why an event cannot be applied (contract section 7): the value of the `popstream-error` dead-letter header
/// and of the `reason` label of `popstream_rejected_total`.
///
/// When an event breaks several rules, the first in the decoder's check order wins (see docs/events.md,
/// "Check precedence").
public enum DeadLetterReason: String, CaseIterable, Hashable, Sendable, Codable {
    /// The value is larger than 65,536 bytes.
    case tooLarge = "too_large"
    /// Not one well-formed JSON value in valid UTF-8.
    case invalidJSON = "invalid_json"
    /// `schemaVersion` is an integer other than 1.
    case unsupportedSchemaVersion = "unsupported_schema_version"
    /// `kind` is not the kind of the topic the event came from.
    case wrongKind = "wrong_kind"
    /// A field is missing, has the wrong type, an unknown value, is out of range, or breaks a sanity rule.
    case schemaViolation = "schema_violation"
    /// The Kafka key is present and differs from `subjectId`.
    case keyMismatch = "key_mismatch"
    /// `areaCode` is not in the area registry in use, or is an area with areas below it (`VN`, a province,
    /// a district) rather than one at the lowest level of the registry.
    case unknownArea = "unknown_area"
    /// A valid event outside the population the indicators cover (an elderly record of someone under 60).
    case outOfScope = "out_of_scope"
    /// A date or timestamp string that is not a real calendar date or instant (`2025-02-30`, `yesterday`).
    case invalidDate = "invalid_date"
}
