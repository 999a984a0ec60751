import PopStreamCore
import Reporting

/// The pages that are not an area: an error (unknown area, bad parameter, store unavailable) and the
/// results of an area search. Each links back to the national page.
struct MessagePages: Sendable {
    let text: DashboardText
    let links: DashboardLinks
    let registry: AreaRegistry

    /// A page with a heading and one paragraph.
    func message(title: String, detail: String) -> String {
        let other: ReportLanguage = text.language == .vi ? .en : .vi
        let body = "<section><h2>" + HTMLText.escaped(title) + "</h2>\n<p>" + HTMLText.escaped(detail) + "</p>\n<p><a href=\""
            + HTMLText.escaped(home(text.language)) + "\">" + HTMLText.escaped(text.backHome) + "</a></p></section>\n"
        return PageLayout(text: text).document(title: title, controls: "", body: body, alternate: home(other), year: links.year)
    }

    /// The areas whose names matched `query`, each with its parent, linking to its page.
    func searchResults(_ query: String, areas: [Area]) -> String {
        let other: ReportLanguage = text.language == .vi ? .en : .vi
        var body = "<section><h2>" + HTMLText.escaped(text.searchResults + ": “" + query + "”") + "</h2>\n"
        if areas.isEmpty {
            body += "<p class=\"empty\">" + HTMLText.escaped(text.noMatch + " “" + query + "”.") + "</p>\n"
        } else {
            body += "<ul class=\"results\">\n"
            for area in areas {
                let parent = registry.parent(of: area.code).map { " · " + $0.name } ?? ""
                body += "<li><a href=\"" + HTMLText.escaped(links.area(area.code)) + "\">" + HTMLText.escaped(area.name) + "</a> "
                body += "<span class=\"code\">" + HTMLText.escaped(area.code) + "</span> <span class=\"level\">"
                body += HTMLText.escaped(text.level(area.level) + parent) + "</span></li>\n"
            }
            body += "</ul>\n"
        }
        body += "<p><a href=\"" + HTMLText.escaped(home(text.language)) + "\">" + HTMLText.escaped(text.backHome) + "</a></p></section>\n"
        return PageLayout(text: text).document(title: text.searchResults, controls: "", body: body, alternate: home(other), year: links.year)
    }

    private func home(_ language: ReportLanguage) -> String { "/" + links.query(year: links.year, language: language) }
}
