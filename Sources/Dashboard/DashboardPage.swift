/// One answer of the dashboard: an HTTP status and an HTML document, or a redirect.
public struct DashboardPage: Sendable {
    /// 200, 303 (``location`` set), 400, 404 or 503.
    public let status: Int
    /// The HTML document (UTF-8), complete; empty for a redirect.
    public let html: String
    /// Where a 303 sends the browser (a path on this server).
    public let location: String?

    /// A page with `status` and `html`, or a redirect to `location`.
    public init(status: Int, html: String, location: String? = nil) {
        self.status = status
        self.html = html
        self.location = location
    }
}
