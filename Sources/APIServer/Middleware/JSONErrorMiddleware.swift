import Hummingbird
import Logging
import Store

/// Renders every error as the API's JSON error body (``APIError``): the router's 404 (an unknown path, or a
/// method other than GET), a store that cannot be read (503), anything else (500, logged, no detail sent).
struct JSONErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            if error.status == .notFound, request.method != .get, request.method != .head, Self.servesGet(request.uri.path) {
                // A path the server has, asked with a method it does not answer: 405, saying which it does.
                var response = try APIError(status: .methodNotAllowed, code: "method_not_allowed",
                                            detail: "\(request.method) is not allowed on \(request.uri.path); use GET")
                    .response(from: request, context: context)
                response.headers[.allow] = "GET, HEAD"
                return response
            }
            let apiError = error.status == .notFound
                ? APIError.notFound("no route for \(request.method) \(request.uri.path)")
                : APIError(status: error.status, code: "http_error", detail: error.body ?? error.status.reasonPhrase)
            return try apiError.response(from: request, context: context)
        } catch let error as StoreError {
            context.logger.error("store read failed: \(error)")
            return try APIError(status: .serviceUnavailable, code: "store_unavailable", detail: "the store cannot be read now")
                .response(from: request, context: context)
        } catch {
            context.logger.error("request failed: \(error)")
            return try APIError(status: .internalServerError, code: "internal_error", detail: "internal error")
                .response(from: request, context: context)
        }
    }

    /// Paths the server answers with GET (every route is a GET).
    static func servesGet(_ path: String) -> Bool {
        ["/", "/healthz", "/readyz", "/metrics", "/api/v1/indicators", "/api/v1/alerts"].contains(path)
            || path.hasPrefix("/api/v1/areas/") || path.hasPrefix("/areas/")
    }
}
