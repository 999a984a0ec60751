/// A reporting period: a year (`2025`), a quarter (`2025-Q1`) or a month (`2025-03`).
///
/// Periods come from a unit's anchor date (contract section 4). The value is three small integers,
/// so it hashes and compares cheaply on the hot path; `description` is the contract's text form.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The calendar year, 1...9999.
    public let year: Int
    /// Year, quarter or month.
    public let granularity: PeriodGranularity
    /// 0 for a year, 1...4 for a quarter, 1...12 for a month.
    public let index: Int

    /// The whole year `year`.
    public static func year(_ year: Int) -> Period { Period(unchecked: year, .year, 0) }

    /// Quarter `quarter` (1...4) of `year`, or `nil` when out of range.
    public static func quarter(_ year: Int, _ quarter: Int) -> Period? {
        guard (1...9999).contains(year), (1...4).contains(quarter) else { return nil }
        return Period(unchecked: year, .quarter, quarter)
    }

    /// Month `month` (1...12) of `year`, or `nil` when out of range.
    public static func month(_ year: Int, _ month: Int) -> Period? {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        return Period(unchecked: year, .month, month)
    }

    init(unchecked year: Int, _ granularity: PeriodGranularity, _ index: Int) {
        self.year = year
        self.granularity = granularity
        self.index = index
    }

    /// The year, quarter and month that contain `date`, in that order.
    public static func all(for date: LocalDate) -> [Period] {
        [Period(unchecked: date.year, .year, 0),
         Period(unchecked: date.year, .quarter, date.quarter),
         Period(unchecked: date.year, .month, date.month)]
    }

    /// The periods of a unit anchored on `date`; `yearlyOnly` (elderly person-years) gives the year alone.
    public static func all(year: Int, month: Int?) -> [Period] {
        guard let month, (1...12).contains(month) else { return [.year(year)] }
        return [Period(unchecked: year, .year, 0),
                Period(unchecked: year, .quarter, (month - 1) / 3 + 1),
                Period(unchecked: year, .month, month)]
    }

    /// Parses `YYYY`, `YYYY-Qn` or `YYYY-MM` exactly; `nil` for anything else.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard bytes.count >= 4, let year = number(0..<4), year >= 1 else { return nil }
        switch bytes.count {
        case 4:
            self = .year(year)
        case 7 where bytes[4] == UInt8(ascii: "-") && bytes[5] == UInt8(ascii: "Q"):
            guard let quarter = number(6..<7), let period = Period.quarter(year, quarter) else { return nil }
            self = period
        case 7 where bytes[4] == UInt8(ascii: "-"):
            guard let month = number(5..<7), let period = Period.month(year, month) else { return nil }
            self = period
        default:
            return nil
        }
    }

    /// `YYYY`, `YYYY-Qn` or `YYYY-MM`.
    public var description: String {
        var text = String(year)
        while text.utf8.count < 4 { text = "0" + text }
        switch granularity {
        case .year: return text
        case .quarter: return text + "-Q" + String(index)
        case .month: return text + (index < 10 ? "-0" : "-") + String(index)
        }
    }

    /// Chronological by start, then the longer period first (year, quarter, month).
    public static func < (lhs: Period, rhs: Period) -> Bool {
        (lhs.year, lhs.startMonth, lhs.granularity.rawValue) < (rhs.year, rhs.startMonth, rhs.granularity.rawValue)
    }

    /// First month of the period, 1...12.
    public var startMonth: Int {
        switch granularity {
        case .year: 1
        case .quarter: (index - 1) * 3 + 1
        case .month: index
        }
    }
}

/// The length of a period.
public enum PeriodGranularity: Int, CaseIterable, Hashable, Sendable, Codable {
    case year = 0, quarter = 1, month = 2
}

extension Period: Codable {
    /// Decodes the text form (`2025`, `2025-Q1`, `2025-03`).
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let period = Period(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a period: \(text)")
        }
        self = period
    }

    /// Encodes the text form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension Period {
    /// A dense integer for the period (`year * 32 + slot`, slot 0 year, 1...4 quarters, 5...16 months),
    /// used by the engine's packed keys.
    var packedCode: UInt32 {
        let slot: Int
        switch granularity {
        case .year: slot = 0
        case .quarter: slot = index
        case .month: slot = 4 + index
        }
        return UInt32(truncatingIfNeeded: year * 32 + slot)
    }

    /// The inverse of `packedCode`.
    init(packedCode: UInt32) {
        let year = Int(packedCode >> 5)
        let slot = Int(packedCode & 31)
        switch slot {
        case 0: self.init(unchecked: year, .year, 0)
        case 1...4: self.init(unchecked: year, .quarter, slot)
        default: self.init(unchecked: year, .month, slot - 4)
        }
    }
}
