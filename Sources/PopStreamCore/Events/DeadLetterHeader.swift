/// The headers a worker writes on a dead letter (contract sections 1 and 7, docs/events.md).
public enum DeadLetterHeader {
    /// The reason code (``DeadLetterReason``).
    public static let error = "popstream-error"
    /// The human-readable detail.
    public static let detail = "popstream-detail"
    /// `topic/partition/offset` of the original message: a redelivered copy carries the same value.
    public static let source = "popstream-source"
    /// Every header the workers add (removed again when a dead letter is replayed or re-rejected).
    public static let all = [error, detail, source]
}
