import PopStreamCore

/// The notes under a human-readable report: what the approximate mark means, when a row carries it, and
/// which areas now cover a plan area of an earlier map.
struct ReportNotes: Sendable {
    let labels: ReportLabels
    /// The registry of the map read on (names of the covering areas).
    let registry: AreaRegistry?

    /// The note lines for `rows` (none when every row is exact and none is a plan area).
    func lines(for rows: [IndicatorRow]) -> [String] {
        var lines: [String] = []
        if rows.contains(where: { !$0.exact }) { lines.append(labels.approximateNote) }
        if let plan = rows.first(where: { $0.spans != nil }), let spans = plan.spans {
            var names: [String: String] = [:]
            for code in spans { names[code] = registry?.area(code)?.name }
            lines.append(labels.planAreaNote(name: plan.areaName, spans: spans, names: names))
        }
        return lines
    }
}
