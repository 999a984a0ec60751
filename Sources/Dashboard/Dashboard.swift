import Foundation
import PopStreamCore
import Reporting
import Store

/// The dashboard of `popstream serve`: server-rendered HTML pages with inline SVG charts, one per area and
/// year (`/areas/{code}?year=2026&lang=en`), the root's page at `/`. No external asset and no script: the
/// pages work offline and in any browser.
///
/// A page reads only its area's year (``AreaYearReader``: one read of the area's leaf rows of that year) and
/// the store's firing alert states; both are shared by the pages for a short while (see
/// ``init(store:deployment:alertLimit:freshFor:usableFor:currentYear:)``). Every text from data is escaped.
///
/// Query parameters: `year` (`YYYY`; default: the current year in Vietnam), `lang` (`vi`, the default, or `en`;
/// anything else reads as `vi`), and on `/` only `area`: a code opens that area's page, other text searches the
/// area names. Other parameters are ignored.
public struct Dashboard: Sendable {
    /// Areas, targets and minimums.
    public let deployment: ReportDeployment
    private let store: any StateStore
    private let reader: AreaYearReader
    private let search: AreaSearch
    private let currentYear: @Sendable () -> Int
    /// The firing alert states, sorted, shared by every page.
    private let firingAlerts: RefreshingCache<Int, [FiringAlert]>
    /// Area years read lately, by area code and year.
    private let figures: RefreshingCache<AreaYearKey, AreaYearFigures>
    /// At most this many firing alerts are listed on a page (the rest are counted).
    private let alertLimit: Int

    /// A dashboard over `store`. `currentYear` is the default year (tests fix it).
    ///
    /// What pages read (an area's year of figures, the firing alert states) is shared by the pages for
    /// `freshFor`; up to `usableFor`, it is shown while a newer read runs in the background. With both `.zero`,
    /// every page reads the store.
    public init(store: any StateStore, deployment: ReportDeployment, alertLimit: Int = 50, freshFor: Duration = .seconds(2),
                usableFor: Duration = .seconds(10), currentYear: @escaping @Sendable () -> Int = Dashboard.vietnamYear) {
        self.firingAlerts = RefreshingCache(freshFor: freshFor, usableFor: usableFor, capacity: 1)
        self.figures = RefreshingCache(freshFor: freshFor, usableFor: usableFor, capacity: 64)
        self.store = store
        self.deployment = deployment
        self.reader = AreaYearReader(store: store, deployment: deployment)
        self.search = AreaSearch(registry: deployment.registry)
        self.currentYear = currentYear
        self.alertLimit = alertLimit
    }

    /// The current year in Vietnam (UTC+7), where the health centres read the figures.
    @Sendable public static func vietnamYear() -> Int {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600) ?? calendar.timeZone
        return calendar.component(.year, from: Date())
    }

    /// `GET /`: the root area's page; with `area`, that area's page (a 303 to it) or the areas whose names match.
    ///
    /// - Throws: ``StoreError`` (and ``UnknownAreaError``) when the store cannot be read: answer ``unavailable(parameters:)``.
    public func home(parameters: [String: String]) async throws -> DashboardPage {
        let (text, yearResult) = settings(parameters)
        guard case .success(let year) = yearResult else { return badYear(parameters["year"] ?? "", text: text) }
        let links = DashboardLinks(year: year, language: text.language)
        if let query = parameters["area"]?.trimmingCharacters(in: .whitespaces), !query.isEmpty {
            if let area = search.exact(query) { return DashboardPage(status: 303, html: "", location: links.area(area.code)) }
            let found = search.matches(query, limit: 50)
            if found.count == 1, let only = found.first { return DashboardPage(status: 303, html: "", location: links.area(only.code)) }
            return DashboardPage(status: 200, html: MessagePages(text: text, links: links, registry: deployment.registry)
                .searchResults(query, areas: found))
        }
        guard let root = deployment.registry.roots.first else {
            return DashboardPage(status: 404, html: MessagePages(text: text, links: links, registry: deployment.registry)
                .message(title: text.notFoundTitle, detail: text.unknownArea("")))
        }
        return try await page(root, year: year, text: text)
    }

    /// `GET /areas/{code}`: the area's page; a 404 page for an unknown code, a 400 page for a malformed year.
    ///
    /// - Throws: ``StoreError`` (and ``UnknownAreaError``) when the store cannot be read: answer ``unavailable(parameters:)``.
    public func area(_ code: String, parameters: [String: String]) async throws -> DashboardPage {
        let (text, yearResult) = settings(parameters)
        guard case .success(let year) = yearResult else { return badYear(parameters["year"] ?? "", text: text) }
        guard let area = deployment.registry.area(code) else {
            let links = DashboardLinks(year: year, language: text.language)
            return DashboardPage(status: 404, html: MessagePages(text: text, links: links, registry: deployment.registry)
                .message(title: text.notFoundTitle, detail: text.unknownArea(code)))
        }
        return try await page(area, year: year, text: text)
    }

    /// The 503 page for a store that cannot be read now.
    public func unavailable(parameters: [String: String]) -> DashboardPage {
        let text = DashboardText(Self.language(parameters))
        let links = DashboardLinks(year: currentYear(), language: text.language)
        return DashboardPage(status: 503, html: MessagePages(text: text, links: links, registry: deployment.registry)
            .message(title: text.unavailableTitle, detail: text.unavailableDetail))
    }

    private func page(_ area: Area, year: Int, text: DashboardText) async throws -> DashboardPage {
        async let figures = areaYear(area.code, year: year)
        let chosen = FiringAlert.selected(try await firingAlerts(below: area.code, year: year), within: area.code, year: year,
                                          registry: deployment.registry, limit: alertLimit)
        let unread = chosen.alerts.filter { $0.lastMessage == nil }.map(\.alertId)
        let messages = unread.isEmpty ? [:] : try await store.alertStates(ids: unread).compactMapValues(\.lastMessage)
        let alerts = (entries: AlertEntry.entries(chosen.alerts, messages: messages), more: chosen.more)
        let page = AreaPage(area: area, registry: deployment.registry, year: year, figures: try await figures, alerts: alerts)
        let now = currentYear()
        let years = Array((min(year, now - 4)...max(year, now)).reversed())
        let view = AreaPageView(text: text, links: DashboardLinks(year: year, language: text.language), registry: deployment.registry,
                                years: years)
        return DashboardPage(status: 200, html: view.html(page))
    }

    /// The firing alerts a page of `area` can list: for a small subtree (a commune, a district of a few
    /// communes), its own alert ids read by id; else every firing alert, read once for all pages.
    private func firingAlerts(below area: String, year: Int) async throws -> [FiringAlert] {
        if let areas = FiringAlert.subtree(of: area, registry: deployment.registry, limit: Self.alertIdAreaLimit) {
            let ids = FiringAlert.ids(areas: areas, year: year)
            return FiringAlert.sorted(Array(try await store.alertStates(ids: ids).values))
        }
        return try await firingAlertSnapshot()
    }

    /// The figures of `code` in `year`, read once for the pages that ask meanwhile (shared as the cache says).
    private func areaYear(_ code: String, year: Int) async throws -> AreaYearFigures {
        let reader = self.reader
        return try await figures.value(AreaYearKey(area: code, year: year)) { try await reader.read(area: code, year: year) }
    }

    /// Every firing alert, without messages, read once for all pages (shared as the cache says).
    private func firingAlertSnapshot() async throws -> [FiringAlert] {
        let store = self.store
        return try await firingAlerts.value(0) { FiringAlert.sorted(try await store.allAlertStates(onlyFiring: true, messages: false)) }
    }

    /// Reads what the costliest pages need before anyone asks: the root area's figures of the current year and
    /// the snapshot of firing alerts (every page above a few communes lists from it). Called every few seconds
    /// (``DashboardWarmer`` in `serve`), it keeps them young enough to be served at once: a first view of the
    /// national page or of a province's page then waits only for its own small read, if any.
    ///
    /// - Throws: ``StoreError`` when the store cannot be read.
    public func warm() async throws {
        guard let root = deployment.registry.roots.first else { return }
        async let figures = areaYear(root.code, year: currentYear())
        _ = try await firingAlertSnapshot()
        _ = try await figures
    }

    /// Up to this many areas (238 alert ids each), a page reads its alert states by id.
    static let alertIdAreaLimit = 8

    private func settings(_ parameters: [String: String]) -> (DashboardText, Result<Int, YearError>) {
        let text = DashboardText(Self.language(parameters))
        guard let given = parameters["year"], !given.isEmpty else { return (text, .success(currentYear())) }
        guard given.count == 4, let year = Int(given), (1900...2999).contains(year) else { return (text, .failure(YearError())) }
        return (text, .success(year))
    }

    private struct YearError: Error {}

    private func badYear(_ given: String, text: DashboardText) -> DashboardPage {
        let links = DashboardLinks(year: currentYear(), language: text.language)
        let detail = text.language == .vi ? "year=\(given): năm phải có dạng YYYY, ví dụ 2026." : "year=\(given): a year is YYYY, e.g. 2026."
        return DashboardPage(status: 400, html: MessagePages(text: text, links: links, registry: deployment.registry)
            .message(title: text.badRequestTitle, detail: detail))
    }

    private static func language(_ parameters: [String: String]) -> ReportLanguage {
        parameters["lang"] == "en" ? .en : .vi
    }
}

/// The key of an area's year of figures.
struct AreaYearKey: Hashable, Sendable {
    let area: String
    let year: Int
}
