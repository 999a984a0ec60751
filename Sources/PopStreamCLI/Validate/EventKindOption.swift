import PopStreamCore

/// The `--kind` option: a contract kind (`newborn-screening`) or its first word (`newborn`).
public enum EventKindOption {
    /// The kind named by `value`.
    /// - Throws: `ConfigurationError` (exit 2) listing the kinds.
    public static func parse(_ value: String) throws -> EventKind {
        if let kind = EventKind(rawValue: value) { return kind }
        if let kind = EventKind.allCases.first(where: { $0.rawValue.hasPrefix(value + "-") }) { return kind }
        let names = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw ConfigurationError("--kind \(value): unknown kind (expected one of \(names))")
    }
}
