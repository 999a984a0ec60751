/// A filter of a report: an option of `popstream report` (`--area`) and a query parameter of
/// `GET /api/v1/indicators` (`area`).
public enum ReportParameter: String, CaseIterable, Sendable {
    case area, level, period, indicator

    /// The command-line spelling, `--area`.
    public var optionName: String { "--" + rawValue }
}

/// A filter value that names nothing: an unknown area, level or indicator, or a malformed period.
public struct ReportQueryError: Error, Equatable, Sendable {
    /// The filter at fault.
    public let parameter: ReportParameter
    /// The value as given.
    public let value: String
    /// What is wrong with it, e.g. `unknown area (not in the area registry)`.
    public let problem: String

    /// An error about `value` of `parameter`.
    public init(_ parameter: ReportParameter, _ value: String, _ problem: String) {
        self.parameter = parameter
        self.value = value
        self.problem = problem
    }

    /// One line for the command line: `--area XYZ: unknown area ...`.
    public var commandLineMessage: String { "\(parameter.optionName) \(value): \(problem)" }

    /// One line for the HTTP API: `area XYZ: unknown area ...`.
    public var parameterMessage: String { "\(parameter.rawValue) \(value): \(problem)" }
}
