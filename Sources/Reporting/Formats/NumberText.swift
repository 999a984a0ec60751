/// Numbers as human-readable reports show them: rounded, with the language's decimal separator
/// (a comma in Vietnamese). Machine formats (JSON, CSV) keep unrounded values instead.
enum NumberText {
    /// Two decimals: `61,40` (vi), `61.40` (en).
    static func fixed(_ value: Double, language: ReportLanguage) -> String {
        localized(decimals(value, places: 2, trimmed: false), language)
    }

    /// At most two decimals, trailing zeros dropped: `70`, `17,03`, `0,31`.
    static func trimmed(_ value: Double, language: ReportLanguage) -> String {
        localized(decimals(value, places: 2, trimmed: true), language)
    }

    /// A whole number: `6`.
    static func integer(_ value: Double) -> String {
        decimals(value, places: 0, trimmed: true)
    }

    private static func localized(_ text: String, _ language: ReportLanguage) -> String {
        language == .vi ? String(text.map { $0 == "." ? "," : $0 }) : text
    }

    /// `value` rounded half away from zero to `places` decimals, without exponent notation.
    private static func decimals(_ value: Double, places: Int, trimmed: Bool) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return String(value) }
        var scale: Int64 = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = Int64((abs(value) * Double(scale)).rounded(.toNearestOrAwayFromZero))
        let negative = value < 0 && scaled > 0
        var fraction = places == 0 ? "" : String(scaled % scale)
        while fraction.count < places { fraction = "0" + fraction }
        if trimmed { while fraction.hasSuffix("0") { fraction.removeLast() } }
        let body = String(scaled / scale) + (fraction.isEmpty ? "" : "." + fraction)
        return negative ? "-" + body : body
    }
}
