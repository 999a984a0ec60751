import Foundation
import Hummingbird
import Reporting

/// An error answer of the API: an HTTP status and the JSON body `{"error": code, "detail": text}`.
struct APIError: Error, HTTPResponseError, Sendable {
    /// The HTTP status.
    let status: HTTPResponse.Status
    /// A short, stable code: `invalid_parameter`, `not_found`, `unauthorized`, `store_unavailable`, `internal_error`.
    let code: String
    /// One line for a person.
    let detail: String
    /// Extra headers (`WWW-Authenticate` on 401).
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = JSONResponse.encoded(ErrorBody(error: code, detail: detail), status: status)
        response.headers.append(contentsOf: headers)
        return response
    }

    private struct ErrorBody: Encodable {
        let error: String
        let detail: String
    }

    /// 400: a query parameter names nothing or is malformed.
    static func invalidParameter(_ detail: String) -> APIError {
        APIError(status: .badRequest, code: "invalid_parameter", detail: detail)
    }

    /// 400 for a report filter.
    static func invalidParameter(_ error: ReportQueryError) -> APIError { invalidParameter(error.parameterMessage) }

    /// 404.
    static func notFound(_ detail: String) -> APIError { APIError(status: .notFound, code: "not_found", detail: detail) }

    /// 401 with a `WWW-Authenticate: Bearer` challenge.
    static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized", detail: "missing or wrong token: send Authorization: Bearer <token>",
        headers: [.wwwAuthenticate: #"Bearer realm="popstream""#])
}
