import PopStreamCore

/// The value range a chart draws, in the indicator's unit, and where a value falls on it.
struct ValueScale: Sendable {
    let lower: Double
    let upper: Double

    /// The range of one indicator's bar: 0–100 for percentages; for the sex ratio at birth, 90–130 widened to
    /// hold the value, its interval and the target (a ratio is read around 105, not from 0); for counts, 0 to a
    /// round number above the count and the target.
    static func bar(_ row: IndicatorRow) -> ValueScale {
        let values = [row.value, row.lower, row.upper, row.target?.value].compactMap { $0 }
        switch row.unit {
        case .percent: return ValueScale(lower: 0, upper: 100)
        case .boysPer100Girls:
            return ValueScale(lower: roundDown(min(90, values.min() ?? 90), to: 10), upper: roundUp(max(130, values.max() ?? 130), to: 10))
        case .count: return ValueScale(lower: 0, upper: niceCeiling((values.max() ?? 0) * 1.2))
        }
    }

    /// The range of a monthly trend: the values, intervals and target with some room, to the nearest 10 (0–100 at
    /// most for percentages); counts from 0.
    static func trend(_ rows: [IndicatorRow], target: Double?, unit: IndicatorUnit) -> ValueScale {
        let values = rows.flatMap { [$0.value, $0.lower, $0.upper] }.compactMap { $0 } + [target].compactMap { $0 }
        guard let low = values.min(), let high = values.max() else { return ValueScale(lower: 0, upper: 100) }
        switch unit {
        case .percent: return ValueScale(lower: max(0, roundDown(low - 5, to: 10)), upper: min(100, roundUp(high + 5, to: 10)))
        case .boysPer100Girls: return ValueScale(lower: max(0, roundDown(low - 5, to: 10)), upper: roundUp(high + 5, to: 10))
        case .count: return ValueScale(lower: 0, upper: niceCeiling(high * 1.2))
        }
    }

    /// Where `value` falls between `start` and `end` (clamped to the range).
    func position(_ value: Double, from start: Double, to end: Double) -> Double {
        guard upper > lower else { return start }
        let fraction = min(1, max(0, (value - lower) / (upper - lower)))
        return start + fraction * (end - start)
    }

    /// The lower end, the middle and the upper end.
    var ticks: [Double] { [lower, (lower + upper) / 2, upper] }

    private static func roundDown(_ value: Double, to step: Double) -> Double { (value / step).rounded(.down) * step }

    private static func roundUp(_ value: Double, to step: Double) -> Double { (value / step).rounded(.up) * step }

    /// The smallest of 1, 2, 5 or 10 times a power of ten at or above `value` (at least 5).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 5, value.isFinite else { return 5 }
        var power = 1.0
        while power * 10 <= value { power *= 10 }
        for factor in [1.0, 2.0, 5.0, 10.0] where factor * power >= value { return factor * power }
        return 10 * power
    }
}

/// Coordinates as SVG attributes: one decimal, no trailing `.0`.
enum SVGNumber {
    static func text(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        return String(rounded)
    }
}
