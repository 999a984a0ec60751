import Dashboard
import Hummingbird
import Logging
import ProcessShutdown
import Reporting
import ServiceLifecycle
import Store

/// `popstream serve`: the HTTP API over the store on Hummingbird (paths and bodies in `docs/openapi.yaml`).
///
/// Every answer is counted in ``APIMetrics``; every error of the API is a JSON body `{"error", "detail"}`; with a
/// token, `/api/*` requires `Authorization: Bearer <token>`. `/` and `/areas/{code}` are the dashboard's HTML pages
/// (open, as the operations paths).
public enum APIServer {
    /// The application: routes and middleware over `report` (figures) and `store` (alerts, readiness).
    /// `onRunning` receives the bound port once the server listens. `dashboard` serves the HTML pages (by
    /// default a new one over `store`).
    public static func application(configuration: APIServerConfiguration, report: IndicatorReport, store: any StateStore,
                                   metrics: APIMetrics = APIMetrics(), dashboard: Dashboard? = nil, logger: Logger,
                                   onRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        // HEAD answers as GET does, without the body (load balancers and probes use it).
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.add(middleware: RequestMetricsMiddleware(metrics: metrics))
        router.add(middleware: JSONErrorMiddleware())
        if let token = configuration.apiToken { router.add(middleware: BearerTokenMiddleware(token: token)) }
        DashboardRoutes.add(to: router, dashboard: dashboard ?? Dashboard(store: store, deployment: report.deployment))
        OperationsRoutes.add(to: router, store: store, metrics: metrics, readinessTimeout: configuration.readinessTimeout)
        IndicatorRoutes.add(to: router, report: report)
        AlertRoutes.add(to: router, store: store)
        AreaRoutes.add(to: router, view: report.deployment.view)
        return Application(
            router: router,
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }

    /// Serves until SIGTERM or SIGINT, then stops gracefully (requests in flight are answered), within
    /// `stopDeadline` when one is given.
    ///
    /// - Throws: when the address cannot be bound.
    public static func run(configuration: APIServerConfiguration, report: IndicatorReport, store: any StateStore,
                           logger: Logger, stopDeadline: StopDeadline? = nil) async throws {
        let dashboard = Dashboard(store: store, deployment: report.deployment)
        let application = application(configuration: configuration, report: report, store: store, dashboard: dashboard,
                                      logger: logger) { port in
            logger.info("serving", metadata: ["address": "\(configuration.host):\(port)", "map": "\(report.deployment.mapName)",
                                              "auth": "\(configuration.apiToken == nil ? "none" : "bearer token")"])
        }
        var services: [any Service] = [application, DashboardWarmer(dashboard: dashboard, interval: .seconds(6), logger: logger)]
        // The deadline last: the group stops services in reverse order, so it starts counting at once.
        if let stopDeadline { services.append(StopDeadlineService(stopDeadline)) }
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                                      logger: logger))
        try await group.run()
    }
}
