import Foundation
import PopStreamCore

/// One registry from the `--areas` option (the simulator's; see ``AreaMapsOption`` for the others): a
/// bundled map's name (`two-level-2025-07`, `three-level-2025-03`), a CSV file path, or `bundled` (the
/// current two-level map).
public enum AreaRegistryOption {
    /// The registry named by `value`, or the default (current two-level map) when `nil`.
    /// - Throws: `ConfigurationError` (exit 2) for an unreadable file or an invalid registry.
    public static func load(_ value: String?) throws -> AreaRegistry {
        guard let value, value != BundledAreas.mapSetName else { return BundledAreas.defaultRegistry }
        if let bundled = BundledAreas.registry(named: value) { return bundled }
        let bytes = try InputFile.read(value, what: "--areas")
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigurationError("--areas \(value): not UTF-8 text")
        }
        do {
            return try AreaRegistry(csv: text)
        } catch {
            throw ConfigurationError("--areas \(value): \(error) (bundled names: \(BundledAreas.names.joined(separator: ", ")))")
        }
    }
}
