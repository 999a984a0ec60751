import AsyncHTTPClient
import Logging

/// POSTs JSON bodies with AsyncHTTPClient and classifies the answer; owns the HTTP client.
public final class HTTPPoster: Sendable {
    private let client: HTTPClient
    private let timeout: Duration

    /// A poster whose requests each time out after `timeout` (connecting included). Redirects are not
    /// followed: a webhook that moved answers 3xx, which counts as a refusal.
    public init(timeout: Duration) {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .nanoseconds(Self.nanoseconds(timeout)))
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.timeout = timeout
    }

    /// Closes the client's connections; call once, when nothing posts any more.
    public func shutdown() async {
        try? await client.shutdown()
    }

    /// POSTs `body` (`application/json`) to `url` with extra `headers`, reading (and discarding) the answer.
    public func post(_ body: [UInt8], to url: String, headers: [(String, String)] = []) async -> DeliveryResult {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "popstream-alert-notifier")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(body)
        do {
            let response = try await client.execute(request, timeout: .nanoseconds(Self.nanoseconds(timeout)))
            // Read the answer to the end (bounded) so that the connection can be reused.
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read > 1 << 20 { break }
            }
            return Self.classify(status: Int(response.status.code))
        } catch {
            return .retryable(Self.describe(error))
        }
    }

    /// 2xx delivered; 408, 429 and 5xx retryable; anything else permanent.
    static func classify(status: Int) -> DeliveryResult {
        switch status {
        case 200..<300: .delivered
        case 408, 429, 500..<600: .retryable("HTTP \(status)")
        default: .permanent("HTTP \(status)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError { return "\(error)" }
        return String(describing: type(of: error)) + ": \(error)"
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
