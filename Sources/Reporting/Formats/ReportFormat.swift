import PopStreamCore

/// The output formats of `popstream report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    /// Aligned columns for a terminal, statuses marked, labels in the report's language.
    case table
    /// Comma-separated values with a header row; numbers unrounded, as in JSON.
    case csv
    /// An array of the interfaces spec's row objects (what `GET /api/v1/indicators` answers).
    case json
    /// A report document in the plans' shape: per area and period, each indicator's unit, baseline,
    /// target, current value and status.
    case markdown
}

/// The language of labels, indicator names and decimal separators in `table`, `csv` and `markdown`.
public enum ReportLanguage: String, CaseIterable, Sendable {
    /// Vietnamese (default): Vietnamese labels and names, decimal comma.
    case vi
    /// English: English labels and names, decimal point.
    case en
}

/// Renders report rows in a format and a language.
public struct ReportRenderer: Sendable {
    /// Where names, levels and baselines come from.
    public let deployment: ReportDeployment
    /// The language of labels.
    public let language: ReportLanguage

    /// A renderer for `deployment`'s rows in `language`.
    public init(deployment: ReportDeployment, language: ReportLanguage) {
        self.deployment = deployment
        self.language = language
    }

    /// The text of `rows` (the report of `query`) in `format`, ending with a newline.
    public func render(_ rows: [IndicatorRow], query: ReportQuery, format: ReportFormat) -> String {
        switch format {
        case .table: TableReport(labels: ReportLabels(language), registry: deployment.registry).render(rows)
        case .csv: CSVReport(language: language).render(rows)
        case .json: ReportJSON.text(rows) + "\n"
        case .markdown: MarkdownReport(deployment: deployment, labels: ReportLabels(language)).render(rows, query: query)
        }
    }
}
