import Reporting

/// The dashboard's own URLs, carrying the year and the language from page to page. Relative to the server
/// (no scheme, no host), so the page never points outside it.
struct DashboardLinks: Sendable {
    let year: Int
    let language: ReportLanguage

    /// `/areas/01?year=2026` (and `&lang=en` in English).
    func area(_ code: String, year: Int? = nil, language: ReportLanguage? = nil) -> String {
        "/areas/" + HTMLText.urlComponent(code) + query(year: year ?? self.year, language: language ?? self.language)
    }

    /// `?year=2026`, with `&lang=en` for English (Vietnamese is the default and is not written).
    func query(year: Int, language: ReportLanguage) -> String {
        "?year=\(year)" + (language == .vi ? "" : "&lang=" + language.rawValue)
    }
}
