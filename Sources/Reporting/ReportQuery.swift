import Pipeline
import PopStreamCore

/// Which rows a report (or `GET /api/v1/indicators`) shows, checked against the area registry.
///
/// Defaults, chosen for a health centre compiling its figures:
/// - no area: the registry's root (`VN` in the bundled maps; the first root of a registry with several);
/// - no level: the area itself and its direct children (a district and its communes, a province and its
///   districts or communes); with a level: every area at that level within the area (the area itself when
///   it is at that level, so `--level` with the area's own level shows the area alone);
/// - no period: the yearly rows of every year with figures (quarters and months only when named);
/// - no indicator: every indicator with figures.
///
/// An area of another map that the map read on no longer has (an old district after the 2025 reform) is a
/// plan area: its own rows only, read over the areas that now cover it (``PlanArea``).
public struct ReportQuery: Hashable, Sendable {
    /// The area whose figures are shown (with its children, or its areas at ``level``).
    public let area: String
    /// Only areas at this level within ``area``; `nil`: the area and its direct children.
    public let level: String?
    /// Only this period; `nil`: every year (yearly rows only).
    public let period: Period?
    /// Only this indicator; `nil`: every indicator.
    public let indicator: IndicatorID?
    /// True when ``area`` is an area of another map, read as a plan area.
    public let isPlanArea: Bool

    private init(area: String, level: String?, period: Period?, indicator: IndicatorID?, isPlanArea: Bool = false) {
        self.area = area
        self.level = level
        self.period = period
        self.indicator = indicator
        self.isPlanArea = isPlanArea
    }

    /// The query the filter texts describe, on the map of `view`; an area that map does not have but
    /// another map of the view does is a plan area (no `level` then).
    ///
    /// - Throws: ``ReportQueryError`` as ``resolve(area:level:period:indicator:registry:)``, and for a level
    ///   asked of a plan area.
    public static func resolve(area: String?, level: String?, period: String?, indicator: String?,
                               view: MapView) throws(ReportQueryError) -> ReportQuery {
        guard let area, PlanArea(area, in: view) != nil else {
            return try resolve(area: area, level: level, period: period, indicator: indicator, registry: view.map.registry)
        }
        if let level {
            throw ReportQueryError(.level, level, "area \(area) is not on the map \(view.map.id) (it is a plan area of an "
                                   + "earlier map): read its levels with that map")
        }
        let plain = try resolve(area: nil, level: nil, period: period, indicator: indicator, registry: view.map.registry)
        return ReportQuery(area: area, level: nil, period: plain.period, indicator: plain.indicator, isPlanArea: true)
    }

    /// The query the filter texts describe (`nil`: the filter is absent), checked against `registry`.
    ///
    /// - Throws: ``ReportQueryError`` naming the filter: an unknown area, an unknown level or one with no area
    ///   within the area, a period that is not `YYYY`, `YYYY-Qn` or `YYYY-MM`, an unknown indicator.
    public static func resolve(area: String?, level: String?, period: String?, indicator: String?,
                               registry: AreaRegistry) throws(ReportQueryError) -> ReportQuery {
        let areaCode = try resolveArea(area, registry: registry)
        let levelName = try level.map { text throws(ReportQueryError) in
            try resolveLevel(text, within: areaCode, registry: registry)
        }
        let parsedPeriod = try period.map { text throws(ReportQueryError) in
            guard let parsed = Period(text) else {
                throw ReportQueryError(.period, text, "not a period (use YYYY, YYYY-Qn or YYYY-MM, e.g. 2025, 2025-Q1, 2025-03)")
            }
            return parsed
        }
        let indicatorID = try indicator.map { text throws(ReportQueryError) in
            guard let id = IndicatorID(rawValue: text) else {
                throw ReportQueryError(.indicator, text, "unknown indicator (one of \(IndicatorID.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return id
        }
        return ReportQuery(area: areaCode, level: levelName, period: parsedPeriod, indicator: indicatorID)
    }

    /// The counters to read: the area's subtree at ``level`` (all levels without one), the period, the indicator.
    public var counterQuery: CounterQuery {
        CounterQuery(area: area, level: level, period: period, indicator: indicator)
    }

    /// Whether a row read with ``counterQuery`` is in the report: without a level, only the area and its
    /// direct children; without a period, only yearly rows.
    public func includes(_ key: AggregateKey, registry: AreaRegistry) -> Bool {
        if period == nil, key.period.granularity != .year { return false }
        if isPlanArea { return key.area == area }
        if level == nil, key.area != area, registry.area(key.area)?.parentCode != area { return false }
        return true
    }

    private static func resolveArea(_ text: String?, registry: AreaRegistry) throws(ReportQueryError) -> String {
        guard let text else {
            guard let root = registry.roots.first else { throw ReportQueryError(.area, "", "the area registry has no root area") }
            return root.code
        }
        guard registry.contains(text) else { throw ReportQueryError(.area, text, "unknown area (not in the area registry)") }
        return text
    }

    private static func resolveLevel(_ text: String, within area: String, registry: AreaRegistry) throws(ReportQueryError) -> String {
        guard registry.levels.contains(text) else {
            throw ReportQueryError(.level, text, "unknown level (levels: \(registry.levels.joined(separator: ", ")))")
        }
        guard registry.areas.contains(where: { $0.level == text && registry.isSelfOrDescendant($0.code, of: area) }) else {
            throw ReportQueryError(.level, text, "no area at this level within area \(area)")
        }
        return text
    }
}
