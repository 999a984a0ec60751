import Dashboard
import Foundation
import Reporting
import Store
import Testing

/// What `serve`'s warmer does for the dashboard: the root's figures of the current year and the snapshot of
/// firing alerts (read without messages) are in memory before anyone asks, and a page lists its alerts with
/// their values all the same.
@Suite("Dashboard: warm-up")
struct DashboardWarmTests {
    @Test("after warm(), the national page reads no leaf rows and no alert snapshot; its alerts keep their values",
          .timeLimit(.minutes(3)))
    func warmedNationalPage() async throws {
        try await ReportStoreFixture.with(.sqlite) { fixture in
            let store = CountingStore(fixture.store)
            // Fresh for a minute: on a loaded machine the page may come more than the default 2 s after warm(), and a
            // background refresh of the stale entry would then count as a read.
            let dashboard = Dashboard(store: store, deployment: fixture.deployment, freshFor: .seconds(60), currentYear: { 2025 })

            try await dashboard.warm()
            #expect(store.count("leafCounters") >= 1, "warm() reads the root's year")
            #expect(store.count("allAlertStates") == 1, "and the firing alerts, without messages")
            #expect(store.count("allAlertStates+messages") == 0)

            store.reset()
            let page = try await dashboard.home(parameters: [:])
            #expect(page.status == 200)
            #expect(page.html.contains("<h1>Việt Nam <span class=\"code\">VN</span></h1>"))
            #expect(store.count("leafCounters") == 0, "the figures came from memory")
            #expect(store.count("allAlertStates") + store.count("allAlertStates+messages") == 0, "so did the alert snapshot")
            #expect(store.count("alertStates") == 1, "the messages of the listed alerts, read by id")
            let row = try #require(DashboardHTML.alertRow(page.html, "newborn_screening_coverage|011|2025"))
            // District 011 screened 75 % of its 2025 births against a target of 80: read from the alert's last message.
            #expect(row.contains("<td class=\"num\">75,00</td><td>≥ 80</td>"), "\(row)")

            // A page warm() did not read (another area, another year) reads its own figures.
            store.reset()
            #expect(try await dashboard.area("01", parameters: ["year": "2025"]).status == 200)
            #expect(store.count("leafCounters") >= 1)
        }
    }
}
