import Dashboard
import Foundation
import Hummingbird
import Logging

/// `GET /` and `GET /areas/{code}`: the dashboard's HTML pages (``Dashboard``). Unlike `/api/*`, these answer
/// HTML, errors included (a 404 page for an unknown area, a 400 page for a bad year, a 503 page when the store
/// cannot be read), and need no token: a planner opens them in a browser, which cannot send a bearer header
/// (docs/reports.md, "Authentication").
enum DashboardRoutes {
    static func add(to router: Router<BasicRequestContext>, dashboard: Dashboard) {
        router.get("/") { request, context in
            let parameters = FormQuery.parameters(request.uri.query)
            return await answer(dashboard, parameters: parameters, logger: context.logger) {
                try await dashboard.home(parameters: parameters)
            }
        }
        router.get("/areas/{code}") { request, context in
            let parameters = FormQuery.parameters(request.uri.query)
            let code = context.parameters.get("code") ?? ""
            return await answer(dashboard, parameters: parameters, logger: context.logger) {
                try await dashboard.area(code, parameters: parameters)
            }
        }
    }

    /// The page `render` makes, or the 503 page when it throws (the store cannot be read; logged).
    private static func answer(_ dashboard: Dashboard, parameters: [String: String], logger: Logger,
                               _ render: () async throws -> DashboardPage) async -> Response {
        let page: DashboardPage
        do {
            page = try await render()
        } catch {
            logger.error("dashboard page failed: \(error)")
            page = dashboard.unavailable(parameters: parameters)
        }
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            // Defence in depth on top of escaping: no script, nothing loaded from elsewhere, forms only to this server.
            .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
                + "base-uri 'none'; frame-ancestors 'none'",
            .xContentTypeOptions: "nosniff",
        ]
        if let location = page.location { headers[.location] = location }
        return Response(status: HTTPResponse.Status(code: page.status), headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: page.html)))
    }
}

/// The parameters of an HTML form's query string (`application/x-www-form-urlencoded`): `+` is a space, then
/// percent-decoding. A name given twice keeps its first value; a malformed escape keeps the text as given.
enum FormQuery {
    static func parameters(_ query: String?) -> [String: String] {
        var result: [String: String] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decoded(parts[0])
            guard !name.isEmpty, result[name] == nil else { continue }
            result[name] = parts.count > 1 ? decoded(parts[1]) : ""
        }
        return result
    }

    private static func decoded(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
