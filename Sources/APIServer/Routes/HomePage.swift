import Hummingbird

/// `GET /`: for now a small page saying the dashboard is coming, with links to the API.
enum HomePage {
    static func add(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: ResponseBody(byteBuffer: ByteBuffer(string: html)))
        }
    }

    static let html = """
    <!doctype html>
    <html lang="vi">
    <head><meta charset="utf-8"><title>PopStream</title></head>
    <body>
    <h1>PopStream</h1>
    <p>Bảng điều khiển sắp có. / The dashboard is coming.</p>
    <p>API (JSON, see docs/openapi.yaml):</p>
    <ul>
    <li><a href="/api/v1/indicators">/api/v1/indicators</a>?area=&amp;level=&amp;period=&amp;indicator=</li>
    <li><a href="/api/v1/alerts?status=firing">/api/v1/alerts?status=firing</a></li>
    <li>/api/v1/areas/{code}</li>
    <li><a href="/healthz">/healthz</a>, <a href="/readyz">/readyz</a>, <a href="/metrics">/metrics</a></li>
    </ul>
    </body>
    </html>

    """
}
