import PopStreamCore

/// One place alerts are forwarded to. Each destination has a worker of its own (its own queue and retries),
/// so a slow or failing destination never holds up the others.
public protocol AlertDestination: Sendable {
    /// The destination's stable key in the ledger (derived from its URL, which it does not reveal).
    var ledgerKey: String { get }
    /// A short name for logs and metrics: `webhook-1`, `alertmanager-2` (in configuration order).
    var name: String { get }
    /// True for a destination that holds the current state of each alert (Alertmanager): an old transition
    /// read again after a newer one is not sent to it.
    var followsLatestState: Bool { get }

    /// One attempt to hand over one transition. `previous` is the alert's message before it, when known.
    func deliver(_ alert: ReceivedAlert, previous: AlertMessage?) async -> DeliveryResult

    /// One attempt to send the alerts that are firing now again (nil when the destination has no need).
    func resend(_ firing: [AlertMessage]) async -> DeliveryResult?
}

extension AlertDestination {
    /// Destinations that keep no state need no re-send.
    public func resend(_ firing: [AlertMessage]) async -> DeliveryResult? { nil }
}

/// Ledger keys: the kind and a 64-bit FNV-1a hash of the URL, so that the state file holds no webhook secret.
enum LedgerKey {
    static func make(kind: String, url: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in url.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return kind + ":" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
