/// Where `popstream serve` listens and whether `/api/*` needs a token.
public struct APIServerConfiguration: Sendable {
    /// The address to bind (`0.0.0.0`: every interface).
    public var host: String
    /// The TCP port; 0 picks a free one (tests).
    public var port: Int
    /// When set, `/api/*` requires `Authorization: Bearer <token>`.
    public var apiToken: String?
    /// How long `/readyz` waits for the store before answering 503.
    public var readinessTimeout: Duration

    /// A configuration; by default every interface, port 8080, no token.
    public init(host: String = "0.0.0.0", port: Int = 8080, apiToken: String? = nil, readinessTimeout: Duration = .seconds(2)) {
        self.host = host
        self.port = port
        self.apiToken = apiToken
        self.readinessTimeout = readinessTimeout
    }
}
