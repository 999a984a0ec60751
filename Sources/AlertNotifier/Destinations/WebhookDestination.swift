import PopStreamCore

/// A webhook: each transition is POSTed as the alert message's JSON exactly as read from Kafka, with the
/// headers `PopStream-Alert-Id` and `PopStream-Alert-Sequence` (a receiver may drop a repeated pair).
public struct WebhookDestination: AlertDestination {
    /// The configured URL.
    public let url: DestinationURL
    /// `webhook-N`.
    public let name: String
    /// See `AlertDestination`.
    public let ledgerKey: String
    /// A webhook receives every transition, in order.
    public var followsLatestState: Bool { false }
    private let poster: HTTPPoster

    /// The webhook at `url`, the `index`-th (1-based) of the configuration.
    public init(url: DestinationURL, index: Int, poster: HTTPPoster) {
        self.url = url
        self.name = "webhook-\(index)"
        self.ledgerKey = LedgerKey.make(kind: "webhook", url: url.text)
        self.poster = poster
    }

    /// POSTs the message's bytes.
    public func deliver(_ alert: ReceivedAlert, previous: AlertMessage?) async -> DeliveryResult {
        await poster.post(alert.bytes, to: url.text, headers: [
            ("PopStream-Alert-Id", alert.message.alertId),
            ("PopStream-Alert-Sequence", String(alert.message.sequence)),
        ])
    }
}
