import Foundation
import Hummingbird
import Logging

/// `/metrics`, `/healthz` and `/readyz` on `--metrics-port` (GET and HEAD), served with Hummingbird.
enum OperationsServer {
    /// The HTTP application (a service of the worker's group).
    static func application(port: Int, metrics: WorkerMetrics, health: WorkerHealth, logger: Logger) -> some ApplicationProtocol {
        // HEAD answers as GET does, without the body (load balancers and probes use it).
        let router = Router(options: .autoGenerateHeadEndpoints)
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
        router.get("/healthz") { _, _ in
            json(.ok, #"{"status":"alive"}"#)
        }
        router.get("/readyz") { _, _ in
            let snapshot = health.snapshot
            let body = #"{"status":"\#(snapshot.isReady ? "ready" : "not_ready")","store":\#(snapshot.storeReachable),"broker":\#(snapshot.brokerReachable),"consuming":\#(snapshot.consuming)}"#
            return json(snapshot.isReady ? .ok : .serviceUnavailable, body)
        }
        return Application(router: router, configuration: .init(address: .hostname("0.0.0.0", port: port), serverName: nil),
                           logger: logger)
    }

    private static func json(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "application/json"],
                 body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
