/// An event the decoder refused: the reason code and a detail text for people.
///
/// The detail names the field and the rule that failed (`partners: expected exactly 2, got 3`). It never holds
/// the subject id, a date or any other per-person value, because it is written to dead-letter headers and logs;
/// it echoes at most enum-like values (an unknown `sex`, condition or kind), truncated to 40 characters.
public struct EventRejection: Error, Hashable, Sendable, CustomStringConvertible {
    /// The dead-letter reason code.
    public let reason: DeadLetterReason
    /// `<field>: <rule>`, safe for headers and logs.
    public let detail: String

    /// A rejection with a reason and a detail.
    public init(_ reason: DeadLetterReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// `<reason code>: <detail>`.
    public var description: String { "\(reason.rawValue): \(detail)" }
}
