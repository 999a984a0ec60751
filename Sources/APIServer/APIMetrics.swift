import CoreMetrics
import Prometheus

/// The server's request metrics, made through swift-metrics on a Prometheus registry of its own (rendered by
/// `/metrics`): `popstream_http_requests_total{method,route,status}` and
/// `popstream_http_request_duration_seconds{method,route}` (histogram). A registry per server, not the global
/// metrics system, keeps servers started by tests in one process apart.
public final class APIMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics on `registry`.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.durationHistogramBuckets["popstream_http_request_duration_seconds"] = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2), .seconds(5),
        ]
        self.factory = factory
    }

    /// Counts one answered request and records how long it took. `route` is the matched route pattern
    /// (`/api/v1/areas/{code}`), never the raw path, so the label set stays small.
    func request(method: String, route: String, status: Int, nanoseconds: Int64) {
        CoreMetrics.Counter(label: "popstream_http_requests_total",
                            dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
            .increment()
        CoreMetrics.Timer(label: "popstream_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
                          factory: factory)
            .recordNanoseconds(nanoseconds)
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }
}
