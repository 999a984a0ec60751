import Foundation
import PopStreamCore

/// A Prometheus Alertmanager (API v2): each transition is POSTed to `{base}/api/v2/alerts` as Alertmanager
/// alerts (see `AlertmanagerPayload`), and the firing alerts are re-sent every `resendInterval`, since
/// Alertmanager resolves an alert by itself once its `endsAt` has passed.
public struct AlertmanagerDestination: AlertDestination {
    /// The configured base URL.
    public let baseURL: DestinationURL
    /// `alertmanager-N`.
    public let name: String
    /// See `AlertDestination`.
    public let ledgerKey: String
    /// Alertmanager holds the current state of each alert.
    public var followsLatestState: Bool { true }
    private let poster: HTTPPoster
    private let payload: AlertmanagerPayload
    private let resendInterval: Duration?
    /// Alerts per request when re-sending.
    private let chunkSize = 500

    /// The Alertmanager at `baseURL`, the `index`-th (1-based) of the configuration. A firing alert is sent
    /// with `endsAt` four re-send intervals ahead (as Prometheus does), or without `endsAt` (Alertmanager's
    /// `resolve_timeout` then applies) when the re-send is off.
    public init(baseURL: DestinationURL, index: Int, poster: HTTPPoster, areas: AreaRegistry, resendInterval: Duration?) {
        self.baseURL = baseURL
        self.name = "alertmanager-\(index)"
        self.ledgerKey = LedgerKey.make(kind: "alertmanager", url: baseURL.text)
        self.poster = poster
        self.payload = AlertmanagerPayload(provinces: ProvinceLookup(registry: areas))
        self.resendInterval = resendInterval
    }

    /// POSTs the transition.
    public func deliver(_ alert: ReceivedAlert, previous: AlertMessage?) async -> DeliveryResult {
        let alerts = payload.alerts(for: alert.message, previous: previous, validUntil: validUntil())
        return await poster.post(AlertmanagerPayload.body(alerts), to: baseURL.appending(path: "/api/v2/alerts"))
    }

    /// POSTs every firing alert again, in chunks; the first failure ends the round.
    public func resend(_ firing: [AlertMessage]) async -> DeliveryResult? {
        let validUntil = validUntil()
        var start = 0
        while start < firing.count {
            let chunk = firing[start..<min(start + chunkSize, firing.count)]
            let alerts = chunk.flatMap { payload.alerts(for: $0, previous: nil, validUntil: validUntil) }
            let result = await poster.post(AlertmanagerPayload.body(alerts), to: baseURL.appending(path: "/api/v2/alerts"))
            guard result == .delivered else { return result }
            start += chunkSize
        }
        return .delivered
    }

    private func validUntil() -> String? {
        guard let resendInterval else { return nil }
        let seconds = Double(resendInterval.components.seconds) + Double(resendInterval.components.attoseconds) / 1e18
        return AlertTimestamp.format(epochSeconds: Date().timeIntervalSince1970 + 4 * seconds)
    }
}
