import Foundation
import PopStreamCore

/// The human texts of an alert, in Vietnamese and English: value, 95% interval, target, summary.
/// Numbers are rounded to one decimal (Vietnamese writes a decimal comma); counts have no decimals.
struct AlertSummary {
    let message: AlertMessage

    /// `61.4 %`, `108.2 boys per 100 girls`, `12` (count), `n/a` when undefined.
    var valueEN: String { quantity(message.value, english: true) }
    var valueVI: String { quantity(message.value, english: false) }

    /// `58.0–64.7 %`, or nil when the row has no interval (counts, undefined values).
    var intervalEN: String? { interval(english: true) }
    var intervalVI: String? { interval(english: false) }

    /// `>= 70.0 %`, or nil without a target.
    var targetEN: String? { target(english: true) }
    var targetVI: String? { target(english: false) }

    var summaryEN: String {
        var text = "\(message.indicatorName.en), \(message.area.name) (\(message.area.code)), \(message.period): \(valueEN)"
        if let intervalEN { text += " (95% CI \(intervalEN))" }
        if let targetEN { text += ", target \(targetEN)" }
        switch (message.status, message.severity) {
        case (.firing, .critical): text += ": off target"
        case (.firing, .warning): text += ": at risk of missing the target"
        case (.resolved, _): text += ": no longer at risk"
        }
        return text
    }

    var summaryVI: String {
        var text = "\(message.indicatorName.vi), \(message.area.name) (\(message.area.code)), \(message.period): \(valueVI)"
        if let intervalVI { text += " (khoảng tin cậy 95%: \(intervalVI))" }
        if let targetVI { text += ", mục tiêu \(targetVI)" }
        switch (message.status, message.severity) {
        case (.firing, .critical): text += ": không đạt mục tiêu"
        case (.firing, .warning): text += ": có nguy cơ không đạt mục tiêu"
        case (.resolved, _): text += ": hết cảnh báo"
        }
        return text
    }

    private func interval(english: Bool) -> String? {
        guard let lower = message.lower, let upper = message.upper else { return nil }
        return number(lower, english: english) + "–" + number(upper, english: english) + unitSuffix(english: english)
    }

    private func target(english: Bool) -> String? {
        guard let target = message.target else { return nil }
        let comparator = english ? target.comparator.rawValue : Self.vietnameseComparator(target.comparator)
        return comparator + " " + number(target.value, english: english) + unitSuffix(english: english)
    }

    private func quantity(_ value: Double?, english: Bool) -> String {
        guard let value else { return english ? "n/a" : "không xác định" }
        return number(value, english: english) + unitSuffix(english: english)
    }

    private func number(_ value: Double, english: Bool) -> String {
        let text = message.unit == .count ? String(format: "%.0f", value) : String(format: "%.1f", value)
        return english ? text : text.replacingOccurrences(of: ".", with: ",")
    }

    private func unitSuffix(english: Bool) -> String {
        switch message.unit {
        case .percent: " %"
        case .boysPer100Girls: english ? " boys per 100 girls" : " bé trai/100 bé gái"
        case .count: ""
        }
    }

    private static func vietnameseComparator(_ comparator: EffectiveComparator) -> String {
        switch comparator {
        case .atLeast: "≥"
        case .below: "<"
        case .atMost: "≤"
        }
    }
}
