/// A leaf counter row of the engine: one kind in one lowest-level area for one month (or one year,
/// for kinds counted yearly only). The store keeps only these rows; everything else is their sum.
public struct LeafKey: Hashable, Sendable, Comparable {
    /// The unit kind (its indicators share the row).
    public var kind: EventKind
    /// The lowest-level area code.
    public var area: String
    /// The anchor year.
    public var year: Int
    /// The anchor month 1...12, or `nil` for yearly-only units.
    public var month: Int?

    /// A leaf row key.
    public init(kind: EventKind, area: String, year: Int, month: Int?) {
        self.kind = kind
        self.area = area
        self.year = year
        self.month = month
    }

    /// `year * 100 + month`, or `year * 100` for a yearly row: the store's period number.
    public var periodNumber: Int32 { Int32(truncatingIfNeeded: year * 100 + (month ?? 0)) }

    /// The key with `periodNumber` read back, or `nil` when the number is not a year or a month.
    public init?(kind: EventKind, area: String, periodNumber: Int32) {
        let year = Int(periodNumber) / 100, month = Int(periodNumber) % 100
        guard (1...9999).contains(year), (0...12).contains(month) else { return nil }
        self.init(kind: kind, area: area, year: year, month: month == 0 ? nil : month)
    }

    /// The periods the row counts in: its year, quarter and month, or its year alone.
    public var periods: [Period] { Period.all(year: year, month: month) }

    /// Orders by period number, then kind and area.
    public static func < (lhs: LeafKey, rhs: LeafKey) -> Bool {
        (lhs.periodNumber, lhs.kind.code, lhs.area) < (rhs.periodNumber, rhs.kind.code, rhs.area)
    }
}

/// A contribution whose area the engine's registry does not have: typically a unit stored on a
/// registry that has since lost the area. Its figures cannot be placed, so nothing may be committed.
public struct UnknownAreaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The area code of the contribution.
    public let areaCode: String
    /// The contribution's kind.
    public let kind: EventKind

    /// The error for `areaCode`.
    public init(areaCode: String, kind: EventKind) {
        self.areaCode = areaCode
        self.kind = kind
    }

    /// One line naming the code.
    public var description: String {
        "a \(kind.rawValue) contribution is in area \(areaCode), which the area registry does not have"
    }
}
