import PopStreamCore
import Reporting

/// Badges counting rows at each status, problems first (`2 Không đạt`, `1 Có nguy cơ`, `9 Đạt`, ...).
struct StatusBadges: Sendable {
    let text: DashboardText

    /// The badges of `rows`; `nil` when there are none.
    func html(_ rows: [IndicatorRow]) -> String? {
        guard !rows.isEmpty else { return nil }
        var html = ""
        for status in [IndicatorStatus.breach, .atRisk, .ok, .insufficientData, .noTarget] {
            let count = rows.filter { $0.status == status }.count
            guard count > 0 else { continue }
            html += "<span class=\"badge status-" + status.rawValue + "\">" + String(count) + " "
                + HTMLText.escaped(text.labels.status(status)) + "</span> "
        }
        return html
    }
}
