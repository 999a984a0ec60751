import PopStreamCore

/// What the ledger knew about an alert id when one of its messages was read.
public struct LedgerObservation: Sendable {
    /// True when the message's sequence is higher than any seen before for its alert id (a new transition,
    /// logged and stored as the alert's latest message).
    public let isNewTransition: Bool
    /// True when a higher sequence of the same alert id was seen already (an old transition read again).
    public let isSuperseded: Bool
    /// The alert's message before this transition (nil when unknown, or for an old transition).
    public let previous: AlertMessage?
}
