import PopStreamCore

/// `--format markdown`: a report document in the shape the plans use. A title naming the area, then one
/// section per area and period (areas in registry order), each a table of the indicators with their unit,
/// the baseline of their target (from the targets file), the target in force, the current value (with its
/// 95% interval and counts) and the status.
struct MarkdownReport: Sendable {
    let deployment: ReportDeployment
    let labels: ReportLabels

    func render(_ rows: [IndicatorRow], query: ReportQuery) -> String {
        let registry = deployment.registry
        let titleName = rows.first { $0.area == query.area }?.areaName ?? registry.area(query.area)?.name ?? query.area
        var text = "# " + labels.reportTitle + ": " + titleName + " (" + query.area + ")\n\n" + labels.periodLine(query.period) + "\n"
        guard !rows.isEmpty else { return text + "\n_" + labels.noFigures + "_\n" }
        var position: [String: Int] = [:]
        for (index, area) in registry.areas.enumerated() { position[area.code] = index }
        var sections: [SectionKey: [IndicatorRow]] = [:]
        for row in rows { sections[SectionKey(area: row.area, period: row.period), default: []].append(row) }
        let ordered = sections.keys.sorted { lhs, rhs in
            let left = position[lhs.area] ?? Int.max, right = position[rhs.area] ?? Int.max
            return left != right ? left < right : lhs.period < rhs.period
        }
        let names = Dictionary(rows.map { ($0.area, $0.areaName) }, uniquingKeysWith: { first, _ in first })
        for key in ordered {
            text += "\n## " + (names[key.area] ?? key.area) + " (" + key.area + "), " + key.period.description + "\n\n"
            text += "| " + [labels.indicator, labels.unit, labels.baseline, labels.target, labels.current, labels.status]
                .joined(separator: " | ") + " |\n"
            text += "|---|---|---|---|---|---|\n"
            for row in sections[key] ?? [] {
                let cells = [labels.name(row.indicator), labels.unit(row.unit),
                             labels.baseline(deployment.baseline(of: row.indicator, in: row.area)),
                             labels.target(row.target), current(row), labels.status(row.status)]
                text += "| " + cells.map(Self.escaped).joined(separator: " | ") + " |\n"
            }
        }
        return text + ReportNotes(labels: labels, registry: registry).lines(for: rows).map { "\n_" + $0 + "_\n" }.joined()
    }

    private struct SectionKey: Hashable {
        let area: String
        let period: Period
    }

    /// `61,40 (58,34–64,37; 614/1000)`; a count alone; a dash and the counts when undefined.
    private func current(_ row: IndicatorRow) -> String {
        let counts = labels.counts(numerator: row.numerator, denominator: row.denominator)
        if row.unit == .count { return counts }
        let value = (row.exact ? "" : labels.approximateMark + " ") + labels.value(row.value, unit: row.unit)
        guard row.lower != nil else { return value + " (" + counts + ")" }
        return value + " (" + labels.interval(lower: row.lower, upper: row.upper) + "; " + counts + ")"
    }

    private static func escaped(_ cell: String) -> String {
        String(cell.flatMap { $0 == "|" ? ["\\", "|"] : [$0] })
    }
}
