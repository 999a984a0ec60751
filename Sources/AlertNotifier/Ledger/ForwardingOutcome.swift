/// How one destination finished with one (alertId, sequence).
public enum ForwardingOutcome: String, Sendable, CaseIterable {
    /// The destination accepted it (HTTP 2xx).
    case delivered
    /// Not sent: a newer transition of the same alert was already known (state destinations only).
    case superseded
    /// Every attempt failed, or the destination refused it for good (HTTP 4xx): logged and counted.
    case gaveUp = "gave_up"

    /// Whether a later copy of the same pair is dropped. A pair given up on is tried again when it is read
    /// again (a replay with `--from-beginning`), since the destination never got it.
    public var isFinal: Bool { self != .gaveUp }
}
