import Hummingbird
import Store

/// `/healthz` (the process answers), `/readyz` (the store answers in time) and `/metrics` (Prometheus text).
enum OperationsRoutes {
    static func add(to router: Router<BasicRequestContext>, store: any StateStore, metrics: APIMetrics, readinessTimeout: Duration) {
        router.get("/healthz") { _, _ in
            JSONResponse.encoded(["status": "alive"])
        }
        router.get("/readyz") { _, _ in
            let reachable = await StoreProbe.isReachable(store, timeout: readinessTimeout)
            return JSONResponse.encoded(Readiness(status: reachable ? "ready" : "not_ready", store: reachable),
                                        status: reachable ? .ok : .serviceUnavailable)
        }
        router.get("/metrics") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(bytes: metrics.render())))
        }
    }

    private struct Readiness: Encodable {
        let status: String
        let store: Bool
    }
}
