import PopStreamCore

/// The `--kind` option: a contract kind (`newborn-screening`) or its first word (`newborn`).
enum EventKindOption {
    static func parse(_ value: String) throws -> EventKind {
        if let kind = EventKind(rawValue: value) { return kind }
        if let kind = EventKind.allCases.first(where: { $0.rawValue.hasPrefix(value + "-") }) { return kind }
        let names = EventKind.allCases.map(\.rawValue).joined(separator: ", ")
        throw ConfigurationError("--kind \(value): unknown kind (expected one of \(names))")
    }
}
