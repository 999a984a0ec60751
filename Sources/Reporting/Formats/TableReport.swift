import PopStreamCore

/// `--format table`: one block per indicator (its name and unit, then a row per area and period), columns
/// aligned across blocks, problems marked in the status column (`!!` breach, `!` at risk).
struct TableReport: Sendable {
    let labels: ReportLabels
    /// Names of the areas of the map read on (for the plan-area note).
    var registry: AreaRegistry?

    /// The table text, or one line saying there are no figures.
    func render(_ rows: [IndicatorRow]) -> String {
        guard !rows.isEmpty else { return labels.noFigures + "\n" }
        let header = [labels.area, labels.period, labels.value, labels.interval, labels.counts, labels.target, labels.status]
        let rightAligned: Set<Int> = [2, 4]
        let cells = rows.map { row in
            [row.areaName + " (" + row.area + ")", row.period.description,
             (row.exact ? "" : labels.approximateMark + " ") + labels.value(row.value, unit: row.unit),
             labels.interval(lower: row.lower, upper: row.upper), labels.counts(numerator: row.numerator, denominator: row.denominator),
             labels.target(row.target), labels.markedStatus(row.status)]
        }
        var widths = header.map(\.count)
        for line in cells {
            for (column, cell) in line.enumerated() { widths[column] = max(widths[column], cell.count) }
        }
        func format(_ line: [String]) -> String {
            var parts: [String] = []
            for (column, cell) in line.enumerated() {
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                if column == line.count - 1 {
                    parts.append(rightAligned.contains(column) ? padding + cell : cell)
                } else {
                    parts.append(rightAligned.contains(column) ? padding + cell : cell + padding)
                }
            }
            return "  " + parts.joined(separator: "  ")
        }
        var text = ""
        var current: IndicatorID?
        for (row, line) in zip(rows, cells) {
            if row.indicator != current {
                if current != nil { text += "\n" }
                current = row.indicator
                text += heading(row.indicator) + "\n"
                text += format(header) + "\n"
            }
            text += format(line) + "\n"
        }
        return text + ReportNotes(labels: labels, registry: registry).lines(for: rows).map { "\n" + $0 + "\n" }.joined()
    }

    /// The indicator's name and unit; the sex ratio's name already states its unit.
    private func heading(_ indicator: IndicatorID) -> String {
        indicator.measure == .ratio ? labels.name(indicator) : labels.name(indicator) + " (" + labels.unit(indicator.unit) + ")"
    }
}
