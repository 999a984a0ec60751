import Dashboard
import Foundation
import PopStreamCore
import Reporting
import Store
import Testing

/// Every text from data is escaped: an area registry whose names carry markup renders as text.
@Suite("Dashboard: escaping")
struct DashboardEscapingTests {
    static let hostile = "<script>alert(\"x\")</script> & 'Xã' <img src=x onerror=alert(1)>"

    @Test("a malicious area name is escaped in the title, the breadcrumb, the children and the search results",
          .timeLimit(.minutes(3)))
    func maliciousAreaName() async throws {
        let registry = try AreaRegistry(areas: [
            Area(code: "VN", name: "Việt Nam", level: "national", parentCode: nil),
            Area(code: "01", name: Self.hostile, level: "province", parentCode: "VN"),
            Area(code: "01001", name: "Xã \"Một\"", level: "commune", parentCode: "01"),
        ])
        let deployment = ReportDeployment(registry: registry, mapName: "hostile-map",
                                          targets: try TargetSet(json: #"{"plans": []}"#, registry: registry))
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("popstream-dashboard-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try await StateStoreFactory.open(url: "sqlite://" + folder.appendingPathComponent("store.sqlite").path)
        let dashboard = Dashboard(store: store, deployment: deployment, currentYear: { 2025 })
        let pages = [
            try await dashboard.home(parameters: [:]),
            try await dashboard.area("01", parameters: ["lang": "en"]),
            try await dashboard.area("01001", parameters: [:]),
            try await dashboard.home(parameters: ["area": "xa"]),
        ]
        await store.close()
        for page in pages {
            #expect(page.status == 200)
            #expect(!page.html.contains("<script"), "\(page.html)")
            #expect(!page.html.contains("<img"))
            #expect(page.html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Xã&#39; &lt;img src=x onerror=alert(1)&gt;"))
        }
        #expect(pages[2].html.contains("Xã &quot;Một&quot;"))
    }
}
