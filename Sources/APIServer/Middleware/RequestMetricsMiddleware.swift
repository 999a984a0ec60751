import Dispatch
import Hummingbird

/// Counts every request and records its duration in ``APIMetrics``, labelled by method, matched route and
/// status (errors included, as the JSON error middleware inside it has turned them into responses).
struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: APIMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await next(request, context)
        let elapsed = DispatchTime.now().uptimeNanoseconds &- start
        metrics.request(method: request.method.rawValue, route: context.endpointPath ?? "NotFound",
                        status: response.status.code, nanoseconds: Int64(clamping: elapsed))
        return response
    }
}
