import APIServer
import AsyncHTTPClient
import Foundation
import Logging
import Reporting
import ServiceLifecycle
import Store
import Testing

/// Runs the API server in this process on a free loopback port, over a filled store, and speaks to it with
/// async-http-client.
struct APIServerHarness: Sendable {
    /// `http://127.0.0.1:<port>`.
    let base: String
    let token: String?

    struct Answer: Sendable {
        let status: Int
        let contentType: String
        let headers: [(String, String)]
        let body: String

        /// The body as a JSON value.
        func json() throws -> Any { try JSONSerialization.jsonObject(with: Data(body.utf8)) }

        /// The body as a JSON object.
        func object() throws -> [String: Any] { try #require(try json() as? [String: Any]) }
    }

    /// Starts a server over `fixture` (with `token` required on `/api/` when given), runs `body`, stops it.
    static func with(_ fixture: ReportStoreFixture, token: String? = nil, metrics: APIMetrics = APIMetrics(),
                     _ body: (APIServerHarness) async throws -> Void) async throws {
        try await with(report: fixture.report, store: fixture.store, token: token, metrics: metrics, body)
    }

    /// Runs a server over `report` and `store` for `body`.
    static func with(report: IndicatorReport, store: any StateStore, token: String? = nil, metrics: APIMetrics = APIMetrics(),
                     _ body: (APIServerHarness) async throws -> Void) async throws {
        let logger = Logger(label: "popstream.serve.test")
        let (ports, portSink) = AsyncStream<Int>.makeStream()
        let application = APIServer.application(
            configuration: APIServerConfiguration(host: "127.0.0.1", port: 0, apiToken: token, readinessTimeout: .seconds(2)),
            report: report, store: store, metrics: metrics, logger: logger) { port in portSink.yield(port) }
        let group = ServiceGroup(configuration: .init(services: [application], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(APIServerHarness(base: "http://127.0.0.1:\(port)", token: token))
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// The request methods the tests use.
    enum Method: Sendable { case get, head, delete }

    /// `GET path` (or another `method`) with `authorization` as the header (default: the harness's token as a
    /// bearer, if any).
    func get(_ path: String, method: Method = .get, authorization: String?? = nil) async throws -> Answer {
        var request = HTTPClientRequest(url: base + path)
        switch method {
        case .get: request.method = .GET
        case .head: request.method = .HEAD
        case .delete: request.method = .DELETE
        }
        let header = authorization ?? token.map { "Bearer " + $0 }
        if let header { request.headers.add(name: "Authorization", value: header) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(20))
        let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return Answer(status: Int(response.status.code), contentType: response.headers.first(name: "Content-Type") ?? "",
                      headers: response.headers.map { ($0.name, $0.value) }, body: String(decoding: body.readableBytesView, as: UTF8.self))
    }
}
