import CoreMetrics
import PopStreamCore
import Prometheus

/// The worker's metrics (names per the interfaces spec, plus the commit window and evaluator ones),
/// made through swift-metrics on a Prometheus registry of their own, which `/metrics` renders.
///
/// A registry per worker (not the global `MetricsSystem`) keeps tests that run several workers in one
/// process apart.
public final class WorkerMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory
    private let kind: EventKind

    private let outcomeCounters: [ApplyOutcomeLabel: CoreMetrics.Counter]
    private let flushTimer: CoreMetrics.Timer
    private let eventLagRecorder: CoreMetrics.Recorder
    private let windowMessages: CoreMetrics.Recorder
    private let windowOpen: CoreMetrics.Timer
    private let storeErrors: CoreMetrics.Counter
    private let evaluatorLagTimer: CoreMetrics.Timer
    private let evaluatorActiveGauge: CoreMetrics.Gauge

    /// Labels of `popstream_events_total{outcome}`.
    public enum ApplyOutcomeLabel: String, CaseIterable, Sendable {
        case applied, duplicate, stale, rejected
    }

    /// Metrics for a worker of `kind`.
    public init(kind: EventKind, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.kind = kind
        var factory = PrometheusMetricsFactory(registry: registry)
        let seconds: [Double] = [0.5, 1, 5, 15, 60, 300, 900, 3600, 21_600, 86_400, 604_800, 2_592_000]
        factory.valueHistogramBuckets["popstream_event_lag_seconds"] = seconds
        factory.valueHistogramBuckets["popstream_commit_window_messages"] = [1, 10, 100, 1_000, 5_000, 10_000, 25_000, 50_000, 100_000]
        factory.durationHistogramBuckets["popstream_batch_flush_seconds"] = [
            .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2), .seconds(5), .seconds(10),
        ]
        factory.durationHistogramBuckets["popstream_evaluator_lag_seconds"] = [
            .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2),
            .seconds(5), .seconds(10), .seconds(30), .seconds(60),
        ]
        self.factory = factory
        var outcomes: [ApplyOutcomeLabel: CoreMetrics.Counter] = [:]
        for outcome in ApplyOutcomeLabel.allCases {
            outcomes[outcome] = CoreMetrics.Counter(label: "popstream_events_total",
                                        dimensions: [("kind", kind.rawValue), ("outcome", outcome.rawValue)], factory: factory)
        }
        outcomeCounters = outcomes
        flushTimer = CoreMetrics.Timer(label: "popstream_batch_flush_seconds", dimensions: [], factory: factory)
        eventLagRecorder = CoreMetrics.Recorder(label: "popstream_event_lag_seconds", dimensions: [], aggregate: true, factory: factory)
        windowMessages = CoreMetrics.Recorder(label: "popstream_commit_window_messages", dimensions: [], aggregate: true, factory: factory)
        windowOpen = CoreMetrics.Timer(label: "popstream_commit_window_open_seconds", dimensions: [], factory: factory)
        storeErrors = CoreMetrics.Counter(label: "popstream_store_errors_total", dimensions: [], factory: factory)
        evaluatorLagTimer = CoreMetrics.Timer(label: "popstream_evaluator_lag_seconds", dimensions: [], factory: factory)
        evaluatorActiveGauge = CoreMetrics.Gauge(label: "popstream_evaluator_active", dimensions: [("kind", kind.rawValue)], factory: factory)
    }

    /// Counts `count` events with `outcome`.
    public func events(_ outcome: ApplyOutcomeLabel, count: Int = 1) {
        guard count > 0 else { return }
        outcomeCounters[outcome]?.increment(by: Int64(count))
    }

    /// Counts a rejected event with its dead-letter reason.
    public func rejected(_ reason: DeadLetterReason) {
        events(.rejected)
        CoreMetrics.Counter(label: "popstream_rejected_total", dimensions: [("kind", kind.rawValue), ("reason", reason.rawValue)],
                factory: factory).increment()
    }

    /// Records the age of an applied event (now minus its `recordedAt`).
    public func eventLag(seconds: Double) {
        eventLagRecorder.record(max(0, seconds))
    }

    /// Records one committed window: its size, how long it stayed open and how long its commit took.
    public func committedWindow(messages: Int, open: Duration, flush: Duration) {
        windowMessages.record(messages)
        windowOpen.recordNanoseconds(Self.nanoseconds(open))
        flushTimer.recordNanoseconds(Self.nanoseconds(flush))
    }

    /// Counts a failed store call.
    public func storeError() {
        storeErrors.increment()
    }

    /// Sets the lag of one partition: messages after the committed offset.
    public func consumerLag(topic: String, partition: Int32, messages: Int64) {
        CoreMetrics.Gauge(label: "popstream_consumer_lag_messages", dimensions: [("topic", topic), ("partition", String(partition))],
              factory: factory).record(max(0, messages))
    }

    /// Counts messages the broker deleted (retention) before this worker read them.
    public func messagesLost(topic: String, partition: Int32, count: Int64) {
        guard count > 0 else { return }
        CoreMetrics.Counter(label: "popstream_messages_lost_total", dimensions: [("topic", topic), ("partition", String(partition))],
                factory: factory).increment(by: count)
    }

    /// Counts an alert message published.
    public func alertEmitted(severity: String, status: String) {
        CoreMetrics.Counter(label: "popstream_alerts_emitted_total", dimensions: [("severity", severity), ("status", status)],
                factory: factory).increment()
    }

    /// Records how long after a commit its alerts were evaluated and committed.
    public func evaluatorLag(_ lag: Duration) {
        evaluatorLagTimer.recordNanoseconds(Self.nanoseconds(lag))
    }

    /// Whether this instance holds the evaluator lease.
    public func evaluatorActive(_ active: Bool) {
        evaluatorActiveGauge.record(active ? 1 : 0)
    }

    /// The Prometheus text exposition of every metric.
    public func render() -> [UInt8] {
        registry.emitToBuffer()
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
