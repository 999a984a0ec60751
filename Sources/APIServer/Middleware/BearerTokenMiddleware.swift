import Hummingbird

/// Requires `Authorization: Bearer <token>` on every path under `/api/` (known or not); compares the token in
/// constant time and answers 401 with a JSON body otherwise. Other paths (`/`, `/healthz`, `/readyz`,
/// `/metrics`) pass.
struct BearerTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The expected token's bytes.
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/api/") || request.uri.path == "/api" else { return try await next(request, context) }
        guard let header = request.headers[.authorization], Self.presented(header).map({ ConstantTimeComparison.equal($0, token) }) == true else {
            throw APIError.unauthorized
        }
        return try await next(request, context)
    }

    /// The token of a `Bearer` credential (scheme matched without regard to case), or `nil`.
    static func presented(_ header: String) -> [UInt8]? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count,
              zip(bytes, scheme).allSatisfy({ ($0 | 0x20) == $1 }) else { return nil }
        return Array(bytes[scheme.count...])
    }
}
