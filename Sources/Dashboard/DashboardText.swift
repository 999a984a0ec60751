import PopStreamCore
import Reporting

/// The words of the dashboard in one language (Vietnamese first, English with `?lang=en`); indicator names,
/// units, statuses and number formats come from ``ReportLabels``, so the page says what the reports say.
struct DashboardText: Sendable {
    /// The report words and number formats of this language.
    let labels: ReportLabels

    init(_ language: ReportLanguage) { labels = ReportLabels(language) }

    var language: ReportLanguage { labels.language }

    private func pick(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    var appTitle: String { pick("PopStream · Chỉ số dân số", "PopStream · Population indicators") }
    var indicators: String { pick("Chỉ số so với chỉ tiêu", "Indicators against their targets") }
    var trend: String { pick("Xu hướng theo tháng", "Monthly trend") }
    var children: String { pick("Địa bàn trực thuộc", "Areas below") }
    var alerts: String { pick("Cảnh báo đang bật", "Firing alerts") }
    var year: String { pick("Năm", "Year") }
    var show: String { pick("Xem", "Show") }
    var search: String { pick("Tìm địa bàn", "Find an area") }
    var searchPlaceholder: String { pick("Mã hoặc tên (vd. 01, Hà Nội)", "Code or name (e.g. 01, Hà Nội)") }
    var searchResults: String { pick("Kết quả tìm kiếm", "Search results") }
    var noMatch: String { pick("Không có địa bàn nào khớp với", "No area matches") }
    var month: String { pick("tháng", "month") }
    var legend: String { pick("Chú giải", "Legend") }
    var targetMarker: String { pick("vạch chỉ tiêu", "target marker") }
    var intervalWhisker: String { pick("khoảng tin cậy 95%", "95% confidence interval") }
    var noFiguresYear: String { pick("Chưa có số liệu của địa bàn này trong năm", "No figures for this area in") }
    var noMonthly: String { pick("Chưa có số liệu theo tháng trong năm này.", "No monthly figures this year.") }
    var noChildFigures: String { pick("chưa có số liệu", "no figures") }
    var noAlerts: String { pick("Không có cảnh báo nào đang bật ở địa bàn này và các địa bàn trực thuộc trong năm",
                                "No alert is firing for this area or the areas below it in") }
    var alertsScope: String { pick("Ở địa bàn này và các địa bàn trực thuộc, các kỳ của năm",
                                   "For this area and the areas below it, periods of") }
    var moreAlerts: String { pick("cảnh báo khác; xem /api/v1/alerts?status=firing", "more; see /api/v1/alerts?status=firing") }
    var since: String { pick("Từ", "Since") }
    var severity: String { pick("Mức độ", "Severity") }
    var critical: String { pick("Nghiêm trọng", "Critical") }
    var warning: String { pick("Cảnh báo", "Warning") }
    var countNote: String { pick("số đếm, không có khoảng tin cậy", "a count, no interval") }
    var noValue: String { pick("chưa xác định (mẫu số bằng 0)", "undefined (zero denominator)") }
    var notFoundTitle: String { pick("Không tìm thấy", "Not found") }
    var badRequestTitle: String { pick("Yêu cầu không hợp lệ", "Bad request") }
    var unavailableTitle: String { pick("Tạm thời không đọc được số liệu", "Figures cannot be read now") }
    var unavailableDetail: String { pick("Kho số liệu không trả lời. Vui lòng thử lại sau ít phút.",
                                         "The store does not answer. Please try again in a few minutes.") }
    var backHome: String { pick("Về trang toàn quốc", "Back to the national page") }
    var footer: String {
        pick("Số liệu tổng hợp từ sự kiện của các cơ sở y tế; trạng thái tính như trong báo cáo và cảnh báo. "
                + "Dữ liệu dạng JSON:",
             "Figures aggregated from the health facilities' events; statuses as in the reports and alerts. JSON data:")
    }
    var overview: String { pick("Các chỉ số của năm:", "This year's indicators:") }
    var statusSummary: String { pick("Tóm tắt trạng thái", "Statuses") }
    var otherLanguage: String { pick("English", "Tiếng Việt") }

    /// The sentence of the 404 page for an unknown area code.
    func unknownArea(_ code: String) -> String { pick("Không có địa bàn mã \(code) trong danh mục địa bàn.",
                                                      "There is no area with code \(code) in the area registry.") }

    /// A level name of the registry as a reader says it; an unknown level as written in the registry.
    func level(_ name: String) -> String {
        switch name {
        case "national": pick("Toàn quốc", "National")
        case "province": pick("Tỉnh/thành phố", "Province")
        case "district": pick("Quận/huyện", "District")
        case "commune": pick("Xã/phường", "Commune")
        default: name
        }
    }

    /// The severity of a firing alert.
    func severity(_ value: String?) -> String { value == "critical" ? critical : warning }

    /// `Tháng 3/2026`, `Quý 1/2026`, `2026`.
    func period(_ period: Period) -> String {
        switch period.granularity {
        case .year: String(period.year)
        case .quarter: pick("Quý", "Q") + (language == .vi ? " " : "") + "\(period.index)/\(period.year)"
        case .month: pick("Tháng \(period.index)/\(period.year)", "\(period.year)-" + (period.index < 10 ? "0" : "") + "\(period.index)")
        }
    }
}
