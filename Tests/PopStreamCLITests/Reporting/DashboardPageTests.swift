import APIServer
import AsyncHTTPClient
import Foundation
import Testing

/// The dashboard served by `popstream serve` at `/` and `/areas/{code}`, over the report fixture's store
/// (figures of 2025 in ``ReportFixtures``).
@Suite("popstream serve: the dashboard pages")
struct DashboardPageTests {
    @Test("the national page: every indicator's bar with its status class, value and target marker; children; alerts",
          .timeLimit(.minutes(3)), arguments: ReportStoreKind.tested)
    func nationalPage(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let page = try await server.get("/?year=2025")
                #expect(page.status == 200)
                #expect(page.contentType.hasPrefix("text/html"))
                let html = page.body
                #expect(html.contains("<html lang=\"vi\">"))
                #expect(html.contains("<h1>Việt Nam <span class=\"code\">VN</span></h1>"))
                // Newborn screening in VN, 2025: 40 of 50 births, target >= 70 (VN's plan): ok.
                let screening = try #require(DashboardHTML.indicator(html, "newborn_screening_coverage"))
                #expect(screening.contains("data-status=\"ok\""))
                #expect(screening.contains("<rect class=\"bar status-ok\" data-value=\"80.0\""))
                #expect(screening.contains("class=\"target-marker\" data-target=\"70.0\""))
                #expect(screening.contains("class=\"whisker\""))
                #expect(screening.contains("80,00 %"), "Vietnamese decimal comma")
                #expect(screening.contains("Đạt"))
                // Sex ratio: 50 births, below the minimum of 200: insufficient data, still drawn with its target.
                let ratio = try #require(DashboardHTML.indicator(html, "sex_ratio_at_birth"))
                #expect(ratio.contains("<rect class=\"bar status-insufficient_data\""))
                #expect(ratio.contains("data-target=\"110.0\""))
                // Every bar carries one of the five status classes.
                for id in DashboardHTML.indicatorIDs(html) {
                    let block = try #require(DashboardHTML.indicator(html, id))
                    #expect(["ok", "at_risk", "breach", "insufficient_data", "no_target"].contains { block.contains("class=\"bar status-\($0)\"") },
                            "\(id)")
                }
                #expect(DashboardHTML.indicatorIDs(html).count >= 8)
                // The provinces below, linked with the year, and their statuses summarised.
                #expect(html.contains("<a href=\"/areas/01?year=2025\">Tỉnh Một</a>"))
                #expect(html.contains("<tr data-area=\"02\">"))
                // The monthly trend, and the alerts of the districts and communes below.
                #expect(html.contains("<figure class=\"trend-card\" data-indicator=\"newborn_screening_coverage\">"))
                #expect(html.contains("<svg class=\"trend\""))
                for id in ["newborn_screening_coverage|011|2025", "newborn_screening_coverage|01101|2025-03"] {
                    #expect(html.contains("data-alert=\"\(id)\""), "\(id)")
                }
                #expect(DashboardHTML.externalURLs(html).isEmpty, "\(DashboardHTML.externalURLs(html))")
            }
        }
    }

    @Test("a province page in English, and a district's at-risk bar against its own target", .timeLimit(.minutes(3)))
    func provinceInEnglish() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let page = try await server.get("/areas/01?year=2025&lang=en")
                #expect(page.status == 200)
                let html = page.body
                #expect(html.contains("<html lang=\"en\">"))
                #expect(html.contains("<a href=\"/areas/VN?year=2025&amp;lang=en\">Việt Nam</a> › "
                                      + "<span aria-current=\"page\">Tỉnh Một</span>"))
                let screening = try #require(DashboardHTML.indicator(html, "newborn_screening_coverage"))
                #expect(screening.contains("80.00 %"), "English decimal point")
                #expect(screening.contains(">OK</span>"))
                #expect(html.contains("Indicators against their targets"))
                #expect(html.contains("<a href=\"/areas/011?year=2025&amp;lang=en\">Huyện Một Một</a>"))
                // The link to the same page in Vietnamese.
                #expect(html.contains("href=\"/areas/01?year=2025\" hreflang=\"vi\""))

                let district = try await server.get("/areas/011?year=2025&lang=en").body
                let atRisk = try #require(DashboardHTML.indicator(district, "newborn_screening_coverage"))
                #expect(atRisk.contains("<rect class=\"bar status-at_risk\" data-value=\"75.0\""))
                #expect(atRisk.contains("data-target=\"80.0\""))
                #expect(atRisk.contains("At risk"))
                #expect(DashboardHTML.externalURLs(district).isEmpty)
            }
        }
    }

    @Test("commune pages: no children, a count drawn without an interval, the commune's own alerts", .timeLimit(.minutes(3)),
          arguments: ReportStoreKind.tested)
    func communePages(kind: ReportStoreKind) async throws {
        try await ReportStoreFixture.with(kind) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let commune = try await server.get("/areas/01101?year=2025")
                #expect(commune.status == 200)
                let html = commune.body
                #expect(html.contains("Xã A"))
                #expect(!html.contains("id=\"children\""))
                let screening = try #require(DashboardHTML.indicator(html, "newborn_screening_coverage"))
                #expect(screening.contains("<rect class=\"bar status-at_risk\" data-value=\"75.0\""))
                #expect(html.contains("data-alert=\"newborn_screening_coverage|01101|2025\""))
                #expect(!html.contains("data-alert=\"newborn_screening_coverage|011|2025\""), "the district's alert is above this page")

                let couples = try await server.get("/areas/01102?year=2025").body
                let count = try #require(DashboardHTML.indicator(couples, "child_marriage_count"))
                #expect(count.contains("<rect class=\"bar status-ok\" data-value=\"1.0\""))
                #expect(count.contains("data-target=\"5.0\""))
                #expect(!count.contains("whisker"), "a count has no interval")
                #expect(DashboardHTML.externalURLs(couples).isEmpty)

                // A year without figures still renders, and says so.
                let empty = try await server.get("/areas/01101?year=2023")
                #expect(empty.status == 200)
                #expect(empty.body.contains("Chưa có số liệu của địa bàn này trong năm 2023"))
            }
        }
    }

    @Test("an unknown area is a 404 HTML page, a bad year a 400 page, an unreadable store a 503 page; search by code and name",
          .timeLimit(.minutes(3)))
    func errorsAndSearch() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture) { server in
                let unknown = try await server.get("/areas/99?year=2025")
                #expect(unknown.status == 404)
                #expect(unknown.contentType.hasPrefix("text/html"))
                #expect(unknown.body.contains("99"))
                let hostile = try await server.get("/areas/%3Cscript%3Ealert(1)%3C%2Fscript%3E")
                #expect(hostile.status == 404)
                #expect(!hostile.body.contains("<script"))
                let badYear = try await server.get("/areas/01?year=20x5&lang=en")
                #expect(badYear.status == 400)
                #expect(badYear.contentType.hasPrefix("text/html"))
                #expect(badYear.body.contains("year=20x5"))

                let byCode = try await DashboardHTML.redirect(server.base + "/?area=01101&year=2025")
                #expect(byCode.status == 303)
                #expect(byCode.location == "/areas/01101?year=2025")
                let byName = try await DashboardHTML.redirect(server.base + "/?area=xa+a&year=2025&lang=en")
                #expect(byName.status == 303, "Xã A, without diacritics")
                #expect(byName.location == "/areas/01101?year=2025&lang=en")
                // Followed, the search lands on the area's page.
                #expect(try await server.get("/?area=01101&year=2025").body.contains("<h1>Xã A <span class=\"code\">01101</span></h1>"))
                let several = try await server.get("/?area=huy%E1%BB%87n&year=2025")
                #expect(several.status == 200)
                #expect(several.body.contains("<a href=\"/areas/011?year=2025\">Huyện Một Một</a>"))
                #expect(several.body.contains("<a href=\"/areas/021?year=2025\">Huyện Hai Một</a>"))

                // A store that cannot be read: a 503 HTML page, not a crash.
                await fixture.store.close()
                let down = try await server.get("/areas/02?year=2024&lang=en")
                #expect(down.status == 503)
                #expect(down.contentType.hasPrefix("text/html"))
                #expect(down.body.contains("Figures cannot be read now"))
            }
        }
    }

    @Test("the default page is Vietnamese; with --api-token the pages stay open while /api/ needs the token",
          .timeLimit(.minutes(3)))
    func defaultsAndToken() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            try await APIServerHarness.with(fixture, token: "page-token") { server in
                let home = try await server.get("/", authorization: .some(nil))
                #expect(home.status == 200)
                #expect(home.body.contains("<html lang=\"vi\">"))
                #expect(home.body.contains("Chỉ số so với chỉ tiêu"))
                #expect(home.headers.contains { $0.0.lowercased() == "content-security-policy" && $0.1.contains("default-src 'none'") })
                #expect(try await server.get("/areas/01?year=2025", authorization: .some(nil)).status == 200)
                #expect(try await server.get("/api/v1/areas/01", authorization: .some(nil)).status == 401)
                #expect(DashboardHTML.externalURLs(home.body).isEmpty)
            }
        }
    }
}

/// Pieces of a dashboard page, for the tests.
enum DashboardHTML {
    /// The status and `Location` of `GET url`, without following a redirect.
    static func redirect(_ url: String) async throws -> (status: Int, location: String?) {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let response = try await client.execute(HTTPClientRequest(url: url), timeout: .seconds(20))
            _ = try await response.body.collect(upTo: 16 * 1024 * 1024)
            try await client.shutdown()
            return (Int(response.status.code), response.headers.first(name: "Location"))
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The markup of one indicator's bar row (`<div class="ind ..." id="ind-ID"` up to the next row).
    static func indicator(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "id=\"ind-\(id)\"") else { return nil }
        let rest = html[start.lowerBound...]
        let end = rest.range(of: "<div class=\"ind ")?.lowerBound ?? rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
        return String(rest[..<end])
    }

    /// The `<tr>` of alert `id` in the page's alert table.
    static func alertRow(_ html: String, _ id: String) -> String? {
        guard let start = html.range(of: "<tr data-alert=\"\(id)\">") else { return nil }
        guard let end = html.range(of: "</tr>", range: start.upperBound..<html.endIndex) else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    /// The ids of the indicators drawn as bars, in page order.
    static func indicatorIDs(_ html: String) -> [String] {
        html.components(separatedBy: "id=\"ind-").dropFirst().compactMap { $0.split(separator: "\"").first.map(String.init) }
    }

    /// Every `http://` or `https://` URL in the page (the dashboard links only to its own paths).
    static func externalURLs(_ html: String) -> [String] {
        html.components(separatedBy: "http").dropFirst().filter { $0.hasPrefix("://") || $0.hasPrefix("s://") }
            .map { "http" + $0.prefix(40) }
    }
}
