import Foundation
import PopStreamCore

/// `--format csv`: a header row, then one line per row with the JSON object's fields (the target split into
/// `targetComparator` and `targetValue`) and the indicator's name in the report's language after its id, then
/// `exact` (`true`, or `false` for a row that includes figures attributed across a split or merged area).
/// Numbers are unrounded, with a decimal point, as in JSON; an undefined value is an empty field. Lines end
/// with LF; fields are quoted as RFC 4180 says.
struct CSVReport: Sendable {
    let language: ReportLanguage

    static let header = ["indicator", "indicatorName", "area", "areaName", "level", "period", "numerator", "denominator",
                         "value", "lower", "upper", "unit", "targetComparator", "targetValue", "status", "exact"]

    func render(_ rows: [IndicatorRow]) -> String {
        var text = Self.header.joined(separator: ",") + "\n"
        for row in rows {
            let fields: [String] = [
                row.indicator.rawValue, row.indicator.name.text(language: language.rawValue), row.area, row.areaName, row.level,
                row.period.description, String(row.numerator), row.denominator.map { String($0) } ?? "",
                Self.number(row.value), Self.number(row.lower), Self.number(row.upper), row.unit.rawValue,
                row.target?.comparator.rawValue ?? "", Self.number(row.target?.value), row.status.rawValue,
                row.exact ? "true" : "false",
            ]
            text += fields.map(Self.quoted).joined(separator: ",") + "\n"
        }
        return text
    }

    /// The shortest text that reads back as the same double, as the JSON rows write it (`75.0`, `59.806038579231966`);
    /// empty for `nil`.
    static func number(_ value: Double?) -> String {
        value.map { String($0) } ?? ""
    }

    /// RFC 4180: a field holding a comma, a quote or a line break is quoted, its quotes doubled.
    static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
