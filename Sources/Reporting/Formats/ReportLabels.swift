import PopStreamCore

/// The words of human-readable reports (table, markdown, the dashboard) in one language.
public struct ReportLabels: Sendable {
    /// The language of every word.
    public let language: ReportLanguage

    /// The words of `language`.
    public init(_ language: ReportLanguage) { self.language = language }

    private func pick(_ vi: String, _ en: String) -> String { language == .vi ? vi : en }

    /// The word for "Area".
    public var area: String { pick("Địa bàn", "Area") }
    /// The word for "Period".
    public var period: String { pick("Kỳ", "Period") }
    /// The word for "Indicator".
    public var indicator: String { pick("Chỉ số", "Indicator") }
    /// The word for "Unit".
    public var unit: String { pick("Đơn vị", "Unit") }
    /// The word for "Value".
    public var value: String { pick("Giá trị", "Value") }
    /// The word for "95% CI".
    public var interval: String { pick("KTC 95%", "95% CI") }
    /// The word for "Num./Den." (numerator/denominator).
    public var counts: String { pick("Tử số/Mẫu số", "Num./Den.") }
    /// The word for "Baseline".
    public var baseline: String { pick("Cơ sở", "Baseline") }
    /// The word for "Target".
    public var target: String { pick("Chỉ tiêu", "Target") }
    /// The word for "Current value".
    public var current: String { pick("Hiện tại", "Current value") }
    /// The word for "Status".
    public var status: String { pick("Trạng thái", "Status") }
    /// The title of a report document.
    public var reportTitle: String { pick("Báo cáo chỉ số dân số", "Population indicators report") }
    /// The word for "every year with figures".
    public var everyYear: String { pick("các năm có số liệu", "every year with figures") }
    /// The sentence saying a query has no figures.
    public var noFigures: String { pick("Không có số liệu cho truy vấn này.", "No figures for this query.") }
    /// The mark of a value that includes figures attributed across a split or merged area.
    public var approximateMark: String { "≈" }
    /// The note explaining ``approximateMark``.
    public var approximateNote: String {
        pick("≈: số liệu gần đúng: có phần số liệu của đơn vị hành chính bị chia tách hoặc sáp nhập (1/7/2025) được phân bổ theo quy tắc (docs/areas.md).",
             "≈: approximate: includes figures of an area split or merged on 1 July 2025, attributed by rule (docs/areas.md).")
    }

    /// The note under a plan area that the map read on no longer has: the areas that now cover it.
    public func planAreaNote(name: String, spans: [String], names: [String: String]) -> String {
        let list = spans.map { (names[$0] ?? $0) + " (" + $0 + ")" }.joined(separator: ", ")
        return pick("\(name) là địa bàn của bản đồ hành chính trước đây, nay không còn; số liệu ghi trên bản đồ hiện hành được tính trên các địa bàn: \(list).",
                    "\(name) is an area of an earlier map that no longer exists; figures recorded on the current map are read on: \(list).")
    }

    /// The dash shown for a missing value.
    public var none: String { "—" }

    /// The indicator's name in this language.
    public func name(_ indicator: IndicatorID) -> String { indicator.name.text(language: language.rawValue) }

    /// The unit as a reader says it.
    public func unit(_ unit: IndicatorUnit) -> String {
        switch unit {
        case .percent: "%"
        case .boysPer100Girls: pick("bé trai/100 bé gái", "boys per 100 girls")
        case .count: pick("số cặp", "couples")
        }
    }

    /// The status in words.
    public func status(_ status: IndicatorStatus) -> String {
        switch status {
        case .ok: pick("Đạt", "OK")
        case .atRisk: pick("Có nguy cơ", "At risk")
        case .breach: pick("Không đạt", "Breach")
        case .insufficientData: pick("Chưa đủ dữ liệu", "Insufficient data")
        case .noTarget: pick("Chưa có chỉ tiêu", "No target")
        }
    }

    /// The status with a mark that draws the eye to what needs action: `!!` breach, `!` at risk.
    public func markedStatus(_ status: IndicatorStatus) -> String {
        let mark = switch status {
        case .breach: "!! "
        case .atRisk: "!  "
        case .ok, .insufficientData, .noTarget: "   "
        }
        return mark + self.status(status)
    }

    /// `≥ 70`, `< 110`, `≤ 17,03`; a dash when there is no target.
    public func target(_ target: EffectiveTarget?) -> String {
        guard let target else { return none }
        let symbol = switch target.comparator {
        case .atLeast: "≥"
        case .below: "<"
        case .atMost: "≤"
        }
        return symbol + " " + NumberText.trimmed(target.value, language: language)
    }

    /// A value with two decimals (an integer for counts); a dash when undefined.
    public func value(_ value: Double?, unit: IndicatorUnit) -> String {
        guard let value else { return none }
        return unit == .count ? NumberText.integer(value) : NumberText.fixed(value, language: language)
    }

    /// `58,34–64,37`; a dash when undefined (and for counts).
    public func interval(lower: Double?, upper: Double?) -> String {
        guard let lower, let upper else { return none }
        return NumberText.fixed(lower, language: language) + "–" + NumberText.fixed(upper, language: language)
    }

    /// `614/1000`, or the count alone.
    public func counts(numerator: Int64, denominator: Int64?) -> String {
        denominator.map { "\(numerator)/\($0)" } ?? String(numerator)
    }
}

extension ReportLabels {
    /// `10 (2017)`: a target's baseline value in the indicator's unit and its year; a dash when none.
    public func baseline(_ point: TargetPoint?) -> String {
        guard let point else { return none }
        return NumberText.trimmed(point.value, language: language) + " (" + String(point.year) + ")"
    }

    /// The period line of a document: `Kỳ: 2025` or the words for every year.
    public func periodLine(_ period: Period?) -> String {
        period.map { self.period + ": " + $0.description } ?? self.period + ": " + everyYear
    }

    /// At most two decimals, trailing zeros dropped, in this language's notation: `70`, `17,03` (vi), `17.03` (en).
    public func number(_ value: Double) -> String {
        NumberText.trimmed(value, language: language)
    }
}
