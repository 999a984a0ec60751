import APIServer
import Foundation
import Reporting
import Testing
@testable import PopStreamCLI

/// `popstream serve`'s HTTP API, served in this process on a loopback port over a filled store.
@Suite("popstream serve: the HTTP API")
struct ServeAPITests {
    @Test("/api/v1/indicators answers the bytes `popstream report --format json` prints for the same filters",
          .timeLimit(.minutes(2)), arguments: ReportStoreKind.tested)
    func indicatorsEqualReportJSON(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let queries: [[String: String]] = [
                    [:], ["area": "011"], ["area": "01", "level": "commune", "period": "2025"],
                    ["indicator": "sex_ratio_at_birth", "period": "2025-Q1"], ["area": "02", "period": "2024"],
                ]
                for parameters in queries {
                    let sorted = parameters.sorted { $0.key < $1.key }
                    let answer = try await server.get("/api/v1/indicators" + (sorted.isEmpty ? "" : "?")
                                                      + sorted.map { "\($0.key)=\($0.value)" }.joined(separator: "&"))
                    #expect(answer.status == 200)
                    #expect(answer.contentType.hasPrefix("application/json"))
                    let report = try await Subprocess.run(try Subprocess.popstreamURL(), ["report", "--format", "json"] + fixture.sourceArguments
                                                          + sorted.flatMap { ["--" + $0.key, $0.value] })
                    #expect(report.status == 0, "\(report.stderr)")
                    #expect(answer.body + "\n" == report.stdout, "\(parameters)")
                    #expect(try #require(answer.json() as? [Any]).count > 0, "\(parameters)")
                }
                // An empty parameter is no filter.
                let unfiltered = try await server.get("/api/v1/indicators").body
                #expect(try await server.get("/api/v1/indicators?area=&period=").body == unfiltered)
            }
        }
    }

    @Test("a bad parameter, an unknown area or path: 4xx with a JSON error body", .timeLimit(.minutes(3)))
    func errorsAreJSON() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let cases: [(String, Int, String, String)] = [
                    ("/api/v1/indicators?area=99", 404, "not_found", "area 99: unknown area"),
                    ("/api/v1/indicators?period=2025-13", 400, "invalid_parameter", "period 2025-13: not a period"),
                    ("/api/v1/indicators?indicator=births", 400, "invalid_parameter", "indicator births: unknown indicator"),
                    ("/api/v1/indicators?level=ward", 404, "not_found", "level ward: unknown level"),
                    ("/api/v1/indicators?areas=01", 400, "invalid_parameter", "unknown parameter areas"),
                    ("/api/v1/alerts?status=open", 400, "invalid_parameter", "status open: use firing or resolved"),
                    ("/api/v1/areas/99", 404, "not_found", "area 99: unknown area"),
                    ("/api/v1/nothing", 404, "not_found", "no route for GET /api/v1/nothing"),
                ]
                for (path, status, code, detail) in cases {
                    let answer = try await server.get(path)
                    #expect(answer.status == status, "\(path)")
                    #expect(answer.contentType.hasPrefix("application/json"), "\(path)")
                    let body = try answer.object()
                    #expect(Set(body.keys) == ["error", "detail"], "\(path)")
                    #expect(body["error"] as? String == code, "\(path)")
                    #expect((body["detail"] as? String)?.hasPrefix(detail) == true, "\(path): \(answer.body)")
                }
            }
        }
    }

    @Test("with a token, /api/ needs Authorization: Bearer TOKEN (401 JSON otherwise); the operations paths stay open",
          .timeLimit(.minutes(3)))
    func bearerToken() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture, token: "s3cret-Token") { server in
                for header in [String?.none, "Bearer wrong", "Bearer s3cret-Toke", "Bearer s3cret-Token2", "s3cret-Token", "Basic s3cret-Token",
                               "Bearer ", "Bearer s3cret-token"] {
                    for path in ["/api/v1/indicators", "/api/v1/alerts", "/api/v1/areas/VN", "/api/v1/nothing"] {
                        let answer = try await server.get(path, authorization: .some(header))
                        #expect(answer.status == 401, "\(path) with \(header ?? "no header")")
                        #expect(try answer.object()["error"] as? String == "unauthorized")
                        #expect(answer.headers.contains { $0.0.lowercased() == "www-authenticate" && $0.1.hasPrefix("Bearer") })
                    }
                }
                for header in ["Bearer s3cret-Token", "bearer s3cret-Token", "BEARER s3cret-Token"] {
                    #expect(try await server.get("/api/v1/indicators", authorization: .some(header)).status == 200, "\(header)")
                }
                for path in ["/", "/healthz", "/readyz", "/metrics"] {
                    #expect(try await server.get(path, authorization: .some(nil)).status == 200, "\(path)")
                }
            }
            try await APIServerHarness.with(fixture) { server in
                let open = try await server.get("/api/v1/indicators", authorization: .some(nil))
                #expect(open.status == 200, "no token configured: open")
            }
        }
    }

    @Test("/api/v1/alerts: the last alert message of each id, firing or resolved", .timeLimit(.minutes(3)),
          arguments: ReportStoreKind.tested)
    func alerts(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let firing = try await server.get("/api/v1/alerts?status=firing")
                #expect(firing.status == 200 && firing.contentType.hasPrefix("application/json"))
                let messages = try #require(try firing.json() as? [[String: Any]])
                let ids = messages.compactMap { $0["alertId"] as? String }
                let expected = ["011", "01101"].flatMap { area in
                    ["2025", "2025-03", "2025-Q1"].map { "newborn_screening_coverage|\(area)|\($0)" }
                }
                #expect(ids == expected.sorted())
                for message in messages {
                    #expect(message["status"] as? String == "firing" && message["severity"] as? String == "warning")
                    #expect(message["sequence"] as? Int == 1)
                    #expect((message["area"] as? [String: Any])?["code"] as? String != nil)
                    #expect((message["target"] as? [String: Any])?["value"] as? Double == 80)
                    #expect(message["subjectId"] == nil)
                }
                #expect(try await server.get("/api/v1/alerts").body == firing.body, "no resolved alert yet")
                #expect(try await server.get("/api/v1/alerts?status=resolved").body == "[]")
            }
        }
    }

    @Test("/api/v1/areas/{code}: the area, its parent and its children", .timeLimit(.minutes(3)))
    func areas() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let district = try await server.get("/api/v1/areas/011")
                #expect(district.status == 200)
                #expect(district.body == #"{"children":[{"code":"01101","level":"commune","name":"Xã A"},{"code":"01102","level":"commune","name":"Xã B"}],"code":"011","level":"district","name":"Huyện Một Một","parent":{"code":"01","level":"province","name":"Tỉnh Một"}}"#)
                let root = try await server.get("/api/v1/areas/VN").object()
                #expect(root["parent"] is NSNull)
                #expect((root["children"] as? [[String: Any]])?.compactMap { $0["code"] as? String } == ["01", "02"])
                let commune = try await server.get("/api/v1/areas/01201").object()
                #expect((commune["children"] as? [Any])?.isEmpty == true)
            }
        }
    }

    @Test("/healthz, /readyz (503 once the store is gone), /metrics counts requests by route, / links to the API",
          .timeLimit(.minutes(3)))
    func operations() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let metrics = APIMetrics()
            try await APIServerHarness.with(fixture, metrics: metrics) { server in
                #expect(try await server.get("/healthz").object()["status"] as? String == "alive")
                let ready = try await server.get("/readyz")
                #expect(ready.status == 200 && ready.body == #"{"status":"ready","store":true}"#)
                for path in ["/healthz", "/readyz", "/api/v1/indicators"] {
                    let head = try await server.get(path, method: .head)
                    #expect(head.status == 200 && head.body.isEmpty && head.contentType.hasPrefix("application/json"), "HEAD \(path)")
                }
                #expect(try await server.get("/healthz", method: .delete).status == 405)
                _ = try await server.get("/api/v1/areas/011")
                _ = try await server.get("/api/v1/areas/99")
                let exposition = try await server.get("/metrics")
                #expect(exposition.status == 200 && exposition.contentType.hasPrefix("text/plain"))
                #expect(exposition.body.contains(#"popstream_http_requests_total{method="GET",route="/api/v1/areas/{code}",status="200"} 1"#))
                #expect(exposition.body.contains(#"popstream_http_requests_total{method="GET",route="/api/v1/areas/{code}",status="404"} 1"#))
                #expect(exposition.body.contains("popstream_http_request_duration_seconds_bucket"))
                let home = try await server.get("/")
                #expect(home.status == 200 && home.contentType.hasPrefix("text/html"))
                #expect(home.body.contains("<h1>Việt Nam") && home.body.contains(#"href="/api/v1/indicators""#))

                await fixture.store.close()
                let gone = try await server.get("/readyz")
                #expect(gone.status == 503 && gone.body == #"{"status":"not_ready","store":false}"#)
                let failing = try await server.get("/api/v1/indicators")
                #expect(failing.status == 503)
                #expect(try failing.object()["error"] as? String == "store_unavailable")
            }
        }
    }

    @Test("the token comes from --api-token, else POPSTREAM_API_TOKEN; an empty one is refused", .timeLimit(.minutes(3)))
    func tokenResolution() throws {
        #expect(try ServeCommand.token(option: "a", environment: ["POPSTREAM_API_TOKEN": "b"]) == "a")
        #expect(try ServeCommand.token(option: nil, environment: ["POPSTREAM_API_TOKEN": "b"]) == "b")
        #expect(try ServeCommand.token(option: nil, environment: [:]) == nil)
        #expect(throws: (any Error).self) { try ServeCommand.token(option: "", environment: [:]) }
        #expect(throws: (any Error).self) { try ServeCommand.token(option: nil, environment: ["POPSTREAM_API_TOKEN": ""]) }
    }

    @Test("a --port already in use exits 2 at once, with one line naming it", .timeLimit(.minutes(3)))
    func portInUse() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let port = try #require(server.base.split(separator: ":").last.map(String.init))
                let output = try await Subprocess.run(try Subprocess.popstreamURL(),
                                                      ["serve", "--host", "127.0.0.1", "--port", port] + fixture.sourceArguments)
                #expect(output.status == 2, "\(output.stderr)")
                #expect(output.stderr.split(separator: "\n").count == 1, "\(output.stderr)")
                #expect(output.stderr.contains("--port \(port)") && output.stderr.contains("already in use"), "\(output.stderr)")
            }
        }
    }
}
